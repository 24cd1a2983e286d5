// The model Compose itself builds from the compose files (`docker compose config --format json`):
// overlays, `extends`, YAML anchors and ${VAR} interpolation mean here exactly what they mean to
// `docker compose up`, because Compose resolves them. Needs the Compose CLI, not a Docker daemon.
import { spawnSync } from 'node:child_process';

// The canonical (long) syntax Compose prints, as far as the rules read it.
export interface Port {
  readonly host_ip?: string;
  readonly published?: string;
  readonly target: number;
  readonly protocol?: string;
}

export interface Volume {
  readonly type: string;
  readonly source?: string;
  readonly target: string;
}

export interface Build {
  /** Absolute, or a remote (Git) URL. */
  readonly context: string;
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  /** null: named without a value, and unset in the environment. */
  readonly args?: Readonly<Record<string, string | null>>;
  readonly target?: string;
}

export interface Service {
  readonly image?: string;
  readonly build?: Build;
  /** null when the image's own command runs. */
  readonly command?: readonly string[] | null;
  readonly user?: string;
  readonly read_only?: boolean;
  readonly cap_drop?: readonly string[];
  readonly security_opt?: readonly string[];
  readonly healthcheck?: { readonly test?: readonly string[]; readonly disable?: boolean };
  readonly ports?: readonly Port[];
  readonly environment?: Readonly<Record<string, string | null>>;
  readonly volumes?: readonly Volume[];
  readonly privileged?: boolean;
  readonly network_mode?: string;
  readonly pid?: string;
  readonly ipc?: string;
  readonly uts?: string;
  readonly userns_mode?: string;
  readonly tmpfs?: readonly string[];
  readonly deploy?: {
    /** Swarm: replicated, global, replicated-job, global-job. */
    readonly mode?: string;
    readonly resources?: {
      readonly limits?: { readonly cpus?: number; readonly memory?: string; readonly pids?: number };
    };
  };
  readonly mem_limit?: string;
  readonly cpus?: number;
  readonly pids_limit?: number;
  readonly logging?: { readonly driver?: string; readonly options?: Readonly<Record<string, string>> };
  readonly restart?: string;
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
}

export interface Model {
  /** Absent when the files define no service. */
  readonly services?: Readonly<Record<string, Service>>;
}

const NO_COMPOSE =
  'the Compose CLI is needed (docker compose config builds the model the rules read), and `docker compose` is not available. Fix: install Docker with the Compose v2 plugin; no daemon is needed';

/**
 * The model of `files` (the base file, then overlays; paths relative to `dir`, where it runs),
 * every profile's services included. `env` is the environment Compose interpolates from, along
 * with the project's `.env` file, as `docker compose up` does (unless `COMPOSE_DISABLE_ENV_FILE`).
 */
export function loadCompose(dir: string, files: readonly string[], env: NodeJS.ProcessEnv): Model {
  const args = ['compose', ...files.flatMap((file) => ['-f', file]), '--profile', '*', 'config', '--format', 'json'];
  const run = spawnSync('docker', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw 'code' in run.error && run.error.code === 'ENOENT' ? new Error(NO_COMPOSE) : run.error;
  if (run.status !== 0) {
    if (/is not a docker command|unknown command/.test(run.stderr)) throw new Error(NO_COMPOSE);
    throw new Error(`${files.join(' + ')}: docker compose config failed: ${run.stderr.trim()}`);
  }
  return JSON.parse(run.stdout) as Model;
}
