// The policy check of a repository: the compose file alone and with each overlay, as Compose builds
// them; the Dockerfile of every service that builds an image; the .trivyignore; and the Kubernetes
// manifests as make k8s-manifests renders them.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadCompose, type Build as ComposeBuild, type Model } from './compose.ts';
import { finalUser, hasHealthcheck, parseDockerfile, targetStage, type Dockerfile } from './dockerfile.ts';
import { renderManifests } from './kubernetes.ts';
import { checkComposeModel, type ImageFacts } from './rules/compose.ts';
import { checkDockerfile } from './rules/dockerfile.ts';
import { checkManifests } from './rules/kubernetes.ts';
import { checkTrivyignore } from './rules/trivyignore.ts';
import type { Violation } from './violation.ts';

export interface Overlay {
  /** Relative to the repository root. */
  readonly file: string;
  /** Whether the production rules (limits, rotated logs, no database port) hold with it. */
  readonly production: boolean;
  /**
   * Deployed with `docker stack deploy`: the settings Swarm ignores must be gone, and the rules it
   * cannot meet (no-new-privileges, a port bound to one address) are the hardening ledger's (README.md).
   */
  readonly swarm?: boolean;
}

/** The repository's overlays: each is checked merged over the compose file, one line each. */
export const OVERLAYS: readonly Overlay[] = [
  { file: 'docker-compose.prod.yml', production: true },
  { file: 'docker-compose.dev.yml', production: false },
  { file: 'docker-compose.swarm.yml', production: true, swarm: true },
];

export interface PolicyOptions {
  readonly root: string;
  /** Paths relative to the root. An overlay or .trivyignore that does not exist is skipped. */
  readonly compose?: string;
  readonly overlays?: readonly Overlay[];
  readonly trivyignore?: string;
  /** The script that prints the Kubernetes manifests (make k8s-manifests); skipped when it does not exist. */
  readonly kubernetes?: string;
  readonly today?: Date;
  /** What Compose interpolates the files with (besides the project's .env file) and the Kubernetes renderer runs with: the real environment by default. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface PolicyResult {
  readonly files: string[];
  readonly violations: Violation[];
}

interface Build {
  /** Relative to the root. */
  readonly file: string;
  readonly context: string;
  readonly args: Record<string, string>;
  readonly target?: string;
}

export function checkProject(options: PolicyOptions): PolicyResult {
  const {
    root,
    compose = 'docker-compose.yml',
    overlays = OVERLAYS,
    trivyignore = '.trivyignore',
    kubernetes = 'scripts/k8s-manifests.sh',
    today = new Date(),
    env = process.env,
  } = options;
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const present = overlays.filter((overlay) => existsSync(join(root, overlay.file)));
  const files = [compose, ...present.map((overlay) => overlay.file)];
  const base = loadCompose(root, [compose], env);
  const models = [
    { label: compose, model: base, production: false, swarm: false },
    ...present.map((overlay) => ({
      label: `${compose} + ${overlay.file}`,
      model: loadCompose(root, [compose, overlay.file], env),
      production: overlay.production,
      swarm: overlay.swarm ?? false,
    })),
  ];

  const parsed = new Map<string, Dockerfile>();
  const load = (build: Build): Dockerfile => {
    const key = `${build.file}\0${JSON.stringify(build.args)}`;
    let dockerfile = parsed.get(key);
    if (!dockerfile) {
      if (!existsSync(join(root, build.file))) throw new Error(`${build.file}: not found (a service builds from it)`);
      dockerfile = parseDockerfile(read(build.file), build.args);
      parsed.set(key, dockerfile);
    }
    return dockerfile;
  };
  // An overlay that builds nothing (Swarm's) runs the images the base file builds.
  const baseBuilds = buildsByImage(base, root);
  const builds = models.map(({ model }) => buildsByService(model, root, baseBuilds));
  const composeViolations = models.flatMap((model, index) => {
    const imageOf = (service: string): ImageFacts | undefined => {
      const build = builds[index]?.get(service);
      const stage = build && targetStage(load(build), build.target);
      return stage && { user: finalUser(stage), healthcheck: hasHealthcheck(stage) };
    };
    return checkComposeModel({ ...model, imageOf });
  });
  // A base rule broken in the base file is broken with every overlay too: report it once.
  const seen = new Set<string>();
  const unique = composeViolations.filter((v) => {
    const key = `${v.service}|${v.rule}|${v.problem}`;
    return !seen.has(key) && seen.add(key);
  });

  // Each Dockerfile once, with the build arguments of the first service that builds it.
  const firstBuilds = new Map<string, Build>();
  for (const build of builds.flatMap((byService) => [...byService.values()])) {
    if (!firstBuilds.has(build.file)) firstBuilds.set(build.file, build);
  }
  const dockerfileViolations = [...firstBuilds.values()].flatMap((build) => {
    files.push(build.file);
    const ignore = join(root, build.context, '.dockerignore');
    const dockerignore = existsSync(ignore) ? readFileSync(ignore, 'utf8') : '';
    return checkDockerfile({ file: build.file, dockerfile: load(build), target: build.target, dockerignore });
  });

  const ignoreViolations: Violation[] = [];
  if (existsSync(join(root, trivyignore))) {
    files.push(trivyignore);
    ignoreViolations.push(...checkTrivyignore(trivyignore, read(trivyignore), today));
  }

  const kubernetesViolations: Violation[] = [];
  if (existsSync(join(root, kubernetes))) {
    const manifests = renderManifests(root, kubernetes, env);
    files.push(...new Set(manifests.map((manifest) => manifest.file)));
    kubernetesViolations.push(...checkManifests(manifests));
  }
  return { files, violations: [...unique, ...dockerfileViolations, ...ignoreViolations, ...kubernetesViolations] };
}

/**
 * The build behind each service's image: its own `build:`, or, for a service that only runs an
 * image (a migration job reusing the API image), the build of the service that makes that image,
 * in this model or in `inherited` (the base file's, by image).
 */
function buildsByService(
  model: Model,
  root: string,
  inherited: ReadonlyMap<string | undefined, Build> = new Map(),
): Map<string, Build> {
  const byImage = buildsByImage(model, root);
  const result = new Map<string, Build>();
  for (const [name, service] of Object.entries(model.services ?? {})) {
    const build =
      (service.build && buildOf(service.build, root)) ?? byImage.get(service.image) ?? inherited.get(service.image);
    if (build) result.set(name, build);
  }
  return result;
}

/** The build of each image the model builds, by image name: that of the first service building it. */
function buildsByImage(model: Model, root: string): Map<string | undefined, Build> {
  const byImage = new Map<string | undefined, Build>();
  for (const service of Object.values(model.services ?? {})) {
    const build = service.build && buildOf(service.build, root);
    if (build && service.image !== undefined && !byImage.has(service.image)) byImage.set(service.image, build);
  }
  return byImage;
}

function buildOf(build: ComposeBuild, root: string): Build | undefined {
  // An inline Dockerfile, or one in a remote (Git) context, has no file here to check.
  if (build.dockerfile_inline !== undefined || !isAbsolute(build.context)) return undefined;
  const args = Object.entries(build.args ?? {}).filter((entry): entry is [string, string] => entry[1] !== null);
  return {
    file: relative(root, resolve(build.context, build.dockerfile ?? 'Dockerfile')),
    context: relative(root, build.context),
    args: Object.fromEntries(args),
    target: build.target,
  };
}
