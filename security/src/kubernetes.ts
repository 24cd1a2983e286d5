// The Kubernetes manifests as `make k8s-manifests` prints them (scripts/k8s-manifests.sh), each
// object with the file and line it comes from. Read as kubectl reads YAML: version 1.1, so
// `defaultMode: 0440` is octal and `on` is a boolean, as they will be in the cluster.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';

export interface Manifest {
  /** The source file, relative to the repository root (or as given, for a file read directly). */
  readonly file: string;
  /** The line of the object's first key in that file. */
  readonly line: number;
  /** As parsed: not yet checked against any schema. */
  readonly object: unknown;
}

/** The renderer prints `# Source: <file>` before each file's content. */
const SOURCE = /^# Source: (\S+)$/;

/** Runs the renderer (relative to the root) with `env`, as make k8s-manifests would, and parses its output. */
export function renderManifests(root: string, renderer: string, env: NodeJS.ProcessEnv): Manifest[] {
  const run = spawnSync(join(root, renderer), [], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${renderer} failed: ${run.stderr.trim()}`);
  return parseManifests(run.stdout, renderer);
}

/**
 * Every object of a multi-document YAML text. Documents after a `# Source:` line are attributed to
 * that file, with their line in it; the others to `name`. Empty documents are skipped.
 */
export function parseManifests(text: string, name: string): Manifest[] {
  const sources = text.split('\n').flatMap((line, index) => {
    const file = SOURCE.exec(line)?.[1];
    // Line numbers are 1-based; the file's first line is the one after the marker.
    return file === undefined ? [] : [{ file, offset: index + 1 }];
  });
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { version: '1.1', lineCounter });
  if (!Array.isArray(documents)) return [];
  return documents.flatMap((document) => {
    const start = document.contents?.range[0];
    const line = lineCounter.linePos(start ?? document.range[0]).line;
    const source = sources.findLast((s) => s.offset < line);
    const file = source?.file ?? name;
    const error = document.errors[0];
    if (error) {
      const at = lineCounter.linePos(error.pos[0]).line;
      throw new Error(`${file}:${at - (source?.offset ?? 0)}: not valid YAML: ${error.message.split('\n')[0]}`);
    }
    const object: unknown = document.toJS();
    if (object === null || object === undefined) return [];
    return [{ file, line: line - (source?.offset ?? 0), object }];
  });
}
