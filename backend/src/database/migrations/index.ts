import { CreateItems1795306020979 } from './1795306020979-create-items';
import { CreateSchemaInUse1795520000000 } from './1795520000000-create-schema-in-use';
import { ItemsNameSearchIndex1795521936208 } from './1795521936208-items-name-search-index';
import { MigrationsTableOwnerOnly1795522064519 } from './1795522064519-migrations-table-owner-only';

// Listed explicitly (not globbed) so the same list works from dist/ and from the TypeScript tests.
export const migrations = [
  CreateItems1795306020979,
  CreateSchemaInUse1795520000000,
  ItemsNameSearchIndex1795521936208,
  MigrationsTableOwnerOnly1795522064519,
];
