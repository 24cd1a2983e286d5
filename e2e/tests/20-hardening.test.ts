import {
  compose,
  docker,
  HARDENED,
  hardeningOf,
  nameOf,
  projectContainers,
  serviceOf,
  type Container,
} from '../src/docker';

// What every container of the stack (as e2e/run.sh starts it: with the production overlay) must
// show at run time, whatever its image says.
const containers = projectContainers();
const of = (svc: string) => containers.filter((c) => serviceOf(c) === svc);
const longRunning = ['db', 'api', 'front', 'edge'];
const apiReplicas = Number(process.env.API_REPLICAS ?? 2);

test('the stack runs db, the api replicas, front and edge, and the migration job ran to success', () => {
  const running = (svc: string) => of(svc).filter((c) => c.State.Status === 'running').length;
  expect(Object.fromEntries(longRunning.map((svc) => [svc, running(svc)]))).toEqual({
    db: 1,
    api: apiReplicas,
    front: 1,
    edge: 1,
  });
  expect(of('migrate').map((c) => c.State)).toEqual([expect.objectContaining({ Status: 'exited', ExitCode: 0 })]);
});

describe.each(containers.map((c) => [serviceOf(c), c] as [string, Container]))('%s', (svc, c) => {
  test.each(Object.keys(HARDENED) as (keyof typeof HARDENED)[])('%s', (key) => {
    expect(hardeningOf(c)[key]).toEqual(HARDENED[key]);
  });

  test('runs as a non-root user, also as its processes see it', () => {
    if (c.State.Status === 'running') expect(docker('exec', nameOf(c), 'id', '-u')).not.toBe('0');
  });

  test('holds no password in its environment', () => {
    const leaked = c.Config.Env.filter((kv) => /PASSWORD|SECRET|TOKEN/i.test(kv.split('=')[0]) && !/_FILE=/.test(kv));
    expect(leaked).toEqual([]);
  });

  test('mounts no docker socket', () => {
    expect((c.HostConfig.Binds ?? []).filter((b) => b.includes('docker.sock'))).toEqual([]);
  });

  test('keeps bounded json-file logs', () => {
    expect(c.HostConfig.LogConfig.Type).toBe('json-file');
    expect(c.HostConfig.LogConfig.Config).toEqual(
      expect.objectContaining({ 'max-size': expect.any(String), 'max-file': expect.any(String) }),
    );
  });

  if (longRunning.includes(svc)) {
    test('has a health check and is healthy', () => {
      expect(c.Config.Healthcheck?.Test?.[0]).toMatch(/^CMD/);
      expect(c.State.Health?.Status).toBe('healthy');
    });

    test('comes back by itself after a crash or a reboot (production restart policy)', () => {
      expect(c.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    });
  } else {
    test('is a one-shot job that is never restarted', () => {
      expect(c.HostConfig.RestartPolicy.Name).toMatch(/^(no|)$/);
    });
  }
});

test('only the edge publishes a port, on loopback', () => {
  const published = containers.flatMap((c) =>
    Object.values(c.HostConfig.PortBindings ?? {})
      .flat()
      .map((b) => ({ svc: serviceOf(c), ip: b.HostIp })),
  );
  expect(published).toEqual([{ svc: 'edge', ip: '127.0.0.1' }]);
});

test('no password appears in any log, image history or image configuration', () => {
  // Read inside the db container: on the host the files belong to the container users.
  const names = ['db_superuser_password', 'db_owner_password', 'db_api_password'];
  const secrets = names.map((n) => compose('exec', '-T', 'db', 'cat', `/run/secrets/${n}`));
  for (const s of secrets) expect(s.length).toBeGreaterThanOrEqual(32);

  const images = [...new Set(containers.map((c) => c.Image))];
  const places = {
    logs: compose('logs', '--no-color'),
    history: images.map((i) => docker('history', '--no-trunc', i)).join('\n'),
    config: docker('image', 'inspect', ...images),
  };
  for (const [place, text] of Object.entries(places)) {
    for (const [i, s] of secrets.entries())
      expect({ place, secret: names[i], found: text.includes(s) }).toEqual({ place, secret: names[i], found: false });
  }
});
