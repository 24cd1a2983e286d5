// One-shot migration job: node dist/database/migrate.js, run with the schema owner's credentials
// before the API starts (make up, make deploy). Checks the connection budget, then applies the
// pending migrations. Exits 0 when the schema is up to date (re-running is a no-op), 1 otherwise.
import { loadConfigOrExit } from '../config/config';
import { checkConnectionBudget, readServerLimits } from './connection-budget';
import { runMigrations } from './run-migrations';

async function main(): Promise<void> {
  const { database, deployment } = loadConfigOrExit();
  console.log(
    `migrate: ${database.user}@${database.host}:${database.port}/${database.name}, schema ${database.schema}`,
  );
  console.log(`migrate: connection budget: ${checkConnectionBudget(deployment, await readServerLimits(database))}`);
  const applied = await runMigrations(database);
  console.log(
    applied.length === 0
      ? 'migrate: 0 migrations applied, schema is up to date'
      : `migrate: ${applied.length} migration(s) applied: ${applied.join(', ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(`migrate: failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
