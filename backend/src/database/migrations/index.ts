import { CreateItems1795306020979 } from './1795306020979-create-items';
import { CreateSchemaInUse1795520000000 } from './1795520000000-create-schema-in-use';

// Listed explicitly (not globbed) so the same list works from dist/ and from the TypeScript tests.
export const migrations = [CreateItems1795306020979, CreateSchemaInUse1795520000000];
