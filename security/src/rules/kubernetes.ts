// The Kubernetes manifests: each object against the Kubernetes API schema (kubernetes-models), every
// pod against the restricted Pod Security Standard, and the project's own rules on top (read-only
// root, no service account token, numeric user, secrets as files, limits, probes, rollouts, network
// isolation). An object that does not match the schema is reported as such and not checked further.
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IContainer, IPodSpec, IVolume } from 'kubernetes-models/v1';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { Manifest } from '../kubernetes.ts';
import { imageReferenceProblem, secretVariableProblem, type Violation } from '../violation.ts';

/** The kinds the check knows, by `apiVersion kind`; anything else is reported rather than let through unchecked. */
const MODELS = new Map(
  [
    ConfigMap,
    Namespace,
    PersistentVolumeClaim,
    Pod,
    Secret,
    Service,
    ServiceAccount,
    DaemonSet,
    Deployment,
    ReplicaSet,
    StatefulSet,
    CronJob,
    Job,
    Ingress,
    NetworkPolicy,
    PodDisruptionBudget,
  ].map((model) => [`${model.apiVersion} ${model.kind}`, model as { new (data: object): { validate(): void } }]),
);
const CLUSTER_SCOPED = new Set(['Namespace']);

/** An object that matches its schema. */
interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec?: unknown;
}

interface PodTemplate {
  readonly spec: IPodSpec;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

interface Finding {
  problem: string;
  fix: string;
}

interface Rule {
  readonly id: string;
  /** The findings of one object; `set` holds every object that matches its schema, for the rules that relate them. */
  readonly check: (object: KubeObject, set: readonly KubeObject[]) => Finding[];
}

const finding = (problem: string, fix: string): Finding[] => [{ problem, fix }];

/** The pod an object runs: its own spec, or its template's. */
function podOf(object: KubeObject): PodTemplate | undefined {
  const spec = object.spec as
    | {
        template?: { metadata?: KubeObject['metadata']; spec?: IPodSpec };
        jobTemplate?: { spec?: { template?: { metadata?: KubeObject['metadata']; spec?: IPodSpec } } };
      }
    | undefined;
  const template =
    object.kind === 'Pod'
      ? { metadata: object.metadata, spec: object.spec as IPodSpec | undefined }
      : object.kind === 'CronJob'
        ? spec?.jobTemplate?.spec?.template
        : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(object.kind)
          ? spec?.template
          : undefined;
  if (!template?.spec) return undefined;
  return {
    spec: template.spec,
    labels: template.metadata?.labels ?? {},
    annotations: template.metadata?.annotations ?? {},
  };
}

interface PodContainer {
  /** `container api`, `init container wait`, `ephemeral container debug`. */
  readonly label: string;
  readonly container: IContainer;
  readonly kind: 'init' | 'regular' | 'ephemeral';
}

function containersOf(spec: IPodSpec): PodContainer[] {
  const list = (kind: PodContainer['kind'], containers: readonly IContainer[] = []) =>
    containers.map((container) => ({
      label: `${kind === 'regular' ? '' : `${kind} `}container ${container.name}`,
      container,
      kind,
    }));
  return [
    ...list('init', spec.initContainers),
    ...list('regular', spec.containers),
    ...list('ephemeral', spec.ephemeralContainers),
  ];
}

/** A rule on each pod (of a Pod, or a workload's template). */
const podRule = (id: string, check: (pod: PodTemplate, object: KubeObject) => Finding[]): Rule => ({
  id,
  check(object) {
    const pod = podOf(object);
    return pod ? check(pod, object) : [];
  },
});

/** A rule on each container of each pod; findings name the container. */
const containerRule = (
  id: string,
  check: (container: PodContainer, pod: PodTemplate, object: KubeObject) => Finding[],
): Rule =>
  podRule(id, (pod, object) =>
    containersOf(pod.spec).flatMap((container) =>
      check(container, pod, object).map((f) => ({ ...f, problem: `${container.label}: ${f.problem}` })),
    ),
  );

function matchesSelector(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: readonly LabelRequirement[] } | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return false;
  const has = (key: string) => Object.hasOwn(labels, key);
  return (
    Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      if (operator === 'In') return has(key) && values.includes(labels[key] as string);
      if (operator === 'NotIn') return !has(key) || !values.includes(labels[key] as string);
      if (operator === 'Exists') return has(key);
      return operator === 'DoesNotExist' && !has(key);
    })
  );
}

