// The repository's own files: the policy holds for them, Renovate finds every base image, and the
// Kubernetes workloads run what compose runs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCompose } from '../src/compose.ts';
import { renderManifests } from '../src/kubernetes.ts';
import { checkProject, OVERLAYS } from '../src/policy.ts';
import { formatViolation } from '../src/violation.ts';
import { composeEnv } from './env.ts';

const root = join(import.meta.dirname, '..', '..');

describe('the repository', () => {
  it('passes the policy: compose files (base, production, dev and swarm), Dockerfiles, .trivyignore, Kubernetes manifests', () => {
    const { files, violations } = checkProject({ root, env: composeEnv() });
    assert.deepEqual(violations.map(formatViolation), []);
    assert.deepEqual(files, [
      'docker-compose.yml',
      'docker-compose.prod.yml',
      'docker-compose.dev.yml',
      'docker-compose.swarm.yml',
      'backend/Dockerfile',
      'db/Dockerfile',
      'frontend/Dockerfile',
      '.trivyignore',
      ...readdirSync(join(root, 'deploy', 'kubernetes')).map((name) => `deploy/kubernetes/${name}`),
    ]);
  });

  it('is checked as Compose would run it here: a variable can break a rule', () => {
    const { violations } = checkProject({ root, env: composeEnv({ FRONT_BIND: '0.0.0.0' }) });
    assert.deepEqual(violations.map(formatViolation), [
      'docker-compose.yml: service edge: port-binding: port 0.0.0.0:8080:8080/tcp binds every host interface (bind one address, e.g. "127.0.0.1:8080:8080")',
      'docker-compose.yml + docker-compose.dev.yml: service front: port-binding: port 0.0.0.0:8080:8080/tcp binds every host interface (bind one address, e.g. "127.0.0.1:8080:8080")',
    ]);
  });

  it('runs in Kubernetes the images, commands and environment compose runs (PGDATA aside)', () => {
    const services = loadCompose(root, ['docker-compose.yml'], composeEnv()).services ?? {};
    const workloads = renderManifests(root, 'scripts/k8s-manifests.sh', composeEnv()).flatMap(({ object }) => {
      const { kind, metadata, spec } = object as {
        kind: string;
        metadata: { name: string };
        spec: {
          template: {
            spec: {
              containers: Array<{ image: string; args?: string[]; env?: Array<{ name: string; value: string }> }>;
            };
          };
        };
      };
      if (!['Deployment', 'StatefulSet', 'Job'].includes(kind)) return [];
      const [container] = spec.template.spec.containers;
      // PGDATA: a directory inside the volume, whose root may hold lost+found (20-db.yaml).
      const env = (container?.env ?? []).filter(({ name }) => name !== 'PGDATA');
      return [
        [metadata.name, container?.image, container?.args, Object.fromEntries(env.map((e) => [e.name, e.value]))],
      ];
    });
    // The edge holds compose's published port; a cluster's ingress or load balancer does that there.
    const composed = Object.entries(services)
      .filter(([name]) => name !== 'edge')
      .map(([name, service]) => [name, service.image, service.command ?? undefined, service.environment ?? {}]);
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    assert.deepEqual(workloads.sort(byName), composed.sort(byName));
  });

  it('lists every compose overlay in OVERLAYS, so each is checked', () => {
    const overlays = readdirSync(root).filter((name) => /^docker-compose\..+\.ya?ml$/.test(name));
    assert.deepEqual(overlays.sort(), OVERLAYS.map((overlay) => overlay.file).sort());
  });

  it('has Renovate update every base image the compose files default, the same as in the Dockerfiles', () => {
    const config = JSON.parse(readFileSync(join(root, '.github', 'renovate.json'), 'utf8')) as {
      customManagers: Array<{ matchStrings: string[] }>;
    };
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const unique = (list: string[]) => [...new Set(list)].sort();
    const found = config.customManagers.flatMap((manager) =>
      manager.matchStrings.flatMap((pattern) =>
        [...compose.matchAll(new RegExp(pattern, 'g'))].map((m) => `${m.groups?.depName}:${m.groups?.currentValue}`),
      ),
    );
    const composeDefaults = [...compose.matchAll(/\$\{[A-Z0-9_]+_IMAGE:-([^}]+)\}/g)].map((m) => m[1] as string);
    // Compose passes its default as the build argument: a Dockerfile default that differs is never built.
    const dockerfileDefaults = ['backend', 'frontend', 'db'].flatMap((dir) =>
      [...readFileSync(join(root, dir, 'Dockerfile'), 'utf8').matchAll(/^ARG [A-Z0-9_]+_IMAGE=(\S+)$/gm)].map(
        (m) => m[1] as string,
      ),
    );
    assert.ok(composeDefaults.length > 0);
    assert.deepEqual(unique(found), unique(composeDefaults));
    assert.deepEqual(unique(dockerfileDefaults), unique(composeDefaults));
  });
});
