import { execFileSync, spawn } from 'node:child_process';
import { compose, docker, nameOf, projectContainers, serviceOf } from '../src/docker';
import { MixedLoad, summary, type LoadReport } from '../src/load';
import { baseUrl, eventually, get, psql, repoRoot } from '../src/stack';

// Zero-downtime operations on the running production stack, each under a client's mixed load
// through the front (list, read, create, rename; 10 requests/s, under the front's rate limit): a
// crashed API replica, a deploy that must roll back, rolling deploys. Last in the suite: it replaces
// containers, and leaves every service healthy on the images it found.
const RATE = 10;
const registry = process.env.IMAGE_REGISTRY ?? 'local';
const tag = process.env.IMAGE_TAG ?? 'dev';
const unreadyImage = `${registry}/app-api:${tag}-unready`;
const figures: string[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const running = (svc: string) =>
  projectContainers().filter((c) => serviceOf(c) === svc && c.State.Status === 'running');
const healthOf = (name: string) => docker('inspect', '-f', '{{.State.Health.Status}}', name);

/** `make deploy` as a person runs it; asynchronous, so the load keeps going meanwhile. */
function makeDeploy(env: Record<string, string>): Promise<{ code: number; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('make', ['-s', 'deploy'], { cwd: repoRoot, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Runs `action` while the load runs, from 2 s before to 2 s after it; the load is reported either way. */
async function underLoad<T>(run: string, action: () => Promise<T>): Promise<{ result: T; report: LoadReport }> {
  const load = new MixedLoad(baseUrl(), run, RATE);
  load.start();
  const settled = await (async () => {
    try {
      await sleep(2_000);
      const result = await action();
      await sleep(2_000);
      return { result };
    } catch (error) {
      return { error };
    }
  })();
  const report = await load.stop();
  console.log(`${run}: ${summary(report)}`);
  figures.push(`${run}: ${report.outcomes.length} requests, ${report.failed.length} failed`);
  if ('error' in settled) throw settled.error;
  return { result: settled.result, report };
}

/** Every item the API lists, by id (page after page by cursor, under the rate limit). */
async function listedItems(): Promise<Map<number, string>> {
  const items = new Map<number, string>();
  for (let cursor: string | null = ''; cursor !== null;) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = JSON.parse((await get(`/api/items?limit=100${query}`)).body) as {
      items: { id: number; name: string }[];
      next: string | null;
    };
    for (const item of page.items) items.set(item.id, item.name);
    cursor = page.next;
    await sleep(100);
  }
  return items;
}

/** How many times the API replicas logged each POST or PATCH of the run (their access log lines). */
function handledByTheApi(run: string): Map<string, number> {
  const handled = new Map<string, number>();
  const lines = running('api').flatMap((c) => docker('logs', nameOf(c)).split('\n'));
  for (const line of lines) {
    if (!line.includes(`"${run}-`)) continue;
    const entry = JSON.parse(line) as { message?: string; method?: string; requestId?: string };
    if (entry.message === 'request' && (entry.method === 'POST' || entry.method === 'PATCH') && entry.requestId) {
      handled.set(entry.requestId, (handled.get(entry.requestId) ?? 0) + 1);
    }
  }
  return handled;
}

async function everyServiceHealthy(): Promise<void> {
  await eventually(
    'every api, front and edge container to be healthy',
    () =>
      Promise.resolve(
        projectContainers()
          .filter((c) => ['api', 'front', 'edge'].includes(serviceOf(c)))
          .every((c) => healthOf(nameOf(c)) === 'healthy'),
      ),
    90_000,
  );
}

afterAll(() => {
  console.log(`zero-downtime figures:\n  ${figures.join('\n  ')}`);
  execFileSync('docker', ['image', 'rm', '--force', unreadyImage], { stdio: 'ignore' });
});

// Established TCP connections to the API's port 3000 (0BB8) from another host, in a replica's
// /proc/net/tcp: what the front's nginx keeps open between requests.
const keptAlive = (name: string) =>
  docker('exec', name, 'cat', '/proc/net/tcp')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, local, remote, state]) => local?.endsWith(':0BB8') && !remote?.startsWith('0100007F') && state === '01')
    .length;

test('the front balances over every API replica, over kept-alive connections', async () => {
  const replicas = running('api');
  expect(replicas).toHaveLength(Number(process.env.API_REPLICAS ?? 2));
  for (let i = 0; i < 10; i++) expect((await get('/api/items?limit=1')).status).toBe(200);
  // The responses are all in, yet connections stay open (nginx closes idle ones after 4 s).
  for (const c of replicas) expect(keptAlive(nameOf(c))).toBeGreaterThan(0);
  const used = new Set(
    [...compose('logs', '--no-color', '--since', '60s', 'front').matchAll(/ua="([\d.]+):3000"/g)].map((m) => m[1]),
  );
  const addresses = replicas.map((c) =>
    docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', nameOf(c)).trim().split(' '),
  );
  for (const ips of addresses) expect(ips.some((ip) => used.has(ip))).toBe(true);
});

