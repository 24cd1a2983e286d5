import { execFileSync } from 'node:child_process';
import { type Container, docker, HARDENED, hardeningOf } from '../src/docker';
import { healthState, launchChromium, openFront } from '../src/front';
import { MixedLoad, summary } from '../src/load';
import { eventually, repoRoot } from '../src/stack';

// The same compose files on Docker Swarm: `make swarm-up` (docker stack deploy with
// docker-compose.swarm.yml) as stack E2E_SWARM_STACK on port E2E_SWARM_PORT, on a single-node
// swarm this file creates when the engine is in none, and leaves again, with the stack, its secrets,
// networks and volume, also when a test fails. Independent of the compose stack of the other files.
const stack = process.env.E2E_SWARM_STACK ?? 'app-e2e-swarm';
const port = process.env.E2E_SWARM_PORT ?? '18084';
const base = `http://127.0.0.1:${port}`;
const registry = process.env.IMAGE_REGISTRY ?? 'local';
const tag = process.env.IMAGE_TAG ?? 'dev';
const unreadyImage = `${registry}/app-api:${tag}-swarm-unready`;
const RATE = 10;
const figures: string[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const make = (target: string) =>
  execFileSync('make', ['-s', target], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, SWARM_STACK: stack, FRONT_PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
const swarmState = () => docker('info', '-f', '{{.Swarm.LocalNodeState}}');
const hasNetwork = (name: string) => docker('network', 'ls', '-q', '--filter', `name=^${name}$`) !== '';
const service = (name: string) => `${stack}_${name}`;
const inspectService = (name: string, format: string) => docker('service', 'inspect', '-f', format, service(name));
const updateState = (name: string) => inspectService(name, '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}');

/** Every container of the stack's tasks on this node, those that ended included. */
function stackContainers(): Container[] {
  const ids = docker('ps', '--all', '--quiet', '--filter', `label=com.docker.stack.namespace=${stack}`);
  return ids ? (JSON.parse(docker('inspect', ...ids.split('\n'))) as Container[]) : [];
}
const serviceOf = (c: Container) => c.Config.Labels['com.docker.swarm.service.name'].slice(stack.length + 1);
/** The image as the service names it (Container.Image is its id). */
const imageOf = (c: Container) => docker('inspect', '-f', '{{.Config.Image}}', c.Id);
const running = (svc: string) => stackContainers().filter((c) => serviceOf(c) === svc && c.State.Status === 'running');

let createdSwarm = false;
let hadGatewayBridge = true;

beforeAll(() => {
  if (swarmState() !== 'active') {
    hadGatewayBridge = hasNetwork('docker_gwbridge');
    // Only on the loopback: this swarm has no other node to talk to.
    docker('swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', '127.0.0.1:2377');
    createdSwarm = true;
  }
  removeStack(); // what an interrupted run left behind
  const output = make('swarm-up');
  const converged = /converged and serving \d+s after the deploy \(\d+s in all\)/.exec(output)?.[0];
  console.log(`make swarm-up: ${converged}`);
  figures.push(`make swarm-up (from built images): ${converged}`);
}, 600_000);

function removeStack(): void {
  make('swarm-down');
  for (const volume of ['db-data', 'db-archive'])
    execFileSync('docker', ['volume', 'rm', '--force', `${stack}_${volume}`], { stdio: 'ignore' });
}

afterAll(() => {
  console.log(`swarm figures:\n  ${figures.join('\n  ')}`);
  try {
    removeStack();
    execFileSync('docker', ['image', 'rm', '--force', unreadyImage], { stdio: 'ignore' });
  } finally {
    if (createdSwarm) {
      docker('swarm', 'leave', '--force');
      // Created with the swarm for the published port; nothing else uses it once the swarm is gone.
      if (!hadGatewayBridge && hasNetwork('docker_gwbridge')) docker('network', 'rm', 'docker_gwbridge');
    }
  }
}, 180_000);

test('make swarm-up ran the migrate job to completion and runs db, 2 api replicas, front and edge', () => {
  const replicas = (svc: string) =>
    docker('service', 'ls', '--filter', `name=${service(svc)}`, '--format', '{{.Replicas}}');
  expect(['db', 'api', 'front', 'edge', 'migrate'].map((svc) => [svc, replicas(svc)])).toEqual([
    ['db', '1/1'],
    ['api', '2/2'],
    ['front', '1/1'],
    ['edge', '1/1'],
    ['migrate', '0/1 (1/1 completed)'],
  ]);
});

test('the page at the published port shows the API up and the items read from PostgreSQL', async () => {
  const browser = await launchChromium();
  try {
    const opened = await openFront(browser, base);
    await healthState(opened.page, 'ok', 15_000);
    await opened.page.getByTestId('items').waitFor({ timeout: 15_000 });
    const names = await opened.page.getByTestId('item-name').allTextContents();
    expect(names.map((n) => n.trim())).toEqual(['Getting started', 'Hardened by default']);
    expect(opened.problems).toEqual([]);
  } finally {
    await browser.close();
  }
});

describe('every task container', () => {
  const longRunning = ['db', 'api', 'front', 'edge'];
  // Read once the stack is up (beforeAll), not when Jest collects the tests.
  const each = (check: (c: Container) => unknown, expected: (c: Container) => unknown) => {
    const containers = stackContainers();
    expect([...new Set(containers.map(serviceOf))].sort()).toEqual(['api', 'db', 'edge', 'front', 'migrate']);
    for (const c of containers) {
      const name = c.Name.slice(1);
      expect({ name, ...(check(c) as object) }).toEqual({ name, ...(expected(c) as object) });
    }
  };

  test('is hardened as under compose, but for no-new-privileges, which Swarm cannot set (see the README ledger)', () => {
    each(
      (c) => ({
        ...hardeningOf(c),
        uid: c.State.Status === 'running' ? docker('exec', c.Id, 'id', '-u') : 'not running',
        log: c.HostConfig.LogConfig,
      }),
      (c) => ({
        ...HARDENED,
        noNewPrivileges: false,
        uid: c.State.Status === 'running' ? expect.not.stringMatching(/^0$/) : 'not running',
        log: { Type: 'json-file', Config: expect.objectContaining({ 'max-size': '10m', 'max-file': '3' }) },
      }),
    );
  });

  test('is healthy when long-running; the migrate job has ended (its last run with 0: see the first test)', () => {
    each(
      (c) =>
        longRunning.includes(serviceOf(c))
          ? { check: c.Config.Healthcheck?.Test?.[0], health: c.State.Health?.Status }
          : { state: c.State.Status },
      (c) =>
        longRunning.includes(serviceOf(c))
          ? { check: expect.stringMatching(/^CMD/), health: 'healthy' }
          : { state: 'exited' },
    );
  });

  test('Swarm restarts the long-running services whatever their exit, the job only after a failure', () => {
    const condition = (svc: string) => inspectService(svc, '{{.Spec.TaskTemplate.RestartPolicy.Condition}}');
    expect([...longRunning, 'migrate'].map(condition)).toEqual(['any', 'any', 'any', 'any', 'on-failure']);
  });

  test('each password is a Swarm secret readable only by the user of the container that needs it', () => {
    const secrets = (svc: string) =>
      docker('exec', running(svc)[0].Id, 'sh', '-c', 'cd /run/secrets && stat -c "%n %u:%g %a" *').split('\n');
    expect(secrets('db')).toEqual([
      'db_api_password 999:999 400',
      'db_owner_password 999:999 400',
      'db_superuser_password 999:999 400',
    ]);
    expect(secrets('api')).toEqual(['db_api_password 1000:1000 400']);
    expect(() => secrets('front')).toThrow(); // none there
  });
});

test('no image of the stack holds a setuid or setgid file, which could raise privileges without no-new-privileges', () => {
  const images = [...new Set(stackContainers().map(imageOf))].sort();
  expect(images).toEqual([`${registry}/app-api:${tag}`, `${registry}/app-db:${tag}`, `${registry}/app-front:${tag}`]);
  for (const image of images) {
    // As root, allowed to read everywhere, so no directory is skipped.
    const found = docker(
      'run',
      '--rm',
      '--network',
      'none',
      '--user',
      '0',
      '--cap-drop',
      'ALL',
      '--cap-add',
      'DAC_READ_SEARCH',
      '--entrypoint',
      'find',
      image,
      '/',
      '-xdev',
      '-perm',
      '/6000',
      '-type',
      'f',
    );
    expect({ image, found }).toEqual({ image, found: '' });
  }
  // Control: the same search finds the bits the API's base image ships.
  expect(
    docker(
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'find',
      process.env.NODE_IMAGE ?? 'node:24-bookworm-slim',
      '/usr/bin/su',
      '-perm',
      '/6000',
    ),
  ).toBe('/usr/bin/su');
});

describe('networks', () => {
  const address = (c: Container, network: string) =>
    docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${service(network)}").IPAddress}}`, c.Id);
  const connects = (from: Container, target: string, targetPort: number) => {
    try {
      docker('exec', from.Id, 'timeout', '5', 'bash', '-c', `exec 3<>/dev/tcp/${target}/${targetPort}`);
      return true;
    } catch {
      return false;
    }
  };

  test('the front cannot open a connection to the database, by name or by address; the API can', () => {
    const [db] = running('db');
    const [front] = running('front');
    const [api] = running('api');
    const dbIp = address(db, 'data');
    expect(dbIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(connects(api, 'db', 5432)).toBe(true); // control
    expect(connects(api, dbIp, 5432)).toBe(true);
    expect(connects(front, 'db', 5432)).toBe(false);
    expect(connects(front, dbIp, 5432)).toBe(false);
  });

  test('only the edge network has a route out; web, app and data are internal overlays', () => {
    const internal = (name: string) =>
      docker('network', 'inspect', '-f', '{{.Driver}} internal={{.Internal}}', service(name));
    expect(['edge', 'web', 'app', 'data'].map(internal)).toEqual([
      'overlay internal=false',
      'overlay internal=true',
      'overlay internal=true',
      'overlay internal=true',
    ]);
  });
});

/** Waits for the service's update to end in `state` (completed, rollback_completed). */
async function updateEnds(svc: string, state: string, ms: number): Promise<void> {
  let last = '';
  await eventually(
    `${service(svc)}'s update to end in ${state}`,
    () => {
      last = updateState(svc);
      if (['completed', 'rollback_completed', 'paused', 'rollback_paused'].includes(last) && last !== state) {
        throw new Error(
          `${service(svc)}'s update ended in ${last}: ${inspectService(svc, '{{.UpdateStatus.Message}}')}`,
        );
      }
      return Promise.resolve(last === state);
    },
    ms,
  ).catch((error: Error) => {
    throw new Error(`${error.message} (last state: ${last || 'none'})`);
  });
}

/** Runs `action` under a client's mixed load through the published port, from 2 s before to 2 s after; no request may fail. */
async function underLoad(run: string, action: () => Promise<void>): Promise<void> {
  const load = new MixedLoad(base, run, RATE);
  load.start();
  const failure = await (async () => {
    try {
      await sleep(2_000);
      await action();
      await sleep(2_000);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  })();
  const report = await load.stop();
  console.log(`${run}: ${summary(report)}`);
  figures.push(`${run}: ${report.outcomes.length} requests, ${report.failed.length} failed`);
  if (failure) throw failure;
  expect(report.failed).toEqual([]);
}

test('a rolling update of the API (start-first, one replica at a time) under load fails no request', async () => {
  const before = running('api').map((c) => c.Id);
  const started = Date.now();
  await underLoad(`swarm-update${Date.now()}`, async () => {
    docker('service', 'update', '--force', '--detach', service('api'));
    await updateEnds('api', 'completed', 240_000);
  });
  figures.push(`docker service update --force of the api: ${Math.round((Date.now() - started) / 1000)} s`);
  const after = running('api').map((c) => c.Id);
  expect(after).toHaveLength(2);
  expect(after.filter((id) => before.includes(id))).toEqual([]);
}, 300_000);

test('an update to an image that never turns ready is rolled back by Swarm, the old tasks serving throughout', async () => {
  // The released image with a heap limit no process meets: it serves, but its readiness stays 503.
  execFileSync('docker', ['build', '--quiet', '--tag', unreadyImage, '-'], {
    input: `FROM ${registry}/app-api:${tag}\nENV HEALTH_HEAP_LIMIT_MB=16\n`,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const image = () => inspectService('api', '{{.Spec.TaskTemplate.ContainerSpec.Image}}');
  const released = image();
  const before = running('api')
    .map((c) => c.Id)
    .sort();
  const started = Date.now();
  await underLoad(`swarm-rollback${Date.now()}`, async () => {
    docker('service', 'update', '--image', unreadyImage, '--no-resolve-image', '--detach', service('api'));
    await updateEnds('api', 'rollback_completed', 240_000);
  });
  figures.push(`update to a never-ready image, rolled back: ${Math.round((Date.now() - started) / 1000)} s`);
  expect(image()).toBe(released);
  // Swarm saw the new tasks fail (the API exits 1 when stopped before it was ever ready), not
  // complete: a task that completes counts as started, and start-first then stops an old one.
  const tries = docker(
    'service',
    'ps',
    '--no-trunc',
    '--format',
    '{{.Image}}|{{.CurrentState}}|{{.Error}}',
    service('api'),
  )
    .split('\n')
    .filter((line) => line.startsWith(`${unreadyImage}|`))
    .map((line) => line.split('|'));
  expect(tries.filter(([, state]) => state.startsWith('Complete'))).toEqual([]);
  expect(
    tries.some(([, state, error]) => state.startsWith('Failed') && /non-zero exit \(1\).*unhealthy/.test(error)),
  ).toBe(true);
  expect(
    running('api')
      .map((c) => c.Id)
      .sort(),
  ).toEqual(before);
  expect(running('api').every((c) => imageOf(c) === released)).toBe(true);
}, 300_000);
