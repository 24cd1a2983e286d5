import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker } from '../src/docker';
import { repoRoot } from '../src/stack';

// Tests that need a database of their own: a second compose project beside the stack under test,
// with the db service only (same files, images and secrets), started here on a new volume, so the
// image's entrypoint goes through its first start, and then deleted.
const project = `${process.env.COMPOSE_PROJECT_NAME ?? 'app-e2e'}-db2`;
const inProject = (...args: string[]) => docker('compose', '-p', project, ...args);
const volume = `${project}_db-data`;
// Every volume of the project, as make destroy names them: the data and the WAL archive.
const volumes = `${project}_db-archive ${volume}`;
const volumeExists = () => docker('volume', 'ls', '--quiet', '--filter', `name=^${volume}$`) === volume;
const dbRunning = () => inProject('ps', '--status', 'running', '--services').split('\n').includes('db');

beforeAll(() => {
  inProject('up', '--detach', '--wait', '--wait-timeout', '120', 'db');
}, 150_000);
afterAll(() => {
  inProject('down', '--volumes', '--remove-orphans', '--timeout', '20');
}, 60_000);

describe('the superuser password', () => {
  // Every process of the db container: the server (PID 1) and its children inherit its environment.
  const environments = () =>
    inProject('exec', '-T', 'db', 'sh', '-c', 'for f in /proc/[0-9]*/environ; do cat "$f"; echo; done');
  const password = () => inProject('exec', '-T', 'db', 'cat', '/run/secrets/db_superuser_password');

  test('is in no process environment of the database server, after its first start and after a restart', () => {
    for (const when of ['first start', 'restart']) {
      if (when === 'restart') {
        inProject('restart', 'db');
        inProject('up', '--detach', '--wait', '--wait-timeout', '120', 'db');
      }
      // PID 1 is the server itself, whose environment every server process inherits.
      expect(inProject('exec', '-T', 'db', 'cat', '/proc/1/cmdline').split('\0')[0]).toMatch(/(^|\/)postgres$/);
      const env = environments();
      expect({ when, variables: env.match(/(^|\0|\n)(POSTGRES_PASSWORD|PGPASSWORD)=/g) }).toEqual({
        when,
        variables: null,
      });
      expect({ when, holdsPassword: env.includes(password()) }).toEqual({ when, holdsPassword: false });
    }
  }, 150_000);
});

describe('make clean and make destroy', () => {
  /** A command as an operator runs it on this project: no terminal (script(1) makes one), no CONFIRM. */
  const operator = (args: string[], env: NodeJS.ProcessEnv = {}, input = '') => {
    const { CONFIRM: _, ...inherited } = process.env;
    const run = spawnSync(args[0], args.slice(1), {
      encoding: 'utf8',
      env: { ...inherited, COMPOSE_PROJECT_NAME: project, ...env },
      input,
    });
    return { status: run.status, output: run.stdout + run.stderr };
  };
  const atTerminal = (command: string, typed: string) =>
    // util-linux script(1) runs the command on a pseudo-terminal and types `typed` into it.
    operator(['script', '--quiet', '--return', '--command', command, '/dev/null'], {}, typed);

  test('make clean removes build and test output only: the database keeps running, on its volume', () => {
    // In a copy of the Makefile and scripts: make clean deletes the tree's build output.
    const tree = mkdtempSync(join(tmpdir(), 'e2e-make-clean-'));
    try {
      cpSync(join(repoRoot, 'Makefile'), join(tree, 'Makefile'));
      cpSync(join(repoRoot, 'scripts'), join(tree, 'scripts'), { recursive: true });
      const run = operator(['make', '--no-print-directory', '-C', tree, 'clean']);
      expect(run.status).toBe(0);
      expect(volumeExists()).toBe(true);
      expect(dbRunning()).toBe(true);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  test.each([
    ['without CONFIRM', {}],
    ['with CONFIRM=no', { CONFIRM: 'no' }],
    ['with CONFIRM=YES (only yes is yes)', { CONFIRM: 'YES' }],
  ])('make destroy with no terminal, %s, refuses, exits non-zero and deletes nothing', (_, env) => {
    const run = operator(['make', '--no-print-directory', '-C', repoRoot, 'destroy'], env);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(`destroy: this deletes the volumes of compose project '${project}': ${volumes}`);
    expect(run.output).toContain('nothing was deleted');
    expect(volumeExists()).toBe(true);
    expect(dbRunning()).toBe(true);
  });

  test('make destroy at a terminal deletes only once "yes" is typed', () => {
    const destroy = `make --no-print-directory -C '${repoRoot}' destroy`;
    for (const typed of ['\n', 'no\n', 'y\n']) {
      const run = atTerminal(destroy, typed);
      expect({ typed, status: run.status }).not.toEqual({ typed, status: 0 });
      expect(run.output).toContain('Type yes to delete them');
      expect(run.output).toContain('not confirmed; nothing was deleted');
      expect(volumeExists()).toBe(true);
    }
    const run = atTerminal(destroy, 'yes\n');
    expect(run.status).toBe(0);
    expect(run.output).toContain(`destroy: compose project '${project}' removed, with its volumes ${volumes}`);
    expect(volumeExists()).toBe(false);
    expect(dbRunning()).toBe(false);
  }, 60_000);

  test('make destroy CONFIRM=yes deletes without asking', () => {
    inProject('create', 'db'); // the container and its volume again, not started
    expect(volumeExists()).toBe(true);
    const run = operator(['make', '--no-print-directory', '-C', repoRoot, 'destroy', 'CONFIRM=yes']);
    expect(run.status).toBe(0);
    expect(volumeExists()).toBe(false);
  }, 60_000);
});