interface LabelRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

const named = (object: KubeObject) => object.metadata?.name ?? '';
const inNamespace = (object: KubeObject, namespace: string | undefined) =>
  !CLUSTER_SCOPED.has(object.kind) && object.metadata?.namespace === namespace;
const octal = (mode: number) => `0${mode.toString(8)}`;

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
const ONE_SHOT = new Set(['Job', 'CronJob']);
const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';

/** The restricted Pod Security Standard, one rule a control (kubernetes.io/docs/concepts/security/pod-security-standards). */
const restrictedRules: readonly Rule[] = [
  podRule('k8s-host-namespaces', ({ spec }) =>
    (['hostNetwork', 'hostPID', 'hostIPC'] as const)
      .filter((key) => spec[key] === true)
      .flatMap((key) => finding(`${key}: true shares the node's namespace`, `remove ${key}`)),
  ),
  podRule('k8s-privileged', ({ spec }) =>
    [
      ...(spec.securityContext?.windowsOptions?.hostProcess === true ? ['the pod is a Windows host process'] : []),
      ...containersOf(spec).flatMap(({ label, container: { securityContext: context } }) => [
        ...(context?.privileged === true ? [`${label}: privileged: true`] : []),
        ...(context?.windowsOptions?.hostProcess === true ? [`${label}: is a Windows host process`] : []),
      ]),
    ].flatMap((problem) => finding(`${problem} removes the container's isolation`, 'remove it')),
  ),
  containerRule('k8s-capabilities', ({ container }) => {
    const capabilities = container.securityContext?.capabilities;
    const added = (capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    return [
      ...((capabilities?.drop ?? []).includes('ALL')
        ? []
        : finding('capabilities.drop lacks ALL', 'securityContext.capabilities.drop: [ALL]')),
      ...(added.length === 0
        ? []
        : finding(`adds ${added.join(', ')}`, 'add no capability other than NET_BIND_SERVICE')),
    ];
  }),
  podRule('k8s-volume-types', ({ spec }) =>
    (spec.volumes ?? []).flatMap((volume) =>
      Object.keys(volume)
        .filter((key) => key !== 'name' && !VOLUME_TYPES.has(key))
        .flatMap((type) =>
          finding(
            `volume ${volume.name} is of type ${type}`,
            `only ${[...VOLUME_TYPES].join(', ')} volumes: no hostPath, no file system the node mounts`,
          ),
        ),
    ),
  ),
  containerRule('k8s-host-ports', ({ container }) =>
    (container.ports ?? [])
      .filter((port) => port.hostPort !== undefined && port.hostPort !== 0)
      .flatMap((port) =>
        finding(`hostPort ${port.hostPort} opens a port on the node`, 'remove hostPort; publish through a Service'),
      ),
  ),
  podRule('k8s-apparmor', ({ spec, annotations }) => {
    const profiles = [
      ['the pod', spec.securityContext?.appArmorProfile?.type],
      ...containersOf(spec).map(({ label, container }) => [label, container.securityContext?.appArmorProfile?.type]),
    ];
    const annotated = Object.entries(annotations).filter(
      ([key, value]) =>
        key.startsWith(APPARMOR_ANNOTATION) &&
        !['', 'runtime/default'].includes(value) &&
        !value.startsWith('localhost/'),
    );
    return [
      ...profiles
        .filter(([, type]) => type === 'Unconfined')
        .flatMap(([who]) =>
          finding(`${who}: runs without AppArmor`, 'appArmorProfile: { type: RuntimeDefault }, or none'),
        ),
      ...annotated.flatMap(([key, value]) =>
        finding(`annotation ${key}: ${value} runs without AppArmor`, 'remove the annotation'),
      ),
    ];
  }),
  podRule('k8s-selinux', ({ spec }) =>
    [
      { who: 'the pod', options: spec.securityContext?.seLinuxOptions },
      ...containersOf(spec).map(({ label, container }) => ({
        who: label,
        options: container.securityContext?.seLinuxOptions,
      })),
    ].flatMap(({ who, options }) => [
      ...(options?.type === undefined || SELINUX_TYPES.has(options.type)
        ? []
        : finding(
            `${who} sets the SELinux type ${options.type}`,
            `use one of ${[...SELINUX_TYPES].filter(Boolean).join(', ')}, or none`,
          )),
      ...(options?.user || options?.role
        ? finding(`${who} sets an SELinux user or role`, 'remove seLinuxOptions.user and .role')
        : []),
    ]),
  ),
  containerRule('k8s-proc-mount', ({ container }) => {
    const mount = container.securityContext?.procMount;
    return mount === undefined || mount === 'Default'
      ? []
      : finding(`procMount: ${mount} unmasks /proc`, 'remove procMount');
  }),
  podRule('k8s-seccomp', ({ spec }) => {
    const podType = spec.securityContext?.seccompProfile?.type;
    return [
      ...(podType === undefined || SECCOMP_TYPES.has(podType)
        ? []
        : finding(`the pod's seccomp profile is ${podType}`, 'seccompProfile: { type: RuntimeDefault }')),
      ...containersOf(spec).flatMap(({ label, container }) => {
        const type = container.securityContext?.seccompProfile?.type ?? podType;
        return type !== undefined && SECCOMP_TYPES.has(type)
          ? []
          : finding(
              `${label}: ${type === undefined ? 'no seccomp profile' : `seccomp profile ${type}`}`,
              "securityContext.seccompProfile: { type: RuntimeDefault } in the pod's securityContext",
            );
      }),
    ];
  }),
  podRule('k8s-sysctls', ({ spec }) =>
    (spec.securityContext?.sysctls ?? [])
      .filter((sysctl) => !SAFE_SYSCTLS.has(sysctl.name))
      .flatMap((sysctl) =>
        finding(`sysctl ${sysctl.name} is not namespaced safely`, 'set only the safe sysctls, or none'),
      ),
  ),
  containerRule('k8s-privilege-escalation', ({ container }) =>
    container.securityContext?.allowPrivilegeEscalation === false
      ? []
      : finding('setuid binaries can still raise privileges', 'securityContext.allowPrivilegeEscalation: false'),
  ),
  containerRule('k8s-run-as-non-root', ({ container }, { spec }) =>
    (container.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) === true
      ? []
      : finding(
          'runAsNonRoot is not true, so nothing stops an image that runs as root',
          "runAsNonRoot: true in the pod's securityContext",
        ),
  ),
  // The standard allows no runAsUser (the image's USER decides); the project wants the uid written here.
  podRule('k8s-run-as-user', ({ spec }) => [
    ...(spec.securityContext?.runAsUser === 0
      ? finding("the pod's runAsUser is 0 (root)", 'a non-zero runAsUser')
      : []),
    ...containersOf(spec).flatMap(({ label, container }) => {
      const user = container.securityContext?.runAsUser ?? spec.securityContext?.runAsUser;
      if (user === undefined) {
        return finding(
          `${label}: no runAsUser, so the image's USER decides`,
          "a numeric runAsUser and runAsGroup in the pod's securityContext",
        );
      }
      return user === 0 ? finding(`${label}: runs as uid 0 (root)`, 'a non-zero runAsUser') : [];
    }),
  ]),
];

const projectRules: readonly Rule[] = [
  containerRule('k8s-read-only-root', ({ container }) =>
    container.securityContext?.readOnlyRootFilesystem === true
      ? []
      : finding(
          'the root filesystem is writable',
          'securityContext.readOnlyRootFilesystem: true, with an emptyDir for each path it writes',
        ),
  ),
  podRule('k8s-service-account-token', ({ spec }) =>
    spec.automountServiceAccountToken === false
      ? []
      : finding(
          'the service account token is mounted: a credential to the Kubernetes API in every container',
          'automountServiceAccountToken: false in the pod spec',
        ),
  ),
  podRule('k8s-empty-dir', ({ spec }) =>
    (spec.volumes ?? [])
      .filter((volume): volume is IVolume & { emptyDir: NonNullable<IVolume['emptyDir']> } => !!volume.emptyDir)
      .flatMap(({ name, emptyDir }) => {
        const written = containersOf(spec).some(({ container }) =>
          (container.volumeMounts ?? []).some((mount) => mount.name === name && mount.readOnly !== true),
        );
        return [
          ...(emptyDir.medium === 'Memory'
            ? []
            : finding(`emptyDir ${name} is on the node's disk`, 'medium: Memory, a tmpfs as in compose')),
          ...(emptyDir.sizeLimit === undefined
            ? finding(`emptyDir ${name} has no size limit`, 'sizeLimit, within the memory limit')
            : []),
          ...(written
            ? []
            : finding(
                `emptyDir ${name} is mounted writable nowhere`,
                'an emptyDir only where a path must be writable: remove it',
              )),
        ];
      }),
  ),
  podRule('k8s-secret-mode', ({ spec }) =>
    (spec.volumes ?? []).flatMap((volume) => {
      // Unset, the kubelet writes 0644: every user in the container may read the secret.
      const modes = [
        ...(volume.secret
          ? [volume.secret.defaultMode ?? 0o644, ...(volume.secret.items ?? []).map((i) => i.mode)]
          : []),
        ...(volume.projected?.sources ?? [])
          .filter((source) => source.secret)
          .flatMap((source) => [
            volume.projected?.defaultMode ?? 0o644,
            ...(source.secret?.items ?? []).map((i) => i.mode),
          ]),
      ].filter((mode): mode is number => mode !== undefined && (mode & 0o007) !== 0);
      return modes.length === 0
        ? []
        : finding(
            `secret volume ${volume.name} gives others mode ${octal(modes[0] as number)}`,
            'defaultMode: 0440, with fsGroup set to the group of the user that reads it',
          );
    }),
  ),
  containerRule('k8s-plain-secret', ({ container }) => [
    ...(container.env ?? []).flatMap(({ name, value, valueFrom }) =>
      valueFrom?.secretKeyRef
        ? finding(
            `environment ${name} takes a Secret's value`,
            `mount the Secret as a file and pass ${name}_FILE=/run/secrets/<name>`,
          )
        : (secretVariableProblem(name, value) ?? []),
    ),
    ...(container.envFrom ?? [])
      .filter((source) => source.secretRef)
      .flatMap((source) =>
        finding(
          `envFrom puts every key of Secret ${source.secretRef?.name} in the environment`,
          'mount the Secret as files and pass *_FILE paths',
        ),
      ),
  ]),
  containerRule('k8s-resources', ({ container, kind }) => {
    // Ephemeral (debug) containers may not set resources.
    if (kind === 'ephemeral') return [];
    const { requests = {}, limits = {} } = container.resources ?? {};
    const missing = [
      ...['cpu', 'memory'].filter((r) => requests[r] === undefined).map((r) => `${r} request`),
      ...['cpu', 'memory'].filter((r) => limits[r] === undefined).map((r) => `${r} limit`),
    ];
    return missing.length === 0
      ? []
      : finding(`no ${missing.join(', ')}`, 'resources: { requests: { cpu, memory }, limits: { cpu, memory } }');
  }),
  // A one-shot Job exits instead of serving: no health to probe, as compose exempts the migrate job.
  containerRule('k8s-probes', ({ container, kind }, _pod, object) => {
    if (kind !== 'regular' || ONE_SHOT.has(object.kind)) return [];
    const missing = (['readinessProbe', 'livenessProbe'] as const).filter((probe) => !container[probe]);
    return missing.length === 0
      ? []
      : finding(
          `no ${missing.join(', ')}`,
          'a readinessProbe, may it take traffic, and a livenessProbe, is it alive: different endpoints when readiness depends on another service',
        );
  }),
  containerRule('k8s-image-tag', ({ container }) => {
    const problem = imageReferenceProblem(container.image ?? '');
    return problem ? finding(problem, 'pin a version tag or a digest') : [];
  }),
  {
    id: 'k8s-rolling-update',
    check(object) {
      if (object.kind !== 'Deployment') return [];
      const { replicas = 1, strategy } = (object as IDeployment).spec ?? {};
      const maxUnavailable = strategy?.rollingUpdate?.maxUnavailable ?? '25%';
      return [
        ...(replicas >= 2
          ? []
          : finding(`${replicas} replica: a rollout or a node failure stops the service`, 'replicas: 2 or more')),
        ...(strategy?.type === 'Recreate'
          ? finding('strategy Recreate stops every pod before starting new ones', 'strategy: RollingUpdate')
          : [0, '0%'].includes(maxUnavailable)
            ? []
            : finding(
                `a rollout may take ${maxUnavailable} of the pods down before new ones are ready`,
                'strategy.rollingUpdate.maxUnavailable: 0',
              )),
      ];
    },
  },
  {
    id: 'k8s-disruption-budget',
    check(object, set) {
      const replicas = (object.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      const pod = podOf(object);
      if (!['Deployment', 'StatefulSet'].includes(object.kind) || replicas < 2 || !pod) return [];
      const covered = set.some(
        (other) =>
          other.kind === 'PodDisruptionBudget' &&
          inNamespace(other, object.metadata?.namespace) &&
          matchesSelector((other as IPodDisruptionBudget).spec?.selector, pod.labels),
      );
      return covered
        ? []
        : finding(
            'no PodDisruptionBudget selects its pods: a node drain may evict every replica at once',
            'a PodDisruptionBudget with minAvailable: 1 and the same selector',
          );
    },
  },
  {
    id: 'k8s-namespace',
    check(object, set) {
      if (object.kind === 'Namespace') {
        const level = object.metadata?.labels?.[PSA_ENFORCE];
        return level === 'restricted'
          ? []
          : finding(
              `Pod Security Admission enforces ${level ?? 'nothing'} here`,
              `label it ${PSA_ENFORCE}: restricted`,
            );
      }
      const namespace = object.metadata?.namespace;
      if (namespace === undefined) {
        return finding(
          "no metadata.namespace: it lands in kubectl's current namespace, whatever that enforces",
          'set metadata.namespace',
        );
      }
      return set.some((other) => other.kind === 'Namespace' && named(other) === namespace)
        ? []
        : finding(`namespace ${namespace} is not in the set`, 'add the Namespace, labelled for the restricted profile');
    },
  },
  {
    id: 'k8s-default-deny',
    check(object, set) {
      if (object.kind !== 'Namespace') return [];
      const denied = set.some((other) => {
        if (other.kind !== 'NetworkPolicy' || !inNamespace(other, named(object))) return false;
        const { podSelector, policyTypes = [], ingress = [], egress = [] } = (other as INetworkPolicy).spec ?? {};
        const everyPod =
          Object.keys(podSelector?.matchLabels ?? {}).length === 0 &&
          (podSelector?.matchExpressions ?? []).length === 0;
        return (
          everyPod &&
          policyTypes.includes('Ingress') &&
          policyTypes.includes('Egress') &&
          ingress.length === 0 &&
          egress.length === 0
        );
      });
      return denied
        ? []
        : finding(
            'no NetworkPolicy denies all ingress and egress by default: every pod talks to anything',
            'a NetworkPolicy with podSelector: {} and policyTypes: [Ingress, Egress], then one policy for each allowed flow',
          );
    },
  },
];

/** Every rule's id, the schema's included. */
export const KUBERNETES_RULES: readonly string[] = [
  'k8s-schema',
  ...[...restrictedRules, ...projectRules].map((rule) => rule.id),
];

/** Violations of the schema and of every rule, for the objects of one rendered set. */
export function checkManifests(manifests: readonly Manifest[]): Violation[] {
  const violations: Violation[] = [];
  const valid: Array<{ manifest: Manifest; object: KubeObject }> = [];
  for (const manifest of manifests) {
    const problem = schemaProblem(manifest.object);
    if (problem) {
      const { kind, metadata } = (manifest.object ?? {}) as Partial<KubeObject>;
      violations.push({
        file: manifest.file,
        line: manifest.line,
        object: typeof kind === 'string' ? `${kind}/${metadata?.name ?? ''}` : undefined,
        rule: 'k8s-schema',
        ...problem,
      });
    } else {
      valid.push({ manifest, object: manifest.object as KubeObject });
    }
  }
  const set = valid.map(({ object }) => object);
  for (const { manifest, object } of valid) {
    for (const rule of [...restrictedRules, ...projectRules]) {
      for (const f of rule.check(object, set)) {
        violations.push({
          file: manifest.file,
          line: manifest.line,
          object: `${object.kind}/${named(object)}`,
          rule: rule.id,
          ...f,
        });
      }
    }
  }
  return violations;
}

function schemaProblem(object: unknown): Finding | undefined {
  const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
  if (typeof object !== 'object' || object === null || typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return { problem: 'not a Kubernetes object (apiVersion, kind)', fix: 'one object a YAML document' };
  }
  const Model = MODELS.get(`${apiVersion} ${kind}`);
  if (!Model) {
    return {
      problem: `${apiVersion} ${kind} is not a kind this check knows`,
      fix: `use one of: ${[...MODELS.keys()].join(', ')}; or add its model to MODELS in security/src/rules/kubernetes.ts`,
    };
  }
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    // kubernetes-models names each field as data/<path>.
    const message = (error as Error).message.replaceAll(/\bdata\//g, '').replaceAll(/\bdata /g, 'the object ');
    return { problem: `does not match the Kubernetes API schema: ${message}`, fix: 'correct the field' };
  }
}
