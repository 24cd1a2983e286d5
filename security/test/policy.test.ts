// Every rule against a fixture that breaks it and nothing else, and the valid baselines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseDockerfile } from '../src/dockerfile.ts';
import { checkProject } from '../src/policy.ts';
import { checkDockerfile } from '../src/rules/dockerfile.ts';
import { checkTrivyignore } from '../src/rules/trivyignore.ts';
import { formatViolation, type Violation } from '../src/violation.ts';
import { assertOnly } from './assert.ts';
import { composeEnv } from './env.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const today = new Date('2026-11-22T12:00:00Z');

const checkCompose = (compose: string, overlay?: string, env = composeEnv()) =>
  checkProject({ root: fixtures, compose, overlays: overlay ? [{ file: overlay, production: true }] : [], today, env })
    .violations;

describe('compose rules', () => {
  it('pass the valid project, alone and with its production overlay (Dockerfile included)', () => {
    const result = checkProject({
      root: fixtures,
      compose: 'compose/valid.yml',
      overlays: [{ file: 'compose/valid.prod.yml', production: true }],
      today,
      env: composeEnv(),
    });
    assert.deepEqual(result.violations.map(formatViolation), []);
    assert.deepEqual(result.files, ['compose/valid.yml', 'compose/valid.prod.yml', 'dockerfile/valid.Dockerfile']);
  });

  for (const rule of [
    'non-root-user',
    'read-only',
    'cap-drop',
    'no-new-privileges',
    'healthcheck',
    'image-tag',
    'port-binding',
    'plain-secret',
    'docker-socket',
    'privileged',
  ]) {
    it(`${rule}: fails its fixture with file, service, rule, problem and fix`, () => {
      assertOnly(
        checkCompose(`compose/${rule}.yml`),
        rule,
        new RegExp(`^compose/${rule}\\.yml: service app: ${rule}: .+ \\(.+\\)$`),
      );
    });
  }

  it('healthcheck: a disabled check fails on a long-running service (the one-shot exemption is for jobs only)', () => {
    assertOnly(
      checkCompose('compose/healthcheck-disabled.yml'),
      'healthcheck',
      /service app: healthcheck: the health check is disabled/,
    );
  });

  it('read-only: a variable that turns it off is caught, as Compose would run it', () => {
    assert.deepEqual(checkCompose('compose/read-only-variable.yml'), []);
    assertOnly(
      checkCompose('compose/read-only-variable.yml', undefined, composeEnv({ RO: 'false' })),
      'read-only',
      /^compose\/read-only-variable\.yml: service app: read-only: the root filesystem is writable/,
    );
  });

  it('reads the hardening a service takes with extends', () => {
    assert.deepEqual(checkCompose('compose/extends.yml').map(formatViolation), []);
  });

  it('checks the services of every profile, not only those started by default', () => {
    assertOnly(checkCompose('compose/profile.yml'), 'read-only', /service app: read-only: /);
  });

  it('plain-secret: catches a secret an env_file passes', () => {
    assertOnly(
      checkCompose('compose/plain-secret-env-file.yml'),
      'plain-secret',
      /environment API_TOKEN passes a secret/,
    );
  });

  it('plain-secret: names the variable, never its value', () => {
    const [violation] = checkCompose('compose/plain-secret.yml');
    assert.match(violation?.problem ?? '', /DB_PASSWORD/);
    assert.doesNotMatch(formatViolation(violation as Violation), /not-a-real-password/);
  });

  for (const [rule, service] of [
    ['resource-limits', 'app'],
    ['log-rotation', 'app'],
    ['db-port', 'db'],
  ]) {
    it(`${rule}: fails the valid project merged with an overlay that breaks it`, () => {
      const label = `compose/valid.yml \\+ compose/prod/${rule}.yml`;
      assertOnly(
        checkCompose('compose/valid.yml', `compose/prod/${rule}.yml`),
        rule as string,
        new RegExp(`^${label}: service ${service}: ${rule}: `),
      );
    });
  }

  describe('with a swarm overlay', () => {
    const checkSwarm = (overlay: string, swarm = true) =>
      checkProject({
        root: fixtures,
        compose: 'compose/valid.yml',
        overlays: [{ file: overlay, production: true, swarm }],
        today,
        env: composeEnv(),
      }).violations;

    it('passes without what Swarm cannot apply, a one-shot job without health check, and the base file building its images', () => {
      assert.deepEqual(checkSwarm('compose/valid.swarm.yml').map(formatViolation), []);
    });

    it('asks Swarm for neither no-new-privileges nor a port on one address: other overlays still must have them', () => {
      assert.deepEqual(
        checkSwarm('compose/valid.swarm.yml', false)
          .map((v) => `${v.service}: ${v.rule}`)
          .sort(),
        ['app: no-new-privileges', 'app: port-binding', 'db: no-new-privileges', 'migrate: no-new-privileges'],
      );
    });

    it('swarm-ignored: fails a setting docker stack deploy ignores, left in the overlay', () => {
      assertOnly(
        checkSwarm('compose/swarm/swarm-ignored.yml'),
        'swarm-ignored',
        /^compose\/valid\.yml \+ compose\/swarm\/swarm-ignored\.yml: service app: swarm-ignored: docker stack deploy ignores depends_on: .+ \(.+\)$/,
      );
    });
  });

  it('production rules apply with a production overlay only', () => {
    assert.deepEqual(checkCompose('compose/dev.yml'), []);
    const check = (production: boolean) =>
      checkProject({
        root: fixtures,
        compose: 'compose/dev.yml',
        overlays: [{ file: 'compose/empty.prod.yml', production }],
        today,
        env: composeEnv(),
      }).violations.map((v) => v.rule);
    assert.deepEqual(check(false), []);
    assert.deepEqual(check(true).sort(), ['db-port', 'log-rotation', 'resource-limits']);
  });
});

