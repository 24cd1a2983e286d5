import type { MigrationInterface, QueryRunner } from 'typeorm';

const SAMPLE_ITEMS = [
  ['Getting started', 'Your stack is up: the browser talks to the API, the API to PostgreSQL.'],
  ['Hardened by default', 'Read-only containers, no capabilities, least-privilege database roles.'],
];

export class CreateItems1795306020979 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const items = itemsTable(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${items} (
        id integer GENERATED ALWAYS AS IDENTITY CONSTRAINT "PK_items" PRIMARY KEY,
        name varchar(100) NOT NULL CONSTRAINT "UQ_items_name" UNIQUE,
        description varchar(1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`INSERT INTO ${items} (name, description) VALUES ($1, $2), ($3, $4)`, SAMPLE_ITEMS.flat());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${itemsTable(queryRunner)}`);
  }
}

// The schema is configuration (DB_SCHEMA), so the migration qualifies names with it.
function itemsTable(queryRunner: QueryRunner): string {
  const { driver } = queryRunner.connection;
  return `${driver.escape(driver.schema ?? 'public')}.${driver.escape('items')}`;
}
