// Variable substitution as Compose does it in compose files (and close enough for Dockerfile ARG/ENV):
// $NAME, ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:+alt}, ${NAME+alt}, ${NAME:?err},
// ${NAME?err}, nested defaults (${A:-${B:-x}}) and $$ for a literal $.

export type Vars = Readonly<Record<string, string | undefined>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(text: string, vars: Vars): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(text, dollar + 2);
      out += substitute(text.slice(dollar + 2, end), vars, text);
      i = end + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      out += name ? (vars[name] ?? '') : '$';
      i = dollar + 1 + (name?.length ?? 0);
    }
  }
  return out;
}

/** Index of the `}` closing the `${` whose body starts at `start`, skipping nested `${...}`. */
function closingBrace(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) {
      return i;
    }
  }
  throw new Error(`unclosed "\${" in: ${text}`);
}

function substitute(body: string, vars: Vars, whole: string): string {
  const name = NAME.exec(body)?.[0];
  if (!name) throw new Error(`invalid substitution "\${${body}}" in: ${whole}`);
  const value = vars[name];
  const rest = body.slice(name.length);
  if (rest === '') return value ?? '';
  const colon = rest.startsWith(':');
  const operator = rest[colon ? 1 : 0];
  const operand = rest.slice(colon ? 2 : 1);
  // With a colon an empty value counts as unset, without it only a missing one does.
  const set = colon ? Boolean(value) : value !== undefined;
  switch (operator) {
    case '-':
      return set ? (value as string) : interpolate(operand, vars);
    case '+':
      return set ? interpolate(operand, vars) : '';
    case '?':
      if (!set) throw new Error(`required variable ${name} is not set: ${operand || whole}`);
      return value as string;
    default:
      throw new Error(`invalid substitution "\${${body}}" in: ${whole}`);
  }
}