test('kill -9 of one API replica: GETs keep succeeding, failed POST/PATCH are counted, none is applied twice', async () => {
  const run = `crash${Date.now()}`;
  const victim = nameOf(running('api')[0]);
  const startedAt = () => docker('inspect', '-f', '{{.State.StartedAt}}', victim);
  const firstStart = startedAt();
  const { report } = await underLoad(run, async () => {
    const pid = Number(docker('inspect', '-f', '{{.State.Pid}}', victim));
    // The process itself, from the host: Docker sees a crash and its restart policy brings it back.
    // Without the right to signal it, Docker's own SIGKILL, and a start by hand.
    let restartedByDocker = true;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      docker('kill', '--signal', 'KILL', victim);
      restartedByDocker = false;
    }
    await sleep(5_000);
    if (!restartedByDocker) docker('start', victim);
    await eventually(
      'the killed replica to be healthy again',
      () => Promise.resolve(startedAt() !== firstStart && healthOf(victim) === 'healthy'),
      90_000,
    );
  });
  await everyServiceHealthy();

  expect(report.failed.filter((o) => o.method === 'GET')).toEqual([]);
  const nonIdempotent = report.outcomes.filter((o) => o.method !== 'GET');
  const failed = report.failed.filter((o) => o.method !== 'GET');
  figures.push(
    `kill -9 of ${victim}: ${report.failed.length - failed.length} failed GETs, ` +
      `${failed.length} of ${nonIdempotent.length} POST/PATCH failed`,
  );
  // Applied at most once: no request id reached the API twice, and each create left one row at most
  // (one exactly when it was acknowledged).
  const handled = handledByTheApi(run);
  expect(handled.size).toBeGreaterThanOrEqual(nonIdempotent.length - failed.length);
  expect([...handled].filter(([, times]) => times > 1)).toEqual([]);
  const rows = new Map(
    psql(`SELECT name, count(*) FROM app.items WHERE name LIKE '${run} item %' GROUP BY name`)
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('|') as [string, string]),
  );
  expect([...rows.values()].filter((count) => count !== '1')).toEqual([]);
  for (const { name } of report.created) expect(rows.get(name)).toBe('1');
}, 180_000);

test('a deploy whose new api replica never turns ready is rolled back: non-zero exit, the old replicas serve, no request fails', async () => {
  // The released image with a heap limit no process meets: it serves, but its readiness stays 503.
  execFileSync('docker', ['build', '--quiet', '--tag', unreadyImage, '-'], {
    input: `FROM ${registry}/app-api:${tag}\nENV HEALTH_HEAP_LIMIT_MB=16\n`,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const before = running('api').map(nameOf).sort();
  const { result, report } = await underLoad(`rollback${Date.now()}`, () =>
    makeDeploy({ SERVICE: 'api', IMAGE_TAG: `${tag}-unready`, DEPLOY_TIMEOUT: '20' }),
  );
  figures.push(`failed deploy: exit ${result.code} after ${result.seconds} s`);

  expect(result.code).not.toBe(0);
  expect(result.output).toContain(`(${unreadyImage}@`);
  expect(result.output).toContain('did not become healthy within 20s');
  expect(result.output).toContain('Health Check has failed'); // the end of the new replica's log
  expect(result.output).toMatch(new RegExp(`rolled back: removed \\S+; serving: ${before.length} x `));
  expect(running('api').map(nameOf).sort()).toEqual(before);
  expect(report.failed).toEqual([]);
}, 180_000);

test('three deploys of the api and one of the front, under load, fail no request', async () => {
  const run = `deploy${Date.now()}`;
  const apiBefore = running('api').map(nameOf);
  const before = [...apiBefore, ...running('front').map(nameOf)];
  const { report } = await underLoad(run, async () => {
    for (const service of ['api', 'api', 'api', 'front']) {
      const { code, output, seconds } = await makeDeploy({ SERVICE: service });
      if (code !== 0) throw new Error(`make deploy SERVICE=${service} exited ${code}:\n${output}`);
      expect(output).toContain(`deploy: ${service}: `);
      figures.push(`make deploy SERVICE=${service}: ${seconds} s`);
    }
  });
  await everyServiceHealthy();

  expect(report.failed).toEqual([]);
  // Every replica was replaced, also with the image unchanged.
  const after = [...running('api'), ...running('front')].map(nameOf);
  expect(after.filter((name) => before.includes(name))).toEqual([]);
  expect(running('api')).toHaveLength(apiBefore.length);
  // Every acknowledged create is there.
  const items = await listedItems();
  expect(report.created.length).toBeGreaterThan(0);
  expect(report.created.filter(({ id, name }) => items.get(id) !== name)).toEqual([]);
}, 480_000);
