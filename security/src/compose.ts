// Compose files without Docker: YAML with merge keys (<<), ${VAR:-default} interpolation, and the
// merge of an overlay (docker-compose.prod.yml) over the base file by the Compose specification's
// rules (https://docs.docker.com/reference/compose-file/merge/ and compose-go's override package):
// mappings merge deeply, sequences append, command/entrypoint/healthcheck.test are replaced,
// ports/volumes/secrets/configs are unique by their key, environment-like lists merge by name, and
// the !reset / !override tags remove or replace a value.
import { parseDocument, visit, isPair, isScalar } from 'yaml';
import { interpolate, type Vars } from './interpolate.ts';

export type Mapping = Record<string, unknown>;
type Tag = '!reset' | '!override';

export interface ComposeFile {
  readonly tree: Mapping;
  /** Nodes tagged !reset or !override, by their key path (JSON of the key list). */
  readonly tags: ReadonlyMap<string, Tag>;
}

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses one compose file; variables take their defaults unless `vars` sets them. */
export function parseCompose(text: string, vars: Vars = {}): ComposeFile {
  const doc = parseDocument(text, { merge: true, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) throw new Error(error.message);
  const tags = new Map<string, Tag>();
  visit(doc, {
    Node(_key, node, path) {
      if (node.tag === '!reset' || node.tag === '!override') tags.set(pathKey(keyPath(path)), node.tag);
    },
  });
  const tree = interpolateTree(doc.toJS(), vars);
  if (!isMapping(tree)) throw new Error('not a compose file: the top level is not a mapping');
  return { tree, tags };
}

function keyPath(ancestors: readonly unknown[]): string[] {
  return ancestors.filter(isPair).map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key));
}

const pathKey = (path: readonly string[]): string => JSON.stringify(path);

function interpolateTree(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return interpolate(value, vars);
  if (Array.isArray(value)) return value.map((item) => interpolateTree(item, vars));
  if (isMapping(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, vars)]));
  }
  return value;
}

/** The model `docker compose -f base -f overlay ...` works with. */
export function mergeCompose(base: ComposeFile, overlay: ComposeFile): Mapping {
  return mergeMappings(base.tree, overlay.tree, [], overlay.tags);
}

type Merger = (base: unknown, over: unknown, path: string[], tags: ReadonlyMap<string, Tag>) => unknown;

const replace: Merger = (_base, over) => over;
const byName: Merger = (base, over) => ({ ...toMapping(base), ...toMapping(over) });
const asMappings: Merger = (base, over, path, tags) => mergeMappings(toMapping(base), toMapping(over), path, tags);
// Attributes that take a string or a list.
const asSequences: Merger = (base, over) => [...new Set([...toList(base), ...toList(over)])];
const uniqueBy =
  (key: (entry: unknown) => string): Merger =>
  (base, over) => {
    const entries = new Map<string, unknown>();
    for (const entry of [...toList(base), ...toList(over)]) entries.set(key(entry), entry);
    return [...entries.values()];
  };

// Keyed by the path below `services.<name>`.
const SERVICE_MERGERS: Record<string, Merger> = {
  command: replace,
  entrypoint: replace,
  'healthcheck.test': replace,
  environment: byName,
  labels: byName,
  annotations: byName,
  sysctls: byName,
  'build.args': byName,
  'build.labels': byName,
  'deploy.labels': byName,
  build: (base, over, path, tags) => mergeMappings(toBuild(base), toBuild(over), path, tags),
  tmpfs: asSequences,
  dns: asSequences,
  dns_search: asSequences,
  env_file: asSequences,
  depends_on: asMappings,
  networks: asMappings,
  // Options merge only when both files use the same driver (or one names none).
  logging: (base, over, path, tags) => {
    const [b, o] = [toMapping(base), toMapping(over)];
    return !b.driver || !o.driver || b.driver === o.driver ? mergeMappings(b, o, path, tags) : o;
  },
  ports: uniqueBy((entry) => {
    const port = parsePort(entry);
    return `${port.hostIp ?? ''}:${port.published ?? ''}:${port.target}/${port.protocol}`;
  }),
  volumes: uniqueBy((entry) => parseVolume(entry).target),
  secrets: uniqueBy((entry) => mountTarget(entry, '/run/secrets/')),
  configs: uniqueBy((entry) => mountTarget(entry, '/')),
};

