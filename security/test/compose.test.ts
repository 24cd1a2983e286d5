// Interpolation, YAML merge keys and the Compose merge of an overlay, as `docker compose config` does them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeCompose, parseCompose, parsePort, parseVolume, type Mapping } from '../src/compose.ts';
import { interpolate } from '../src/interpolate.ts';

describe('interpolate', () => {
  it('takes defaults, nested defaults, alternatives and $$', () => {
    assert.equal(interpolate('${BIND:-127.0.0.1}:${PORT:-8080}:8080', {}), '127.0.0.1:8080:8080');
    assert.equal(interpolate('${A:-${B:-x}}/$C/$$HOME', { C: 'c' }), 'x/c/$HOME');
    assert.equal(interpolate('${A:+set}${B+set}', { A: 'a', B: '' }), 'setset');
  });

  it('tells :- (empty counts as unset) from - (only missing does)', () => {
    assert.equal(interpolate('${E:-d}|${E-d}', { E: '' }), 'd|');
  });

  it('stops on a required variable that is not set', () => {
    assert.throws(() => interpolate('${TAG:?set TAG}', {}), /required variable TAG is not set: set TAG/);
  });
});

const services = (tree: Mapping) => tree.services as Record<string, Mapping>;

describe('parseCompose', () => {
  it('honours merge keys (<<) and interpolates after them', () => {
    const { tree } = parseCompose(
      'x-h: &h\n  read_only: true\n  image: ${IMG:-app:1}\nservices:\n  a:\n    <<: *h\n    user: "1000"\n',
    );
    assert.deepEqual(services(tree).a, { read_only: true, image: 'app:1', user: '1000' });
  });
});

describe('mergeCompose', () => {
  const merge = (base: string, overlay: string) => services(mergeCompose(parseCompose(base), parseCompose(overlay))).a;

  it('replaces command and healthcheck.test, merges the rest of the healthcheck', () => {
    const merged = merge(
      'services:\n  a:\n    command: [x, y]\n    healthcheck: { test: [CMD, a], interval: 5s }\n',
      'services:\n  a:\n    command: [z]\n    healthcheck: { test: [CMD, b] }\n',
    );
    assert.deepEqual(merged, { command: ['z'], healthcheck: { test: ['CMD', 'b'], interval: '5s' } });
  });

  it('merges ports by address and target, volumes and secrets by target, environment by name', () => {
    const merged = merge(
      'services:\n  a:\n    ports: ["127.0.0.1:80:80", "443:443"]\n    volumes: [data:/data]\n    secrets: [s]\n    environment: [A=1, B=2]\n',
      'services:\n  a:\n    ports: ["443:443", "127.0.0.1:81:81"]\n    volumes: [other:/data]\n    secrets: [{ source: s, target: /run/secrets/s }]\n    environment: { B: "3" }\n',
    );
    assert.deepEqual(merged?.ports, ['127.0.0.1:80:80', '443:443', '127.0.0.1:81:81']);
    assert.deepEqual(merged?.volumes, ['other:/data']);
    assert.deepEqual(merged?.secrets, [{ source: 's', target: '/run/secrets/s' }]);
    assert.deepEqual(merged?.environment, { A: '1', B: '3' });
  });

  it('appends other sequences, deep-merges mappings, merges depends_on given as list and mapping', () => {
    const merged = merge(
      'services:\n  a:\n    cap_add: [CHOWN]\n    deploy: { resources: { limits: { memory: 1G } } }\n    depends_on: [db]\n',
      'services:\n  a:\n    cap_add: [CHOWN, KILL]\n    deploy: { resources: { limits: { cpus: "1" } } }\n    depends_on: { db: { condition: service_healthy } }\n',
    );
    assert.deepEqual(merged?.cap_add, ['CHOWN', 'KILL']);
    assert.deepEqual(merged?.deploy, { resources: { limits: { memory: '1G', cpus: '1' } } });
    assert.deepEqual(merged?.depends_on, { db: { condition: 'service_healthy' } });
  });

  it('replaces logging when the driver changes, merges it when it does not', () => {
    const base = 'services:\n  a:\n    logging: { driver: json-file, options: { max-size: 10m } }\n';
    assert.deepEqual(merge(base, 'services:\n  a:\n    logging: { driver: syslog }\n')?.logging, { driver: 'syslog' });
    assert.deepEqual(merge(base, 'services:\n  a:\n    logging: { options: { max-file: "3" } }\n')?.logging, {
      driver: 'json-file',
      options: { 'max-size': '10m', 'max-file': '3' },
    });
  });

  it('removes a value tagged !reset and replaces one tagged !override', () => {
    const merged = merge(
      'services:\n  a:\n    ports: ["127.0.0.1:80:80"]\n    cap_drop: [ALL]\n',
      'services:\n  a:\n    ports: !reset []\n    cap_drop: !override [NET_RAW]\n',
    );
    assert.deepEqual(merged, { cap_drop: ['NET_RAW'] });
  });
});

describe('port and volume syntax', () => {
  it('reads the host address of short and long port syntaxes', () => {
    assert.deepEqual(parsePort('127.0.0.1:8080:80/udp'), {
      hostIp: '127.0.0.1',
      published: '8080',
      target: '80',
      protocol: 'udp',
    });
    assert.deepEqual(parsePort('[::1]:8080:80'), { hostIp: '::1', published: '8080', target: '80', protocol: 'tcp' });
    assert.equal(parsePort('8080:80').hostIp, undefined);
    assert.equal(parsePort(80).published, undefined);
    assert.equal(parsePort({ target: 80, published: 8080, host_ip: '0.0.0.0' }).hostIp, '0.0.0.0');
  });

  it('reads source and target of short and long volume syntaxes', () => {
    assert.deepEqual(parseVolume('/var/run/docker.sock:/var/run/docker.sock:ro'), {
      source: '/var/run/docker.sock',
      target: '/var/run/docker.sock',
    });
    assert.deepEqual(parseVolume('/data'), { target: '/data' });
    assert.deepEqual(parseVolume({ type: 'bind', source: '/run/docker.sock', target: '/sock' }), {
      source: '/run/docker.sock',
      target: '/sock',
    });
  });
});
