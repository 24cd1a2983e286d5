import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { compose, docker, nameOf, projectContainers, serviceOf } from '../src/docker';
import { eventually, get, postJson, psql, repoRoot, request } from '../src/stack';

// Point-in-time recovery on the running production stack: base backups, a failing archive, a lost
// data volume, a recovery to a point in time, and the refusals. Destructive, so last; the stack is
// left healthy and the volumes recovery kept are removed.
const project = process.env.COMPOSE_PROJECT_NAME ?? 'app';
const dataVolume = `${project}_db-data`;
const archive = '/var/lib/postgresql/archive';
const archiveTimeoutS = Number(psql(`SELECT setting FROM pg_settings WHERE name = 'archive_timeout'`));
const BULK = 100_000;

/** A script of the Makefile's as an operator runs it (no COMPOSE_FILE: it finds the stack's own). */
function run(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const started = Date.now();
  const r = spawnSync(resolve(repoRoot, 'scripts', script), args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, COMPOSE_FILE: '', ...env },
  });
  return { status: r.status, out: r.stdout, err: r.stderr, seconds: (Date.now() - started) / 1000 };
}
function mustRun(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = run(script, args, env);
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} exited ${r.status}\n${r.out}\n${r.err}`);
  return r;
}

const inDb = (command: string) => compose('exec', '-T', 'db', 'sh', '-c', command);
const volumes = () =>
  docker('volume', 'ls', '--quiet', '--filter', `name=${project}_`)
    .split('\n')
    .filter((v) => v.startsWith(`${project}_`));
const keptVolumes = () => volumes().filter((v) => v.startsWith(`${project}_db-data-replaced-`));
const dbContainer = () => projectContainers().find((c) => serviceOf(c) === 'db');
const utcNow = () => new Date().toISOString().replace('T', ' ').replace('Z', '+00');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST /api/items: the new item's id once the API acknowledged it, undefined otherwise. */
async function tryCreate(name: string): Promise<number | undefined> {
  const response = await postJson('/api/items', { name });
  return response.status === 201 ? ((await response.json()) as { id: number }).id : undefined;
}
async function create(name: string): Promise<number> {
  const id = await tryCreate(name);
  if (id === undefined) throw new Error(`POST ${name} was not acknowledged; the stack:\n${compose('ps', '--all')}`);
  return id;
}
const served = async (id: number) => (await get(`/api/items/${id}`)).status;
const status = async () => {
  const response = await request('/api/status');
  const body = (await response.json()) as {
    status: string;
    details: Record<string, { status: string; message?: string }>;
  };
  return { code: response.status, body };
};

afterAll(() => {
  inDb(`chmod 0700 ${archive}/wal`);
  for (const v of keptVolumes()) docker('volume', 'rm', v);
});

const ids: Record<string, number> = {};

test('make base-backup: a verified base backup of 100,000 items; the retention drops older ones and their WAL', () => {
  psql(`INSERT INTO app.items (name) SELECT 'bulk ' || g FROM generate_series(1, ${BULK}) g`);
  const first = mustRun('base-backup.sh');
  const name1 = /base-backup: (\d{8}T\d{6}Z), (\d+) MB in (\d+) s, verified/.exec(first.out);
  expect(name1).not.toBeNull();
  console.log(
    `base backup of ${BULK} items: ${name1![2]} MB in ${name1![3]} s (${first.seconds} s with the retention)`,
  );

  const second = mustRun('base-backup.sh', [], { BASE_BACKUP_KEEP: '1' });
  const name2 = /base-backup: (\d{8}T\d{6}Z)/.exec(second.out)![1];
  expect(second.out).toContain(`removed ${name1![1]}`);
  expect(inDb(`ls ${archive}/base`)).toBe(name2);
  // The oldest WAL left is the first one the kept backup needs.
  const firstWal = /\(file ([0-9A-F]{24})\)/.exec(inDb(`cat ${archive}/base/${name2}/backup_label`))![1];
  const segments = inDb(`ls ${archive}/wal`)
    .split('\n')
    .filter((f) => /^[0-9A-F]{24}\.gz$/.test(f));
  expect(segments.map((f) => f.slice(8, 24)).sort()[0]).toBe(firstWal.slice(8));

  // The archive serves this cluster only: another one's WAL or base backups are refused.
  const other = inDb(
    'mkdir -p /tmp/other/global && printf 12345678 >/tmp/other/global/pg_control && ! pitr-cluster-check /tmp/other 2>&1; rm -rf /tmp/other',
  );
  expect(other).toContain('belongs to the cluster with system identifier');

  const bad = run('base-backup.sh', [], { BASE_BACKUP_KEEP: '0' });
  expect(bad.status).not.toBe(0);
  expect(bad.err).toContain('BASE_BACKUP_KEEP must be a whole number');
}, 120_000);

describe('make recover refuses, changing nothing', () => {
  let before: { db: string; items: string; volumes: string[] };
  beforeAll(() => {
    before = {
      db: docker('inspect', '-f', '{{.Id}} {{.State.StartedAt}}', nameOf(dbContainer()!)),
      items: psql('SELECT count(*) FROM app.items'),
      volumes: volumes(),
    };
  });
  afterEach(async () => {
    expect(docker('inspect', '-f', '{{.Id}} {{.State.StartedAt}}', nameOf(dbContainer()!))).toBe(before.db);
    expect(psql('SELECT count(*) FROM app.items')).toBe(before.items);
    expect(volumes()).toEqual(before.volumes);
    expect((await status()).code).toBe(200);
  });

  test.each([
    ['a time that is not one', 'not a time', 'is not a time'],
    ['a time in the future', '2999-01-01 00:00:00+00', 'is in the future'],
    ['a time before the oldest base backup', '2001-01-01 00:00:00+00', 'before the end of the oldest base backup'],
  ])('%s', (_, target, reason) => {
    const r = run('recover.sh', [target]);
    expect(r.status).not.toBe(0);
    expect(r.err).toContain(reason);
    expect(r.err).toContain('refused, nothing was changed');
  });

  test('a base backup that no longer matches its manifest', () => {
    const name = inDb(`ls ${archive}/base`);
    inDb(
      `cp -a ${archive}/base/${name} ${archive}/base/20000101T000000Z && echo x >>${archive}/base/20000101T000000Z/PG_VERSION`,
    );
    try {
      const r = run('recover.sh', ['2000-01-01 00:00:05+00']);
      expect(r.status).not.toBe(0);
      expect(r.err).toContain('base backup 20000101T000000Z does not match its manifest');
    } finally {
      inDb(`rm -rf ${archive}/base/20000101T000000Z`);
    }
  });
});

test('an archive that cannot be written: /status says so within one archive_timeout, still 200; nothing is lost once it can', async () => {
  expect(archiveTimeoutS).toBeGreaterThan(0);
  inDb(`chmod 0500 ${archive}/wal`);
  const since = Date.now();
  ids.X = await create(`pitr X ${since}`);
  await eventually(
    'wal_archive to be degraded',
    async () => (await status()).body.details.wal_archive?.status === 'degraded',
    (archiveTimeoutS + 15) * 1000,
  );
  const seenAfterS = (Date.now() - since) / 1000;
  console.log(
    `a failing archive showed in /status ${seenAfterS} s after the write (archive_timeout ${archiveTimeoutS} s)`,
  );
  expect(seenAfterS).toBeLessThanOrEqual(archiveTimeoutS + 5);
  const { code, body } = await status();
  expect(code).toBe(200);
  expect(body.status).toBe('degraded');
  expect(body.details.wal_archive.message).toContain('failed');
  const health = run('health.sh');
  expect(health.status).not.toBe(0);
  expect(health.out).toContain('"status": "degraded"');

  inDb(`chmod 0700 ${archive}/wal`);
  ids.Y = await create(`pitr Y ${Date.now()}`);
  await eventually('the report to be ok again', async () => (await status()).body.status === 'ok', 90_000);
  expect(run('health.sh').status).toBe(0);
}, 180_000);

test('a lost data volume: make recover brings back every write acknowledged before the last archived segment', async () => {
  ids.A = await create(`pitr A ${Date.now()}`);
  ids.B = await create(`pitr B ${Date.now()}`);
  ids.C = await create(`pitr C ${Date.now()}`);
  // Writes acknowledged one after another until the failure, for the data actually lost (the RPO).
  const acked: { id: number; at: number }[] = [];
  const until = Date.now() + (archiveTimeoutS * 2 + 3) * 1000;
  let refused = 0;
  while (Date.now() < until) {
    // Only an acknowledged write counts: a busy machine may refuse one now and then.
    const id = await tryCreate(`pitr rpo ${acked.length} ${Date.now()}`);
    if (id === undefined) refused++;
    else acked.push({ id, at: Date.now() });
    await sleep(200);
  }
  expect(refused).toBeLessThan(acked.length / 10);
  // The disk is gone: the server dies without a shutdown, its volume with it.
  const failedAt = Date.now();
  const failureTime = utcNow();
  docker('rm', '--force', nameOf(dbContainer()!));
  docker('volume', 'rm', dataVolume);

  // A target after the last archived transaction: the archive cannot reach it.
  const tooLate = run('recover.sh', [failureTime]);
  expect(tooLate.status).not.toBe(0);
  expect(tooLate.err).toContain('recovery ended before configured recovery target was reached');
  expect(volumes()).not.toContain(dataVolume);
  expect(keptVolumes()).toEqual([]);

  const recovered = mustRun('recover.sh');
  console.log(`recovery of ${BULK}+ items after a lost volume: ${recovered.seconds} s\n${recovered.out}`);
  expect(keptVolumes()).toEqual([]); // nothing was left to keep

  for (const key of ['A', 'B', 'C', 'X', 'Y'])
    expect({ key, status: await served(ids[key]) }).toEqual({ key, status: 200 });
  expect(psql(`SELECT count(*) FROM app.items WHERE name LIKE 'bulk %'`)).toBe(String(BULK));
  const present = new Set(
    psql(`SELECT id FROM app.items WHERE name LIKE 'pitr rpo %'`).split('\n').filter(Boolean).map(Number),
  );
  // What survived is everything acknowledged up to some point: no gap.
  const survived = acked.findIndex((w) => !present.has(w.id));
  const kept = survived === -1 ? acked : acked.slice(0, survived);
  expect(acked.slice(kept.length).filter((w) => present.has(w.id))).toEqual([]);
  expect(kept.length).toBeGreaterThan(0);
  const rpoS = (failedAt - kept[kept.length - 1].at) / 1000;
  console.log(
    `RPO: ${rpoS} s lost (${acked.length - kept.length} of ${acked.length} writes), archive_timeout ${archiveTimeoutS} s`,
  );
  expect(rpoS).toBeLessThanOrEqual(archiveTimeoutS + 5);
}, 300_000);

test('make recover TARGET_TIME: back to that second, the API serves it, the replaced data is kept', async () => {
  ids.D = await create(`pitr D ${Date.now()}`);
  await sleep(1000);
  const target = utcNow();
  await sleep(1000);
  ids.E = await create(`pitr E ${Date.now()}`);
  // The mistake to undo.
  expect((await request(`/api/items/${ids.A}`, { method: 'DELETE' })).status).toBe(204);

  const r = mustRun('recover.sh', [target]);
  console.log(`recovery to ${target}: ${r.seconds} s\n${r.out}`);

  expect(await served(ids.D)).toBe(200);
  expect(await served(ids.E)).toBe(404);
  expect(await served(ids.A)).toBe(200);
  const [kept] = keptVolumes();
  expect(kept).toBeDefined();
  expect(r.out).toContain(`kept in volume ${kept}`);
  // The replaced volume holds the cluster as it was before the recovery.
  const db = dbContainer()!;
  const probe = docker(
    'run',
    '--rm',
    '--network',
    'none',
    '--user',
    'postgres',
    '-v',
    `${kept}:/old:ro`,
    '--entrypoint',
    'cat',
    db.Image,
    '/old/PG_VERSION',
  );
  expect(probe).toBe('16');
  // The recovered database runs as hardened as before, and is healthy.
  expect(db.HostConfig).toMatchObject({
    ReadonlyRootfs: true,
    CapDrop: ['ALL'],
    RestartPolicy: { Name: 'unless-stopped' },
  });
  expect(db.Config.User).toBe('postgres');
  expect(mustRun('health.sh').out).toContain('"status": "ok"');
}, 300_000);
