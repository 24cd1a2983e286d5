import type { DataSource, QueryRunner } from 'typeorm';

// Expand/contract. While make deploy replaces the API one replica at a time, the version running
// before serves beside the new one, against the schema the new one migrated to. So a migration may
// add, never take away what that version still uses: a column is dropped or renamed only in a
// release after the one whose code stopped using it. The migrate job records which columns the
// version it deploys uses (table schema_in_use); the next one refuses migrations that remove any of them.

/** "table.column" for every column of the schema, as the migrations left it so far. */
export async function schemaColumns(queryRunner: QueryRunner, schema: string): Promise<Set<string>> {
  const rows = (await queryRunner.query(
    'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1',
    [schema],
  )) as { table_name: string; column_name: string }[];
  return new Set(rows.map((row) => `${row.table_name}.${row.column_name}`));
}

/** "table.column" for every column the entities of this version map. */
export function columnsUsedBy(dataSource: DataSource): string[] {
  return dataSource.entityMetadatas.flatMap((entity) =>
    entity.columns.map((column) => `${entity.tableName}.${column.databaseName}`),
  );
}

const recordTable = (queryRunner: QueryRunner, schema: string) =>
  `${queryRunner.connection.driver.escape(schema)}.schema_in_use`;

/** What the version deployed before uses; empty before the table exists (the first deploy). */
export async function recordedColumnsInUse(queryRunner: QueryRunner, schema: string): Promise<Set<string>> {
  const table = recordTable(queryRunner, schema);
  const [{ exists }] = (await queryRunner.query('SELECT to_regclass($1) IS NOT NULL AS exists', [table])) as {
    exists: boolean;
  }[];
  if (!exists) return new Set();
  const rows = (await queryRunner.query(`SELECT table_name, column_name FROM ${table}`)) as {
    table_name: string;
    column_name: string;
  }[];
  return new Set(rows.map((row) => `${row.table_name}.${row.column_name}`));
}

/** Replaces the record with the columns of the version being deployed. */
export async function recordColumnsInUse(queryRunner: QueryRunner, schema: string, columns: string[]): Promise<void> {
  const table = recordTable(queryRunner, schema);
  const pairs = columns.map((column) => column.split('.', 2));
  await queryRunner.query(`DELETE FROM ${table}`);
  await queryRunner.query(
    `INSERT INTO ${table} (table_name, column_name) SELECT * FROM unnest($1::text[], $2::text[])`,
    [pairs.map(([table]) => table), pairs.map(([, column]) => column)],
  );
}

export class ExpandContractError extends Error {
  override name = 'ExpandContractError';

  constructor(migrations: string[], removed: string[]) {
    super(
      `migration(s) ${migrations.join(', ')} drop or rename ${removed.join(', ')}, which the version ` +
        'deployed now still uses. Expand/contract: release the code that stops using it first, and drop ' +
        'or rename it in a later release. Nothing was applied.',
    );
  }
}
