/** One broken rule, printed as `file[:line]: [service <name>: ]<rule>: <what is wrong> (<fix>)`. */
export interface Violation {
  readonly file: string;
  readonly line?: number;
  readonly service?: string;
  readonly rule: string;
  readonly problem: string;
  readonly fix: string;
}

export function formatViolation(v: Violation): string {
  const where = v.line === undefined ? v.file : `${v.file}:${v.line}`;
  const service = v.service === undefined ? '' : `service ${v.service}: `;
  return `${where}: ${service}${v.rule}: ${v.problem} (${v.fix})`;
}

/** What is wrong with an image reference, or undefined when it names a tag other than latest (or a digest). */
export function imageReferenceProblem(reference: string): string | undefined {
  if (reference.trim() === '') return 'the image reference is empty';
  if (reference.includes('@sha256:')) return undefined;
  const lastSlash = reference.lastIndexOf('/');
  const colon = reference.indexOf(':', lastSlash + 1);
  if (colon < 0) return `image ${reference} has no tag, which means latest`;
  if (reference.slice(colon + 1) === 'latest') return `image ${reference} uses the latest tag`;
  return undefined;
}
