import { Client } from 'pg';
import type { DatabaseConnection } from './test-database';

/** A plain node-postgres client logged in as the given role: for what a test does beside the app. */
export async function connectAs({ host, port, name, user, password }: DatabaseConnection): Promise<Client> {
  const client = new Client({ host, port, database: name, user, password });
  await client.connect();
  return client;
}

/** Every row of the items table: to show that a request changed nothing. */
export async function itemsTableSnapshot(connection: DatabaseConnection): Promise<unknown[]> {
  const client = await connectAs(connection);
  try {
    return (await client.query(`SELECT * FROM "${connection.schema}".items ORDER BY id`)).rows;
  } finally {
    await client.end();
  }
}
