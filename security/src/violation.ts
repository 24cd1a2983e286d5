/**
 * One broken rule, printed as `file[:line]: [service <name>: |<Kind>/<name>: ]<rule>: <what is wrong> (<fix>)`.
 */
export interface Violation {
  readonly file: string;
  readonly line?: number;
  /** A compose service. */
  readonly service?: string;
  /** A Kubernetes object, as `<Kind>/<name>`. */
  readonly object?: string;
  readonly rule: string;
  readonly problem: string;
  readonly fix: string;
}

export function formatViolation(v: Violation): string {
  const where = v.line === undefined ? v.file : `${v.file}:${v.line}`;
  const subject = v.service !== undefined ? `service ${v.service}: ` : v.object !== undefined ? `${v.object}: ` : '';
  return `${where}: ${subject}${v.rule}: ${v.problem} (${v.fix})`;
}

const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|KEY)S?(_|$)/i;

/**
 * What is wrong with an environment variable named like a secret (`PASSWORD`, `SECRET`, `TOKEN`,
 * `KEY` as a word), or undefined: it must be a `*_FILE` path to a mounted secret. The answer never
 * holds the value: it may be the secret.
 */
export function secretVariableProblem(
  name: string,
  value: string | null | undefined,
): { problem: string; fix: string } | undefined {
  if (!SECRET_NAME.test(name)) return undefined;
  if (!/_FILE$/i.test(name)) {
    return {
      problem: `environment ${name} passes a secret as a plain value`,
      fix: `mount it as a secret and pass ${name}_FILE=/run/secrets/<name>`,
    };
  }
  return value?.startsWith('/')
    ? undefined
    : {
        problem: `environment ${name} is not a file path`,
        fix: 'point it at the mounted secret, e.g. /run/secrets/<name>',
      };
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
