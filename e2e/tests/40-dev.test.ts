import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { docker, HARDENED, hardeningOf, nameOf, serviceOf, type Container } from '../src/docker';
import { launchChromium, openFront, type OpenedPage } from '../src/front';
import { eventually, get, repoRoot, request } from '../src/stack';

// `make dev`, as a developer runs it, on a copy of the working tree (so no edit here ever reaches
// the tree or a stack started from it), under its own compose project and port, beside the
// production stack the other files test. A saved change must be served within 10 s, and the dev
// containers must keep the production hardening.
const project = process.env.E2E_DEV_PROJECT ?? 'app-e2e-dev';
const port = process.env.E2E_DEV_PORT ?? '18082';
const RELOAD_MS = 10_000;
// get() and openFront() open E2E_BASE_URL; Jest gives each test file its own process.env.
process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;

const notCopied = new Set(['.git', 'node_modules', 'dist', 'reports', 'coverage', 'secrets', 'backups']);
const tree = mkdtempSync(join(tmpdir(), 'e2e-dev-'));
const devCompose = (...args: string[]) =>
  docker(
    'compose',
    '-p',
    project,
    '-f',
    join(tree, 'docker-compose.yml'),
    '-f',
    join(tree, 'docker-compose.dev.yml'),
    ...args,
  );
const teardown = () => devCompose('down', '--volumes', '--remove-orphans', '--timeout', '10');

let browser: Browser | undefined;
let opened: OpenedPage;

/**
 * Saves `file` (relative to the copy) with `from` replaced by `to` as many editors do: a new file
 * renamed over the old one, the harder case for a watcher (the watched inode goes away).
 */
function edit(file: string, from: string, to: string): void {
  const path = join(tree, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}: update this test`);
  writeFileSync(`${path}.saving`, text.replace(from, to));
  renameSync(`${path}.saving`, path);
}

/** Milliseconds from `save` until `tier` serves the change (`served` true); fails after RELOAD_MS. */
async function reloadTime(tier: string, save: () => void, served: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  save();
  await eventually(`${tier} to serve the change`, served, RELOAD_MS);
  const ms = Date.now() - start;
  console.log(`make dev: ${tier} served the change ${ms} ms after the save`);
  return ms;
}

beforeAll(async () => {
  cpSync(repoRoot, tree, { recursive: true, filter: (src) => !notCopied.has(basename(src)) });
  teardown(); // whatever an interrupted run left behind
  const env = { ...process.env, COMPOSE_PROJECT_NAME: project, FRONT_PORT: port };
  const started = Date.now();
  try {
    await promisify(execFile)('make', ['--no-print-directory', 'dev'], { cwd: tree, env, maxBuffer: 64 << 20 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`make dev failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
  console.log(`make dev: stack '${project}' healthy on port ${port} after ${Date.now() - started} ms (build included)`);
  browser = await launchChromium();
  opened = await openFront(browser);
  await opened.page.getByRole('heading', { level: 1 }).waitFor({ timeout: 15_000 });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  try {
    teardown();
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}, 120_000);

test('a change under backend/src is served by the API within 10 s', async () => {
  const marker = `reloaded ${Date.now()}`;
  const ms = await reloadTime(
    'the API (backend/src)',
    () => edit('backend/src/items/items.service.ts', 'not found`', `not found, ${marker}\``),
    async () => (await get('/api/items/987654')).body.includes(marker),
  );
  expect(ms).toBeLessThanOrEqual(RELOAD_MS);
  const { status, body } = await get('/api/items/987654');
  expect({ status, message: JSON.parse(body).message }).toEqual({
    status: 404,
    message: `item 987654 not found, ${marker}`,
  });
});

test('a change under frontend/src reaches the open page within 10 s, by itself', async () => {
  const marker = `reloaded ${Date.now()}`;
  const heading = opened.page.getByRole('heading', { level: 1 });
  const ms = await reloadTime(
    'the open page (frontend/src)',
    () => edit('frontend/src/components/app-shell.ts', '<h1>Items — status</h1>', `<h1>Items — status, ${marker}</h1>`),
    async () => (await heading.textContent({ timeout: 1_000 }))?.includes(marker) === true,
  );
  expect(ms).toBeLessThanOrEqual(RELOAD_MS);
  // The page is whole after the reload: the items still come through the /api proxy.
  await opened.page.getByTestId('items').waitFor({ timeout: 15_000 });
});

test('the dev server sends the production CSP, unrelaxed, and the page breaks none of it', async () => {
  const response = await request('/');
  const production = readFileSync(join(tree, 'frontend/nginx/security-headers.conf'), 'utf8');
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(production).toContain(`"${csp}"`);
  // Hot reload's websocket included: CSP 'self' covers ws: to the page's own origin.
  expect(opened.problems).toEqual([]);
});

describe('the dev containers keep the hardening', () => {
  let containers: Container[];
  beforeAll(() => {
    const ids = devCompose('ps', '--all', '--quiet').split('\n').filter(Boolean);
    containers = JSON.parse(docker('inspect', ...ids)) as Container[];
  });
  const of = (svc: string) => {
    const c = containers.find((x) => serviceOf(x) === svc);
    if (!c) throw new Error(`no ${svc} container in project ${project}`);
    return c;
  };

  test('api, migrate and front run the dev images, with the sources mounted read-only', () => {
    const image = (svc: string) => docker('inspect', '-f', '{{.Config.Image}}', nameOf(of(svc)));
    expect(image('api')).toMatch(/\/app-api-dev:/);
    expect(image('migrate')).toMatch(/\/app-api-dev:/);
    expect(image('front')).toMatch(/\/app-front-dev:/);
    // Docker lists the binds in no set order.
    const sources = (svc: string) => (of(svc).HostConfig.Binds ?? []).filter((b) => b.startsWith(tree)).sort();
    expect(sources('api')).toEqual([`${tree}/backend/src:/app/src:ro`]);
    expect(sources('front')).toEqual([`${tree}/frontend/public:/app/public:ro`, `${tree}/frontend/src:/app/src:ro`]);
  });

  test.each(['db', 'migrate', 'api', 'front'])(
    '%s: non-root, read-only root, no capabilities, no-new-privileges, limits',
    (svc) => expect(hardeningOf(of(svc))).toEqual(HARDENED),
  );

  test.each(['db', 'api', 'front'])('%s: runs as non-root and is healthy by its health check', (svc) => {
    const c = of(svc);
    expect(docker('exec', nameOf(c), 'id', '-u')).not.toBe('0');
    expect(c.Config.Healthcheck?.Test?.[0]).toMatch(/^CMD/);
    expect(c.State.Health?.Status).toBe('healthy');
  });

  test('the networks stay as in production: only the front has a route out and a port, on loopback', () => {
    const networks = (svc: string) =>
      docker('inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', nameOf(of(svc)))
        .split(' ')
        .filter(Boolean);
    for (const svc of ['db', 'api'])
      for (const net of networks(svc)) expect(docker('network', 'inspect', '-f', '{{.Internal}}', net)).toBe('true');
    const published = containers.flatMap((c) =>
      Object.values(c.HostConfig.PortBindings ?? {})
        .flat()
        .map((b) => ({ svc: serviceOf(c), ip: b.HostIp, port: b.HostPort })),
    );
    expect(published).toEqual([{ svc: 'front', ip: '127.0.0.1', port }]);
  });

  test('the migration job ran to success', () => {
    expect(of('migrate').State).toMatchObject({ Status: 'exited', ExitCode: 0 });
  });
});
