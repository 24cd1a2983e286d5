// The policy check of a repository: the compose file alone and merged with the production overlay,
// the Dockerfile of every service that builds an image, and the .trivyignore.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mergeCompose, parseCompose, toMapping, type Mapping } from './compose.ts';
import { finalUser, hasHealthcheck, parseDockerfile, targetStage, type Dockerfile } from './dockerfile.ts';
import { checkComposeModel, type ImageFacts } from './rules/compose.ts';
import { checkDockerfile } from './rules/dockerfile.ts';
import { checkTrivyignore } from './rules/trivyignore.ts';
import type { Violation } from './violation.ts';

export interface PolicyOptions {
  readonly root: string;
  /** Paths relative to the root. An overlay (or null: none) or .trivyignore that does not exist is skipped. */
  readonly compose?: string;
  readonly overlay?: string | null;
  readonly trivyignore?: string;
  readonly today?: Date;
}

export interface PolicyResult {
  readonly files: string[];
  readonly violations: Violation[];
}

interface Build {
  readonly file: string;
  readonly context: string;
  readonly args: Record<string, string>;
  readonly target?: string;
}

export function checkProject(options: PolicyOptions): PolicyResult {
  const {
    root,
    compose = 'docker-compose.yml',
    overlay = 'docker-compose.prod.yml',
    trivyignore = '.trivyignore',
    today = new Date(),
  } = options;
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const parse = (path: string) => {
    try {
      return parseCompose(read(path));
    } catch (error) {
      throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
    }
  };
  const base = parse(compose);
  const models = [{ label: compose, tree: base.tree, production: false }];
  const files = [compose];
  if (overlay !== null && existsSync(join(root, overlay))) {
    models.push({ label: `${compose} + ${overlay}`, tree: mergeCompose(base, parse(overlay)), production: true });
    files.push(overlay);
  }

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
  const composeDir = dirname(compose);
  const builds = models.map((model) => buildsByService(model.tree, composeDir));
  const composeViolations = models.flatMap((model, index) => {
    const imageOf = (service: string): ImageFacts | undefined => {
      const build = builds[index]?.get(service);
      const stage = build && targetStage(load(build), build.target);
      return stage && { user: finalUser(stage), healthcheck: hasHealthcheck(stage) };
    };
    return checkComposeModel({ ...model, imageOf });
  });
  // A base rule broken in the base file is broken in the merged model too: report it once.
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
  return { files, violations: [...unique, ...dockerfileViolations, ...ignoreViolations] };
}

/**
 * The build behind each service's image: its own `build:`, or, for a service that only runs an
 * image (a migration job reusing the API image), the build of the service that makes that image.
 */
function buildsByService(tree: Mapping, composeDir: string): Map<string, Build> {
  const services = Object.entries(toMapping(tree.services)).map(
    ([name, service]) => [name, toMapping(service)] as const,
  );
  const byImage = new Map<unknown, Build>();
  const own = new Map<string, Build>();
  for (const [name, service] of services) {
    const build = buildOf(service, composeDir);
    if (!build) continue;
    own.set(name, build);
    if (service.image !== undefined && !byImage.has(service.image)) byImage.set(service.image, build);
  }
  const result = new Map<string, Build>();
  for (const [name, service] of services) {
    const build = own.get(name) ?? byImage.get(service.image);
    if (build) result.set(name, build);
  }
  return result;
}

function buildOf(service: Mapping, composeDir: string): Build | undefined {
  if (service.build === undefined) return undefined;
  const build = typeof service.build === 'string' ? { context: service.build } : toMapping(service.build);
  // An inline Dockerfile has no file to check.
  if (build.dockerfile_inline !== undefined) return undefined;
  const context = join(composeDir, String(build.context ?? '.'));
  const args = Object.entries(toMapping(build.args)).filter(([, value]) => value !== null && value !== undefined);
  return {
    file: join(context, String(build.dockerfile ?? 'Dockerfile')),
    context,
    args: Object.fromEntries(args.map(([key, value]) => [key, String(value)])),
    target: build.target === undefined ? undefined : String(build.target),
  };
}
