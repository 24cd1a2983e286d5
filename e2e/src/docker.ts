import { execFileSync } from 'node:child_process';

/** The parts of `docker inspect` the stack tests read. */
export interface Container {
  Id: string;
  Name: string;
  Image: string;
  Config: {
    User: string;
    Env: string[];
    Labels: Record<string, string>;
    Healthcheck?: { Test?: string[] };
  };
  State: { Status: string; ExitCode: number; Health?: { Status: string } };
  HostConfig: {
    ReadonlyRootfs: boolean;
    CapDrop: string[] | null;
    CapAdd: string[] | null;
    SecurityOpt: string[] | null;
    Privileged: boolean;
    Memory: number;
    NanoCpus: number;
    PidsLimit: number | null;
    PortBindings: Record<string, { HostIp: string; HostPort: string }[]> | null;
    Binds: string[] | null;
    RestartPolicy: { Name: string };
    LogConfig: { Type: string; Config: Record<string, string> };
  };
}

/** The runtime hardening of one container, as `docker inspect` shows it, as one comparable record. */
export function hardeningOf(c: Container) {
  return {
    nonRootUser: !/^(|root|0)(:.*)?$/.test(c.Config.User),
    readOnlyRootFilesystem: c.HostConfig.ReadonlyRootfs,
    capabilities: { drop: c.HostConfig.CapDrop, add: c.HostConfig.CapAdd ?? [], privileged: c.HostConfig.Privileged },
    noNewPrivileges: (c.HostConfig.SecurityOpt ?? []).includes('no-new-privileges:true'),
    limits: {
      memory: c.HostConfig.Memory > 0,
      cpu: c.HostConfig.NanoCpus > 0,
      pids: (c.HostConfig.PidsLimit ?? 0) > 0,
    },
  };
}

/** What hardeningOf must show for every container of the stack, whichever file started it. */
export const HARDENED: ReturnType<typeof hardeningOf> = {
  nonRootUser: true,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'], add: [], privileged: false },
  noNewPrivileges: true,
  limits: { memory: true, cpu: true, pids: true },
};

export function docker(...args: string[]): string {
  return dockerWith({}, ...args);
}

/** `docker` with variables added to the environment, e.g. for Compose's interpolation. */
export function dockerWith(env: NodeJS.ProcessEnv, ...args: string[]): string {
  return execFileSync('docker', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  }).trim();
}

/** `docker compose` for the project e2e/run.sh started (COMPOSE_PROJECT_NAME, COMPOSE_FILE). */
export const compose = (...args: string[]): string => docker('compose', ...args);

/** Every container of the compose project that e2e/run.sh started. */
export function projectContainers(): Container[] {
  const ids = compose('ps', '--all', '--quiet').split('\n').filter(Boolean);
  if (ids.length === 0) throw new Error('no containers: start the stack with e2e/run.sh');
  return JSON.parse(docker('inspect', ...ids)) as Container[];
}

export const serviceOf = (c: Container): string => c.Config.Labels['com.docker.compose.service'];

/** The container's name, for `docker exec` and `docker inspect` (inspect prefixes it with a slash). */
export const nameOf = (c: Container): string => c.Name.slice(1);