function mergeValue(base: unknown, over: unknown, path: string[], tags: ReadonlyMap<string, Tag>): unknown {
  const tag = tags.get(pathKey(path));
  if (tag === '!reset') return undefined;
  if (tag === '!override' || base === undefined || over === null) return over ?? base;
  const merger = path[0] === 'services' && path.length > 2 ? SERVICE_MERGERS[path.slice(2).join('.')] : undefined;
  if (merger) return merger(base, over, path, tags);
  if (isMapping(base) && isMapping(over)) return mergeMappings(base, over, path, tags);
  if (Array.isArray(base) && Array.isArray(over)) return [...new Set([...base, ...over])];
  return over;
}

function mergeMappings(base: Mapping, over: Mapping, path: string[], tags: ReadonlyMap<string, Tag>): Mapping {
  const merged: Mapping = { ...base };
  for (const [key, value] of Object.entries(over)) {
    // Extension fields (x-*) are replaced whole, never merged.
    const result = key.startsWith('x-') ? value : mergeValue(base[key], value, [...path, key], tags);
    if (result === undefined) delete merged[key];
    else merged[key] = result;
  }
  return merged;
}

// --- Normalised views of the short and long syntaxes, for the merge and for the rules -----------

export function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** `[A=1, B]` or `{A: 1, B: null}` → `{A: '1', B: null}`; lists of names → `{name: {}}`. */
export function toMapping(value: unknown): Mapping {
  if (isMapping(value)) return value;
  const mapping: Mapping = {};
  for (const item of toList(value)) {
    const text = String(item);
    const eq = text.indexOf('=');
    if (eq < 0) mapping[text] = null;
    else mapping[text.slice(0, eq)] = text.slice(eq + 1);
  }
  return mapping;
}

function toBuild(value: unknown): Mapping {
  return typeof value === 'string' ? { context: value } : toMapping(value);
}

export interface Port {
  hostIp?: string;
  published?: string;
  target: string;
  protocol: string;
}

/** `[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]` (IPv6 host addresses in brackets), or the long syntax. */
export function parsePort(entry: unknown): Port {
  if (isMapping(entry)) {
    return {
      hostIp: entry.host_ip === undefined ? undefined : String(entry.host_ip),
      published: entry.published === undefined ? undefined : String(entry.published),
      target: String(entry.target),
      protocol: String(entry.protocol ?? 'tcp'),
    };
  }
  const [spec = '', protocol = 'tcp'] = String(entry).split('/');
  let hostIp: string | undefined;
  let rest = spec;
  const v6 = /^\[([^\]]*)\]:(.*)$/.exec(spec);
  if (v6) [, hostIp = '', rest = ''] = v6;
  const parts = rest.split(':');
  const target = parts.pop() ?? '';
  const published = parts.pop();
  if (!v6 && parts.length > 0) hostIp = parts.join(':');
  return { hostIp, published, target, protocol };
}

export interface Volume {
  source?: string;
  target: string;
}

/** `[SOURCE:]TARGET[:MODE]` or the long syntax; the mode (ro, rw, z...) plays no part in any rule. */
export function parseVolume(entry: unknown): Volume {
  if (isMapping(entry))
    return { source: entry.source === undefined ? undefined : String(entry.source), target: String(entry.target) };
  const [first = '', second] = String(entry).split(':');
  return second === undefined ? { target: first } : { source: first, target: second };
}

function mountTarget(entry: unknown, dir: string): string {
  if (!isMapping(entry)) return dir + String(entry);
  return String(entry.target ?? dir + String(entry.source));
}
