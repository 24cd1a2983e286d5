// A Dockerfile parser sufficient for the policy rules: comments, line continuations, heredocs,
// instruction flags, build stages (and stages built FROM other stages), and ARG/ENV substitution
// where Docker applies it (FROM, USER, COPY, ADD, LABEL, ENV...; never inside RUN).

type Vars = Readonly<Record<string, string | undefined>>;

export interface Instruction {
  readonly keyword: string;
  /** Leading --name[=value] options, in order (RUN may carry several --mount). */
  readonly flags: ReadonlyArray<readonly [string, string]>;
  /** What follows the flags; variables substituted for the instructions Docker substitutes in. */
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly name?: string;
  /** The base image reference with build arguments substituted, or the name of an earlier stage. */
  readonly from: string;
  readonly line: number;
  readonly parent?: Stage;
  readonly instructions: Instruction[];
}

export interface Dockerfile {
  readonly stages: Stage[];
}

// Instructions whose arguments Docker expands with ARG/ENV values.
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

interface RawInstruction {
  keyword: string;
  rest: string;
  line: number;
}

/** `buildArgs` are what `docker build --build-arg` (or Compose `build.args`) pass in. */
export function parseDockerfile(text: string, buildArgs: Vars = {}): Dockerfile {
  const globals: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  let scope: Record<string, string | undefined> = {};
  for (const raw of splitInstructions(text)) {
    const current = stages.at(-1);
    // FROM only ever sees the ARGs declared before the first FROM.
    const vars = current && raw.keyword !== 'FROM' ? scope : globals;
    const { flags, rest } = splitFlags(raw.rest);
    const args = EXPANDED.has(raw.keyword) ? substitute(rest, vars) : rest;
    if (raw.keyword === 'FROM') {
      const [from = '', as, name] = args.split(/\s+/);
      const parent = stages.find((stage) => stage.name !== undefined && stage.name === from.toLowerCase());
      stages.push({
        name: as?.toUpperCase() === 'AS' ? name?.toLowerCase() : undefined,
        from,
        line: raw.line,
        parent,
        instructions: [],
      });
      // A stage sees the ENV of the stage it is built from; ARGs end with their stage.
      scope = parent ? { ...envOf(parent) } : {};
      continue;
    }
    if (raw.keyword === 'ARG') {
      for (const word of splitWords(rest)) {
        const [name = '', value] = splitAssignment(word);
        // Inside a stage a bare `ARG NAME` brings in the global default declared before FROM.
        vars[name] =
          buildArgs[name] ?? (value === undefined ? (current ? globals[name] : undefined) : substitute(value, vars));
      }
    }
    if (raw.keyword === 'ENV') Object.assign(scope, envAssignments(args));
    current?.instructions.push({ keyword: raw.keyword, flags, args, line: raw.line });
  }
  return { stages };
}

/** The stage a build produces: the named target, else the last one. */
export function targetStage(dockerfile: Dockerfile, target?: string): Stage | undefined {
  if (target) return dockerfile.stages.find((stage) => stage.name === target.toLowerCase());
  return dockerfile.stages.at(-1);
}

/** The instructions that shape a stage's image, those of the stages it is built FROM first. */
export function effectiveInstructions(stage: Stage): Instruction[] {
  return [...(stage.parent ? effectiveInstructions(stage.parent) : []), ...stage.instructions];
}

/** The last `USER` of the stage (user part only), or undefined when it sets none. */
export function finalUser(stage: Stage): string | undefined {
  const user = effectiveInstructions(stage).findLast((i) => i.keyword === 'USER');
  return user?.args.trim().split(':')[0];
}

export function hasHealthcheck(stage: Stage): boolean {
  const healthcheck = effectiveInstructions(stage).findLast((i) => i.keyword === 'HEALTHCHECK');
  return healthcheck !== undefined && healthcheck.args.trim().toUpperCase() !== 'NONE';
}

/** `LABEL k=v k2="v 2"` pairs of the stage (and of the stages it is built from). */
export function labels(stage: Stage): Map<string, string> {
  const pairs = effectiveInstructions(stage)
    .filter((i) => i.keyword === 'LABEL')
    .flatMap((i) => splitWords(i.args).map(splitAssignment));
  return new Map(pairs.map(([key = '', value = '']) => [key, value]));
}

