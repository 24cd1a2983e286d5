// Runtime hardening of every compose service, read from the model Compose builds. Base rules hold
// for the base file and for it with each overlay; production rules only with the production overlay.
import type { Model, Port, Service } from '../compose.ts';
import { imageReferenceProblem, secretVariableProblem, type Violation } from '../violation.ts';

/** What the image a service runs declares about itself, when its Dockerfile is in the repository. */
export interface ImageFacts {
  readonly user?: string;
  readonly healthcheck: boolean;
}

export interface ComposeModel {
  /** How the model is named in messages: one file, or `base + overlay`. */
  readonly label: string;
  readonly model: Model;
  readonly production: boolean;
  /** Deployed with `docker stack deploy` (see Overlay.swarm). */
  readonly swarm: boolean;
  /** The facts of the image a service runs, from the Dockerfile of the service that builds it. */
  readonly imageOf: (service: string) => ImageFacts | undefined;
}

interface Finding {
  problem: string;
  fix: string;
}

interface Rule {
  readonly id: string;
  readonly production?: boolean;
  /** false: Swarm cannot apply it on any service; the hardening ledger (README.md) says what replaces it. */
  readonly swarm?: boolean;
  /** true: for Swarm only. */
  readonly swarmOnly?: boolean;
  readonly check: (service: Service, name: string, model: ComposeModel) => Finding[];
}

const DATABASE = /^(db|database)$|postgres|mysql|mariadb|mongo|redis/i;
const HOST_NAMESPACES = ['network_mode', 'pid', 'ipc', 'uts', 'userns_mode'] as const;
const ALL_INTERFACES = new Set(['', '0.0.0.0', '::']);
// What `docker stack deploy` (engine 20.10) leaves out of a service, the hardening among it.
const SWARM_IGNORED = ['security_opt', 'tmpfs', 'restart', 'depends_on'] as const;

const finding = (problem: string, fix: string): Finding[] => [{ problem, fix }];

