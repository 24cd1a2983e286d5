// The Kubernetes rules, each against a fixture that breaks it and nothing else; the reading of the
// manifests (YAML as kubectl reads it, the file and line of each object); and the check of a
// repository's manifests as its renderer prints them.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseManifests, type Manifest } from '../src/kubernetes.ts';
import { checkProject } from '../src/policy.ts';
import { checkManifests, KUBERNETES_RULES } from '../src/rules/kubernetes.ts';
import { formatViolation, type Violation } from '../src/violation.ts';
import { assertOnly } from './assert.ts';
import { composeEnv } from './env.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'kubernetes');
const renderer = join(import.meta.dirname, '..', '..', 'scripts', 'k8s-manifests.sh');
const load = (name: string) => parseManifests(readFileSync(join(fixtures, name), 'utf8'), `kubernetes/${name}`);
const text = (manifests: readonly Manifest[]) => checkManifests(manifests).map(formatViolation);

/** Kind, namespace and name: what a fixture's object replaces in the valid set. */
function identity({ object }: Manifest): string {
  const { kind, metadata } = object as { kind: string; metadata?: { name?: string; namespace?: string } };
  return `${kind} ${metadata?.namespace} ${metadata?.name}`;
}

/** The valid set, with the objects of `extra` in place of those of the same kind and name. */
function validWith(extra: readonly Manifest[]): Manifest[] {
  const replaced = new Set(extra.map(identity));
  return [...load('valid.yaml').filter((manifest) => !replaced.has(identity(manifest))), ...extra];
}

describe('Kubernetes rules', () => {
  it('pass the valid set', () => {
    assert.deepEqual(text(load('valid.yaml')), []);
  });

  it('have one fixture each, and every fixture is a rule', () => {
    const names = readdirSync(fixtures)
      .filter((name) => name !== 'valid.yaml')
      .map((name) => name.replace(/\.yaml$/, ''));
    assert.deepEqual(names.sort(), [...KUBERNETES_RULES].sort());
  });

  for (const rule of KUBERNETES_RULES) {
    it(`${rule}: fails its fixture with file, line, object, rule, problem and fix`, () => {
      // The set-wide rules name the object left uncovered, which is in the valid set.
      assertOnly(
        checkManifests(validWith(load(`${rule}.yaml`))),
        rule,
        new RegExp(`^kubernetes/(${rule}|valid)\\.yaml:\\d+: [A-Za-z]+/[a-z-]+: ${rule}: .+ \\(.+\\)$`),
      );
    });
  }

  it('k8s-plain-secret: names the variable, never its value', () => {
    const [violation] = checkManifests(validWith(load('k8s-plain-secret.yaml')));
    assert.match(violation?.problem ?? '', /DB_PASSWORD/);
    assert.doesNotMatch(formatViolation(violation as Violation), /not-a-real-password/);
  });

  it('k8s-plain-secret: a Secret read into the environment fails too', () => {
    const source = readFileSync(join(fixtures, 'k8s-plain-secret.yaml'), 'utf8').replace(
      '{ name: DB_PASSWORD, value: not-a-real-password }',
      '{ name: DB_URL, valueFrom: { secretKeyRef: { name: db, key: url } } }',
    );
    assertOnly(
      checkManifests(validWith(parseManifests(source, 'secret-env.yaml'))),
      'k8s-plain-secret',
      /container web: environment DB_URL takes a Secret's value/,
    );
  });

  it('k8s-disruption-budget: reads matchExpressions as the API server does', () => {
    const budget = (values: string) =>
      parseManifests(
        readFileSync(join(fixtures, 'k8s-disruption-budget.yaml'), 'utf8').replace(
          'matchLabels: { app: worker }',
          `matchExpressions: [{ key: app, operator: In, values: [${values}] }]`,
        ),
        'budget.yaml',
      );
    assert.deepEqual(text(validWith(budget('web, worker'))), []);
    assertOnly(checkManifests(validWith(budget('worker'))), 'k8s-disruption-budget', /Deployment\/web: /);
  });

  it('k8s-probes: a one-shot Job needs none', () => {
    // The valid set's Job has no probes.
    const job = load('valid.yaml').find((manifest) => identity(manifest).startsWith('Job '));
    assert.ok(job);
    assert.deepEqual(
      text([job]).filter((line) => line.includes('k8s-probes')),
      [],
    );
  });

  it('k8s-namespace: an object without a namespace fails', () => {
    const configMap = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: loose }\n', 'loose.yaml');
    assertOnly(
      checkManifests(validWith(configMap)),
      'k8s-namespace',
      /^loose\.yaml:1: ConfigMap\/loose: .*no metadata/,
    );
  });

  it('k8s-schema: a kind the check does not know, or a document that is not an object, fails', () => {
    const manifests = parseManifests(
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: fixture }\n---\n- just\n- a list\n',
      'odd.yaml',
    );
    assert.deepEqual(text(validWith(manifests)), [
      'odd.yaml:1: Widget/w: k8s-schema: example.com/v1 Widget is not a kind this check knows (use one of: v1 ConfigMap, v1 Namespace, v1 PersistentVolumeClaim, v1 Pod, v1 Secret, v1 Service, v1 ServiceAccount, apps/v1 DaemonSet, apps/v1 Deployment, apps/v1 ReplicaSet, apps/v1 StatefulSet, batch/v1 CronJob, batch/v1 Job, networking.k8s.io/v1 Ingress, networking.k8s.io/v1 NetworkPolicy, policy/v1 PodDisruptionBudget; or add its model to MODELS in security/src/rules/kubernetes.ts)',
      'odd.yaml:5: k8s-schema: not a Kubernetes object (apiVersion, kind) (one object a YAML document)',
    ]);
  });
});