// $NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word}, ${NAME+word} (word substituted in
// turn) and \$ for a literal $, as BuildKit expands them; with a colon an empty value counts as unset.
const VARIABLE = /\\\$|\$\{([A-Za-z_]\w*)(?:(:?[-+])((?:\$\{[^{}]*\}|[^{}])*))?\}|\$([A-Za-z_]\w*)/g;

function substitute(text: string, vars: Vars): string {
  const expand = (
    escaped: string,
    braced: string | undefined,
    operator: string | undefined,
    word: string | undefined,
    bare: string | undefined,
  ): string => {
    if (bare !== undefined) return vars[bare] ?? '';
    if (braced === undefined) return escaped.slice(1);
    const value = vars[braced];
    if (operator === undefined) return value ?? '';
    const set = operator.startsWith(':') ? Boolean(value) : value !== undefined;
    if (operator.endsWith('-')) return set ? (value as string) : substitute(word ?? '', vars);
    return set ? substitute(word ?? '', vars) : '';
  };
  return text.replace(VARIABLE, expand);
}

function envOf(stage: Stage): Record<string, string> {
  return Object.fromEntries(
    effectiveInstructions(stage)
      .filter((i) => i.keyword === 'ENV')
      .flatMap((i) => Object.entries(envAssignments(i.args))),
  );
}

/** `ENV A=1 B="x y"` or the legacy `ENV A 1`. */
function envAssignments(args: string): Record<string, string> {
  const words = splitWords(args);
  if (words.length > 0 && !words[0]?.includes('=')) {
    const [name = '', ...value] = args.trim().split(/\s+/);
    return { [name]: value.join(' ') };
  }
  return Object.fromEntries(
    words.map((word): [string, string] => {
      const [name, value = ''] = splitAssignment(word);
      return [name, value];
    }),
  );
}

function splitAssignment(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

function splitFlags(rest: string): { flags: Array<[string, string]>; rest: string } {
  const flags: Array<[string, string]> = [];
  let remaining = rest;
  for (let match; (match = /^--([a-zA-Z-]+)(?:=(\S*))?\s*/.exec(remaining));) {
    flags.push([match[1] ?? '', match[2] ?? '']);
    remaining = remaining.slice(match[0].length);
  }
  return { flags, rest: remaining };
}

/** Words as a shell splits them: quotes group and are removed, a backslash escapes. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text.charAt(++i);
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + (c === '\\' && i + 1 < text.length ? text[++i] : c);
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

function splitInstructions(text: string): RawInstruction[] {
  const lines = text.split(/\r?\n/);
  const instructions: RawInstruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] as string;
    if (/^\s*(#|$)/.test(first)) continue;
    const line = i + 1;
    let logical = '';
    let physical = first;
    // A trailing backslash continues the instruction; comment and blank lines inside it are dropped.
    while (/\\\s*$/.test(physical) && i + 1 < lines.length) {
      logical += physical.replace(/\\\s*$/, ' ');
      do physical = lines[++i] as string;
      while (/^\s*(#|$)/.test(physical) && i + 1 < lines.length);
    }
    logical += physical;
    const [, keyword = '', rest = ''] = /^\s*(\S+)\s*([\s\S]*)$/.exec(logical) ?? [];
    let body = rest.trim();
    // Heredocs (RUN <<EOF ... EOF): the body lines belong to the instruction.
    for (const [, dash, , delimiter] of body.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
      while (i + 1 < lines.length) {
        const next = lines[++i] as string;
        if ((dash ? next.trim() : next) === delimiter) break;
        body += `\n${next}`;
      }
    }
    instructions.push({ keyword: keyword.toUpperCase(), rest: body, line });
  }
  return instructions;
}

// --- .dockerignore ---------------------------------------------------------------------------

/** Whether `.dockerignore` content keeps `path` (relative to the context) out of the build context. */
export function isIgnored(path: string, dockerignore: string): boolean {
  let ignored = false;
  for (const rawLine of dockerignore.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).trim().replace(/^\/+|^\.\//g, '');
    if (matchesPathOrParent(path, pattern)) ignored = !negated;
  }
  return ignored;
}

function matchesPathOrParent(path: string, pattern: string): boolean {
  const regex = new RegExp(`^${globToRegex(pattern)}(/.*)?$`);
  return regex.test(path);
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches any number of leading directories, none included.
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}