const composeRules: readonly Rule[] = [
  {
    id: 'non-root-user',
    check(service, name, model) {
      const user = service.user === undefined ? model.imageOf(name)?.user : service.user.split(':')[0];
      if (user === undefined) {
        return finding(
          'no user: the image default applies, root for most images',
          'set user: to a non-root user, or USER in its Dockerfile',
        );
      }
      return isRoot(user) ? finding(`runs as ${user}`, 'set user: to a non-root user') : [];
    },
  },
  {
    id: 'read-only',
    check: (service) =>
      service.read_only === true
        ? []
        : finding('the root filesystem is writable', 'read_only: true, with a tmpfs for each path it writes'),
  },
  {
    id: 'cap-drop',
    check: (service) =>
      (service.cap_drop ?? []).some((cap) => cap.toUpperCase() === 'ALL')
        ? []
        : finding('cap_drop does not drop ALL capabilities', 'cap_drop: [ALL], and cap_add only what it needs'),
  },
  {
    id: 'no-new-privileges',
    // Swarm services have no such option (engine 20.10): the images carry no setuid file instead.
    swarm: false,
    check: (service) =>
      (service.security_opt ?? []).some((opt) => /^no-new-privileges([:=]true)?$/.test(opt))
        ? []
        : finding('setuid binaries can still raise privileges', 'security_opt: [no-new-privileges:true]'),
  },
  {
    id: 'healthcheck',
    check(service, name, model) {
      const test = service.healthcheck?.test ?? [];
      // Compose keeps `test: NONE` (a string) as a shell command; only [NONE] or disable turns it off.
      if (service.healthcheck?.disable === true || test[0] === 'NONE') {
        // Documented exemption: a one-shot job exits instead of serving, so there is no health to check.
        return isOneShot(name, service, model.model)
          ? []
          : finding(
              'the health check is disabled',
              'add a healthcheck; only one-shot jobs (restart "no", awaited with service_completed_successfully) go without',
            );
      }
      return test.length > 0 || model.imageOf(name)?.healthcheck
        ? []
        : finding(
            'no health check in the service or its image',
            'add a healthcheck:, or a HEALTHCHECK to its Dockerfile',
          );
    },
  },
  {
    id: 'image-tag',
    check(service) {
      if (service.image === undefined) {
        return service.build === undefined
          ? []
          : finding('the built image has no name, so Compose tags it latest', 'set image: <registry>/<name>:<version>');
      }
      const problem = imageReferenceProblem(service.image);
      return problem ? finding(problem, 'pin a version tag or a digest') : [];
    },
  },
  {
    id: 'port-binding',
    // A Swarm service port has no host address: it binds every interface.
    swarm: false,
    check: (service) =>
      (service.ports ?? [])
        .filter((port) => ALL_INTERFACES.has(port.host_ip ?? ''))
        .map((port) => ({
          problem: `port ${portLabel(port)} binds every host interface`,
          fix: 'bind one address, e.g. "127.0.0.1:8080:8080"',
        })),
  },
  {
    id: 'plain-secret',
    check: (service) =>
      Object.entries(service.environment ?? {}).flatMap(([key, value]) => secretVariableProblem(key, value) ?? []),
  },
  {
    id: 'docker-socket',
    check: (service) =>
      (service.volumes ?? [])
        .filter((volume) => `${volume.source ?? ''} ${volume.target}`.includes('docker.sock'))
        .map((volume) => ({
          problem: `mounts the Docker socket (${volume.source ?? volume.target}), which is root on the host`,
          fix: 'remove the mount',
        })),
  },
  {
    id: 'privileged',
    check(service) {
      const shared = HOST_NAMESPACES.filter((key) => service[key] === 'host').map((key) => `${key}: host`);
      const problems = [...(service.privileged === true ? ['privileged: true'] : []), ...shared];
      return problems.map((problem) => ({ problem: `${problem} removes the container's isolation`, fix: 'remove it' }));
    },
  },
  {
    id: 'resource-limits',
    production: true,
    check(service) {
      const limits = service.deploy?.resources?.limits ?? {};
      const missing = [
        (limits.memory ?? service.mem_limit) ? [] : ['memory'],
        (limits.cpus ?? service.cpus) ? [] : ['cpus'],
        (limits.pids ?? service.pids_limit) ? [] : ['pids'],
      ].flat();
      return missing.length === 0
        ? []
        : finding(`no ${missing.join(', ')} limit`, 'deploy.resources.limits: { cpus, memory, pids }');
    },
  },
  {
    id: 'log-rotation',
    production: true,
    check(service) {
      // Without a driver the daemon's default applies: json-file, which never rotates by default.
      const driver = service.logging?.driver ?? 'json-file';
      return driver === 'json-file' && !service.logging?.options?.['max-size']
        ? finding(
            'json-file logs without max-size grow until the disk is full',
            'logging: { driver: json-file, options: { max-size: 10m, max-file: "3" } }',
          )
        : [];
    },
  },
  {
    id: 'db-port',
    production: true,
    check(service, name) {
      const identity = [name, service.image, ...Object.values(service.build?.args ?? {})];
      const ports = service.ports ?? [];
      return identity.some((text) => text && DATABASE.test(text)) && ports.length > 0
        ? finding(
            `the database publishes ${ports.map(portLabel).join(', ')} on the host`,
            'remove ports: (in the overlay: ports: !reset [])',
          )
        : [];
    },
  },
  {
    id: 'swarm-ignored',
    swarmOnly: true,
    check(service) {
      const ignored = SWARM_IGNORED.filter((key) => {
        const value: unknown = service[key];
        return typeof value === 'object' && value !== null ? Object.keys(value).length > 0 : value !== undefined;
      });
      return ignored.length === 0
        ? []
        : finding(
            `docker stack deploy ignores ${ignored.join(', ')}: it looks applied and is not`,
            'reset it in the swarm overlay (!reset) and use what Swarm applies: tmpfs as a volume of type tmpfs, deploy.restart_policy, a readiness check for what depends_on waited for',
          );
    },
  },
];

export function checkComposeModel(model: ComposeModel): Violation[] {
  return Object.entries(model.model.services ?? {}).flatMap(([name, service]) =>
    composeRules
      .filter((rule) => model.production || !rule.production)
      .filter((rule) => (model.swarm ? rule.swarm !== false : !rule.swarmOnly))
      .flatMap((rule) =>
        rule.check(service, name, model).map((f) => ({ file: model.label, service: name, rule: rule.id, ...f })),
      ),
  );
}

export function isRoot(user: string): boolean {
  return ['', 'root', '0'].includes(user.trim());
}

/** Restarts never, and another service waits for it to complete: a job such as a migration; or a Swarm job. */
function isOneShot(name: string, service: Service, model: Model): boolean {
  if (service.deploy?.mode?.endsWith('-job')) return true;
  if (service.restart !== undefined && service.restart !== 'no') return false;
  return Object.values(model.services ?? {}).some(
    (other) => other.depends_on?.[name]?.condition === 'service_completed_successfully',
  );
}

/** `[host_ip:][published:]target/protocol`, as the short syntax writes it. */
function portLabel(port: Port): string {
  const host = port.host_ip?.includes(':') ? `[${port.host_ip}]` : port.host_ip;
  return (
    [host, port.published, port.target].filter((part) => part !== undefined && part !== '').join(':') +
    `/${port.protocol ?? 'tcp'}`
  );
}
