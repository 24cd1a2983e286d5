import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose, docker, nameOf, projectContainers, serviceOf } from '../src/docker';
import { eventually, get, psql, runScript } from '../src/stack';

// Day-two operations on the running production stack. These tests stop, restart and wipe
// services, so they run last (file order) and each leaves the stack healthy.
const containerOf = (svc: string) => {
  const c = projectContainers().find((x) => serviceOf(x) === svc);
  if (!c) throw new Error(`no ${svc} container`);
  return c;
};
const apiStatus = async () => (await get('/api/status')).status;

describe('networks', () => {
  test('the front cannot open a connection to the database, by name or by address', () => {
    const dbIp = docker(
      'inspect',
      '-f',
      '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}',
      nameOf(containerOf('db')),
    ).trim();
    expect(dbIp).not.toBe('');
    for (const target of ['db', dbIp]) {
      expect(() => compose('exec', '-T', 'front', 'curl', '-sS', '-m', '3', `telnet://${target}:5432`)).toThrow();
    }
  });

  test('only the edge has a route out: the front, the API and the database reach nothing beyond their internal networks', () => {
    const inside = projectContainers().filter((c) => ['db', 'api', 'front'].includes(serviceOf(c)));
    for (const c of inside) {
      const networks = docker(
        'inspect',
        '-f',
        '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}',
        nameOf(c),
      );
      for (const net of networks.trim().split(' '))
        expect(docker('network', 'inspect', '-f', '{{.Internal}}', net)).toBe('true');
    }
    // A real connection attempt to an address beyond their networks, without sending anything off
    // this machine: the edge's address on the edge network, where it listens on 8080.
    const edge = JSON.parse(
      docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', nameOf(containerOf('edge'))),
    ) as Record<string, { IPAddress: string }>;
    const edgeIp = Object.entries(edge).find(([name]) => name.endsWith('_edge'))?.[1].IPAddress;
    expect(edgeIp).toBeTruthy();
    const connects = (svc: string) => {
      try {
        compose('exec', '-T', svc, 'timeout', '5', 'bash', '-c', `exec 3<>/dev/tcp/${edgeIp}/8080`);
        return true;
      } catch {
        return false;
      }
    };
    expect(connects('edge')).toBe(true); // control: the address answers
    expect(connects('front')).toBe(false);
    expect(connects('api')).toBe(false);
    expect(connects('db')).toBe(false);
  });

  test('the database publishes no port', () => {
    const db = containerOf('db');
    expect(Object.values(db.HostConfig.PortBindings ?? {}).flat()).toEqual([]);
  });
});

describe('the database restarts while the API runs', () => {
  test('/status turns 503, then 200 again without restarting the API', async () => {
    const started = () =>
      projectContainers()
        .filter((c) => serviceOf(c) === 'api')
        .map((c) => docker('inspect', '-f', '{{.Name}} {{.State.StartedAt}} {{.RestartCount}}', nameOf(c)));
    const before = started();
    expect(await apiStatus()).toBe(200);
    compose('stop', 'db');
    try {
      await eventually('/api/status to answer 503', async () => (await apiStatus()) === 503, 20_000);
    } finally {
      compose('start', 'db');
    }
    await eventually('/api/status to answer 200 again', async () => (await apiStatus()) === 200, 60_000);
    expect(started()).toEqual(before);
  });
});

describe('data and backups', () => {
  const marker = `kept across restarts ${Date.now()}`;
  let backupDir: string;

  beforeAll(() => {
    backupDir = mkdtempSync(join(tmpdir(), 'e2e-backups-'));
  });
  afterAll(() => rmSync(backupDir, { recursive: true, force: true }));

  test('data survives down and up without volume removal', async () => {
    psql(`INSERT INTO app.items (name, description) VALUES ('${marker}', 'written before make down')`);
    compose('down');
    compose('up', '-d', '--wait', '--wait-timeout', '180');
    await eventually('the item to be served again', async () => (await get('/api/items')).body.includes(marker));
  });

  test('backup, wipe the volume, restore: every row is back, byte for byte through the API', async () => {
    const before = await get('/api/items');
    expect(before.status).toBe(200);
    expect(before.body).toContain(marker);

    const out = runScript('backup.sh', [], { BACKUP_DIR: backupDir });
    const file = /backup: (\S+\.dump)/.exec(out)?.[1];
    expect(file).toBeDefined();

    compose('down', '--volumes');
    compose('up', '-d', '--wait', '--wait-timeout', '180');
    await eventually('the fresh database to be served', async () => (await get('/api/items')).status === 200);
    expect((await get('/api/items')).body).not.toContain(marker);

    // Without COMPOSE_FILE, as an operator runs it: the script finds the production stack's files
    // itself and restarts the same API container, which keeps its image and restart policy.
    const apiBefore = containerOf('api');
    runScript('restore.sh', [file!], { COMPOSE_FILE: '', BACKUP_DIR: backupDir });
    await eventually('the API to be ready after the restore', async () => (await apiStatus()) === 200);
    const after = await get('/api/items');
    expect(after.status).toBe(200);
    expect(after.body).toBe(before.body);
    const apiAfter = containerOf('api');
    expect(apiAfter.Id).toBe(apiBefore.Id);
    expect(apiAfter.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(runScript('health.sh', [], { COMPOSE_FILE: '' })).toContain('"status": "ok"');
  });
});