describe('parseManifests', () => {
  it('reads YAML 1.1 as kubectl does: a leading 0 is octal', () => {
    const [manifest] = parseManifests('apiVersion: v1\nkind: X\nmode: 0440\n', 'mode.yaml');
    assert.equal((manifest?.object as { mode: number }).mode, 0o440);
  });

  it('gives each object the file and line of its source, after the renderer’s # Source: lines', () => {
    const rendered = [
      '---',
      '# Source: deploy/a.yaml',
      '# a comment',
      'kind: A',
      '---',
      'kind: B',
      '---',
      '# Source: deploy/b.yaml',
      'kind: C',
    ].join('\n');
    assert.deepEqual(
      parseManifests(rendered, 'stdin').map(({ file, line, object }) => [file, line, object]),
      [
        ['deploy/a.yaml', 2, { kind: 'A' }],
        ['deploy/a.yaml', 4, { kind: 'B' }],
        ['deploy/b.yaml', 1, { kind: 'C' }],
      ],
    );
  });

  it('names the file and line of invalid YAML', () => {
    assert.throws(
      () => parseManifests('---\n# Source: deploy/a.yaml\nkind: A\nspec: [unclosed\n', 'stdin'),
      /^Error: deploy\/a\.yaml:\d+: not valid YAML: /,
    );
  });
});

describe('the policy check of a repository with Kubernetes manifests', () => {
  const roots: string[] = [];
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  /** A repository with the real renderer and the given files in deploy/kubernetes/. */
  const repository = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'k8s-'));
    roots.push(root);
    mkdirSync(join(root, 'scripts'));
    copyFileSync(renderer, join(root, 'scripts', 'k8s-manifests.sh'));
    mkdirSync(join(root, 'deploy', 'kubernetes'), { recursive: true });
    for (const [name, source] of Object.entries(files)) {
      copyFileSync(join(fixtures, source), join(root, 'deploy', 'kubernetes', name));
    }
    copyFileSync(join(import.meta.dirname, 'fixtures', 'compose', 'dev.yml'), join(root, 'docker-compose.yml'));
    return root;
  };
  const check = (root: string, env = composeEnv()) => checkProject({ root, overlays: [], env });

  it('checks what the renderer prints, naming each source file and line', () => {
    const root = repository({ '10-valid.yaml': 'valid.yaml', '20-web.yaml': 'k8s-read-only-root.yaml' });
    const { files, violations } = check(root);
    assert.deepEqual(files, ['docker-compose.yml', 'deploy/kubernetes/10-valid.yaml', 'deploy/kubernetes/20-web.yaml']);
    // 20-web.yaml holds a second Deployment web, with a writable root: only that one fails.
    assert.deepEqual(violations.map(formatViolation), [
      'deploy/kubernetes/20-web.yaml:2: Deployment/web: k8s-read-only-root: container web: the root filesystem is writable (securityContext.readOnlyRootFilesystem: true, with an emptyDir for each path it writes)',
    ]);
  });

  it('renders the images with IMAGE_REGISTRY and IMAGE_TAG, and refuses a tag that is not one', () => {
    const root = repository({});
    writeFileSync(
      join(root, 'deploy', 'kubernetes', 'pod.yaml'),
      readFileSync(join(fixtures, 'k8s-image-tag.yaml'), 'utf8').replace(
        'image: registry.example.com/web',
        'image: ${IMAGE_REGISTRY}/web:${IMAGE_TAG}',
      ),
    );
    const image = (env: NodeJS.ProcessEnv) =>
      check(root, env).violations.find((v) => v.rule === 'k8s-image-tag')?.problem ?? 'passes';
    // No namespace and no PodDisruptionBudget in this set: only the image matters here.
    assert.equal(image(composeEnv()), 'passes');
    assert.equal(
      image(composeEnv({ IMAGE_TAG: 'latest' })),
      'container web: image local/web:latest uses the latest tag',
    );
    assert.throws(
      () => check(root, composeEnv({ IMAGE_TAG: '1.0|x' })),
      /^Error: scripts\/k8s-manifests\.sh failed: k8s-manifests: IMAGE_TAG="1\.0\|x" is not an image tag/,
    );
  });
});
