import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from 'pg';

// The very file the db image applies on first start, so tests run against production's grants.
const ROLES_SQL = resolve(__dirname, '../../../db/roles.sql');

export interface RolesVariables {
  db: string;
  schema: string;
  owner_role: string;
  owner_password: string;
  api_role: string;
  api_password: string;
}

/** Does psql's variable interpolation: :"name" becomes a quoted identifier, :'name' a quoted literal. */
export function interpolatePsqlVariables(sql: string, variables: Readonly<Record<string, string>>): string {
  return sql.replace(/:(["'])(\w+)\1/g, (reference, quote: string, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`roles.sql uses ${reference} but no value was given for it`);
    return quote + value.replaceAll(quote, quote + quote) + quote;
  });
}

/** Runs db/roles.sql as a superuser connected to the application database. */
export async function applyRoles(superuser: Client, variables: RolesVariables): Promise<void> {
  const sql = readFileSync(ROLES_SQL, 'utf8');
  await superuser.query(interpolatePsqlVariables(sql, { ...variables }));
}