describe('Dockerfile rules', () => {
  const check = (name: string, dockerignore = '') =>
    checkDockerfile({
      file: name,
      dockerfile: parseDockerfile(readFileSync(join(fixtures, 'dockerfile', name), 'utf8')),
      dockerignore,
    });

  it('pass the valid Dockerfile', () => {
    assert.deepEqual(check('valid.Dockerfile').map(formatViolation), []);
  });

  for (const rule of [
    'dockerfile-user',
    'dockerfile-add',
    'dockerfile-healthcheck',
    'dockerfile-dotenv',
    'base-image-tag',
    'apt-no-recommends',
    'apt-lists',
    'package-cache',
    'oci-labels',
  ]) {
    it(`${rule}: fails its fixture at the offending line`, () => {
      assertOnly(check(`${rule}.Dockerfile`), rule, new RegExp(`^${rule}\\.Dockerfile:\\d+: ${rule}: .+ \\(.+\\)$`));
    });
  }

  it('dockerfile-dotenv: COPY . fails unless the .dockerignore keeps .env out', () => {
    assertOnly(
      check('dockerfile-dotenv-context.Dockerfile'),
      'dockerfile-dotenv',
      /:4: dockerfile-dotenv: COPY \. copies the whole context/,
    );
    assert.deepEqual(check('dockerfile-dotenv-context.Dockerfile', 'node_modules\n.env*\n'), []);
  });
});

describe('.trivyignore rule', () => {
  const check = (name: string) =>
    checkTrivyignore(name, readFileSync(join(fixtures, 'trivyignore', name), 'utf8'), today);

  it('passes entries justified with a future expiry, one comment covering consecutive entries', () => {
    assert.deepEqual(check('valid'), []);
  });

  for (const [name, problem] of [
    ['unjustified', /entry CVE-2099-0004 has no justification/],
    ['no-expiry', /entry CVE-2099-0005 has no expiry date/],
    ['expired', /entry CVE-2020-0006 expired on 2020-01-31/],
    ['invalid-date', /entry CVE-2099-0007 has an invalid expiry date "2099-02-30"/],
  ] as const) {
    it(`fails an entry that ${name.replace('-', ' ')}`, () => {
      assertOnly(check(name), 'trivyignore', problem);
    });
  }
});

describe('npm run check (the CLI behind make policy)', () => {
  const cli = join(import.meta.dirname, '..', 'src', 'cli.ts');
  const roots: string[] = [];
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  const inRepo = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'policy-'));
    roots.push(root);
    for (const [name, source] of Object.entries(files)) copyFileSync(join(fixtures, source), join(root, name));
    return root;
  };
  const run = (root: string, env = composeEnv()) => spawnSync(process.execPath, [cli, root], { encoding: 'utf8', env });

  it('prints the files checked and exits 0 when nothing is wrong', () => {
    const root = inRepo({ 'docker-compose.yml': 'compose/dev.yml', '.trivyignore': 'trivyignore/valid' });
    const { status, stdout } = run(root);
    assert.equal(status, 0);
    assert.equal(stdout, 'policy: 2 files checked, no violations\n');
  });

  it('prints each violation and exits 1', () => {
    const root = inRepo({
      'docker-compose.yml': 'compose/read-only.yml',
      'docker-compose.prod.yml': 'compose/empty.prod.yml',
    });
    const { status, stdout } = run(root);
    assert.equal(status, 1);
    assert.match(
      stdout,
      /^docker-compose\.yml: service app: read-only: the root filesystem is writable \(read_only: true.*\)$/m,
    );
    // The overlay adds no limits, so the merged model breaks the production rules too.
    assert.match(stdout, /^docker-compose\.yml \+ docker-compose\.prod\.yml: service app: resource-limits: /m);
    assert.match(stdout, /^policy: 2 files checked, 3 violations$/m);
  });

  it('checks the files with the variables of its environment, as Compose would run them', () => {
    const root = inRepo({ 'docker-compose.yml': 'compose/read-only-variable.yml' });
    assert.equal(run(root).status, 0);
    const { status, stdout } = run(root, composeEnv({ RO: 'false' }));
    assert.equal(status, 1);
    assert.match(stdout, /^docker-compose\.yml: service app: read-only: the root filesystem is writable/m);
  });

  it('exits 2 with the file name when a file does not parse', () => {
    const root = inRepo({});
    writeFileSync(join(root, 'docker-compose.yml'), 'services: [unclosed\n');
    const { status, stderr } = run(root);
    assert.equal(status, 2);
    assert.match(stderr, /^policy: docker-compose\.yml: docker compose config failed: yaml: /);
  });

  for (const [situation, docker] of [
    ['docker is not installed', null],
    ['docker has no Compose plugin', `#!/bin/sh\necho "docker: 'compose' is not a docker command." >&2\nexit 1\n`],
  ] as const) {
    it(`exits 2 saying the Compose CLI is needed when ${situation}`, () => {
      const root = inRepo({ 'docker-compose.yml': 'compose/dev.yml' });
      const bin = join(root, 'bin');
      mkdirSync(bin);
      if (docker) {
        writeFileSync(join(bin, 'docker'), docker);
        chmodSync(join(bin, 'docker'), 0o755);
      }
      const { status, stderr } = run(root, { PATH: bin });
      assert.equal(status, 2);
      assert.match(stderr, /^policy: the Compose CLI is needed .*Fix: install Docker with the Compose v2 plugin/);
    });
  }
});
