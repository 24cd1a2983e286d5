import { CreateItems1795306020979 } from './1795306020979-create-items';
import { ItemsNameSearchIndex1795521936208 } from './1795521936208-items-name-search-index';

// Listed explicitly (not globbed) so the same list works from dist/ and from the TypeScript tests.
export const migrations = [CreateItems1795306020979, ItemsNameSearchIndex1795521936208];
