import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compose } from '../src/docker';
import { eventually, get, psql, repoRoot } from '../src/stack';

// make backup and make restore when things go wrong: each failure must be reported (non-zero, a
// message) and change nothing. They run on the stack e2e/run.sh started, after 90-operations.

/** A script's outcome, failed or not (runScript throws on failure and keeps no status). */
function attempt(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(resolve(repoRoot, 'scripts', script), args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every row of the application's tables, as one checksum: equal means nothing changed. */
const contents = () =>
  psql(`SELECT md5(
    coalesce((SELECT string_agg(t::text, '|' ORDER BY t.id) FROM app.items t), '') || '/' ||
    coalesce((SELECT string_agg(m::text, '|' ORDER BY m.id) FROM app.migrations m), ''))`);
const appliedMigrations = () => Number(psql('SELECT count(*) FROM app.migrations'));
const apiStatus = async () => (await get('/api/status')).status;
const items = async () => (await get('/api/items?limit=100')).body;

let backupDir: string;
/** A fresh backup of the stack's database, by backup.sh as make backup runs it; returns its path. */
function backup(): string {
  const run = attempt('backup.sh', [], { BACKUP_DIR: mkdtempSync(join(backupDir, 'backup-')) });
  expect(run).toMatchObject({ status: 0, stderr: '' });
  return /backup: (\S+\.dump)/.exec(run.stdout)![1];
}
const insertMarker = (name: string) => psql(`INSERT INTO app.items (name) VALUES ('${name}')`);

beforeAll(() => {
  backupDir = mkdtempSync(join(tmpdir(), 'e2e-backup-restore-'));
});
afterAll(() => rmSync(backupDir, { recursive: true, force: true }));

describe('make backup keeps only an archive it has read back in full', () => {
  test('a dump cut short on its way to the file (the client saw no error) is deleted, with a non-zero exit', () => {
    const size = statSync(backup()).size;
    // A stand-in for the docker CLI that passes everything through, but loses the end of pg_dump's
    // output and still exits 0: what a full disk or a broken stream does to a dump.
    const fakeBin = mkdtempSync(join(tmpdir(), 'e2e-fake-docker-'));
    const realDocker = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(
      join(fakeBin, 'docker'),
      `#!/usr/bin/env bash\nif [[ "$*" == *pg_dump* ]]; then "${realDocker}" "$@" | head -c "$CUT_AT"; exit 0; fi\nexec "${realDocker}" "$@"\n`,
    );
    chmodSync(join(fakeBin, 'docker'), 0o755);
    const dir = mkdtempSync(join(backupDir, 'cut-'));
    try {
      // One byte short, and inside the table data (past the table of contents).
      for (const cut of [size - 1, Math.floor(size * 0.9)]) {
        const run = attempt('backup.sh', [], {
          BACKUP_DIR: dir,
          CUT_AT: String(cut),
          PATH: `${fakeBin}:${process.env.PATH}`,
        });
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain('backup: the archive does not read back in full');
        expect(run.stderr).toContain('nothing kept');
        expect(readdirSync(dir)).toEqual([]); // neither the archive nor its temporary file
      }
    } finally {
      rmSync(fakeBin, { recursive: true, force: true });
    }
  });
});

describe('make restore of an archive cut short fails and changes nothing, wherever the cut is', () => {
  test('28 cut points: in the header, the table of contents, the table data, one byte short', async () => {
    const file = backup();
    const archive = readFileSync(file);
    const size = archive.length;
    insertMarker(`after the backup ${Date.now()}`); // so a restore that went through would show
    const before = contents();
    const cuts = new Set([1, 3, 5, 8, 12, 20, 40, size - 64, size - 16, size - 5, size - 2, size - 1]);
    for (let i = 0; cuts.size < 28; i++) cuts.add(64 + Math.floor(((size - 128) * i) / 16));

    const cutFile = join(backupDir, 'cut.dump');
    let pastTheTableOfContents = 0;
    const messages: string[] = [];
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      writeFileSync(cutFile, archive.subarray(0, cut));
      // pg_restore --list reads the table of contents only: it passes a cut in the table data.
      const list = spawnSync('docker', ['compose', 'exec', '-T', 'db', 'pg_restore', '--list'], {
        input: archive.subarray(0, cut),
      });
      if (list.status === 0) pastTheTableOfContents++;
      const run = attempt('restore.sh', [cutFile], { BACKUP_DIR: backupDir });
      expect({ cut, exitedNonZero: run.status !== 0, unchanged: contents() === before }).toEqual({
        cut,
        exitedNonZero: true,
        unchanged: true,
      });
      messages.push(run.stderr);
    }
    for (const message of messages) expect(message).toMatch(/is not a complete pg_dump archive.*nothing was changed/);
    expect(pastTheTableOfContents).toBeGreaterThanOrEqual(5);
    expect(await apiStatus()).toBe(200); // never stopped: the archive was refused first
  }, 180_000);
});

describe('a restore that fails after the data were replaced puts everything back', () => {
  test('an error while applying the archive (a role this server lacks) rolls it all back', async () => {
    // The archive ends with a GRANT to a role that no longer exists: it reads in full, and fails
    // only once the tables were dropped and reloaded inside the transaction.
    psql('CREATE ROLE e2e_gone NOLOGIN; GRANT SELECT ON app.items TO e2e_gone');
    const file = backup();
    psql('REVOKE SELECT ON app.items FROM e2e_gone; DROP ROLE e2e_gone');
    insertMarker(`after the backup ${Date.now()}`);
    const before = contents();

    const run = attempt('restore.sh', [file], { BACKUP_DIR: backupDir });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('role "e2e_gone" does not exist');
    expect(run.stderr).toMatch(/psql 3: rolled back/);
    expect(run.stderr).toContain('the database is as it was');
    expect(contents()).toBe(before);
    await eventually('the API to serve again', async () => (await apiStatus()) === 200);
  }, 120_000);

  test('the migrate job failing on the restored data: the data it replaced go back', async () => {
    // An archive whose migration history lacks the first migration, whose table it holds: the
    // migrate job tries to create that table again and fails.
    const [id, timestamp, name] = psql('SELECT id, timestamp, name FROM app.migrations ORDER BY id LIMIT 1').split('|');
    psql(`DELETE FROM app.migrations WHERE id = ${id}`);
    const file = backup();
    psql(`INSERT INTO app.migrations (id, timestamp, name) VALUES (${id}, ${timestamp}, '${name}')`);
    const marker = `after the backup ${Date.now()}`;
    insertMarker(marker);
    const before = contents();

    const run = attempt('restore.sh', [file], { BACKUP_DIR: backupDir });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('the migrate job failed');
    expect(run.stderr).toContain('the database is as it was');
    expect(contents()).toBe(before);
    const kept = /kept in (\S+\.dump)/.exec(run.stdout)?.[1];
    expect(kept && statSync(kept).size).toBeGreaterThan(0);
    await eventually('the API to serve the data as they were', async () => (await items()).includes(marker));
  }, 180_000);
});

describe('a backup taken at an older schema version', () => {
  test('restores, and the migrate job brings it up to date', async () => {
    const latest = appliedMigrations();
    // The database at the previous migration level: the last migration reverted by TypeORM, as the
    // schema owner, in the migrate job's container (its image, role and configuration).
    const revertLast = `
      const { DataSource } = require('typeorm');
      const { loadConfigOrExit } = require('./dist/config/config');
      const { dataSourceOptions } = require('./dist/database/data-source-options');
      const dataSource = new DataSource(dataSourceOptions({ ...loadConfigOrExit().database, statementTimeoutMs: 0 }));
      dataSource.initialize()
        .then(() => dataSource.undoLastMigration({ transaction: 'all' }))
        .then(() => dataSource.destroy())
        .catch((error) => { console.error(error); process.exit(1); });`;
    compose('run', '--rm', '--no-deps', '-T', 'migrate', 'node', '-e', revertLast);
    expect(appliedMigrations()).toBe(latest - 1);
    const marker = `written at the older schema ${Date.now()}`;
    insertMarker(marker);
    const file = backup();

    // Forward again, and the marker gone: the restore has to bring it back.
    compose('run', '--rm', '--no-deps', '-T', 'migrate');
    expect(appliedMigrations()).toBe(latest);
    psql(`DELETE FROM app.items WHERE name = '${marker}'`);

    const run = attempt('restore.sh', [file], { BACKUP_DIR: backupDir });
    expect(run).toMatchObject({ status: 0, stderr: expect.not.stringContaining('restore:') });
    expect(run.stdout).toContain(`restore: ${file} restored`);
    expect(appliedMigrations()).toBe(latest);
    expect(psql("SELECT has_table_privilege('app_api', 'app.migrations', 'INSERT')")).toBe('f');
    await eventually('the API to serve the restored row', async () => (await items()).includes(marker));
  }, 180_000);
});
