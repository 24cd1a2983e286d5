// Pure code, no framework: backend/bench/twin.mjs reads the same cursors as the API.

/** PostgreSQL's integer: ids are 1 to this. */
const MAX_ID = 2_147_483_647;
/** A name is at most 100 characters; a cursor carries one, so the longest cursor is bounded too. */
const MAX_NAME_CHARS = 100;
/** Longer than any cursor the API writes: anything longer is refused before it is decoded. */
export const MAX_CURSOR_LENGTH = 1024;

/**
 * A position in a listing: the sort key of an item. The list is in id order, so its key is the id;
 * a search is in name order (case-insensitive), so its key is the name, then the id for ties.
 */
export interface ItemKey {
  id: number;
  name?: string;
}

/** Where a page starts: just after a key, just before one, or (no key, before) the end. */
export type ItemCursor = { after: ItemKey } | { before: ItemKey | null };

// The wire form: base64url of a short JSON array. ["a", id] / ["b", id] in the list, with the name
// after the id in a search; ["b"] is "before the end", the last page of either.
type Wire = ['a' | 'b', number?, string?];

function toBase64Url(json: string): string {
  return Buffer.from(json, 'utf8').toString('base64url');
}

export function encodeCursor(cursor: ItemCursor): string {
  const [direction, key] = 'after' in cursor ? (['a', cursor.after] as const) : (['b', cursor.before] as const);
  const wire: Wire =
    key === null ? [direction] : key.name === undefined ? [direction, key.id] : [direction, key.id, key.name];
  return toBase64Url(JSON.stringify(wire));
}

function isKey(id: unknown, name: unknown): boolean {
  return (
    Number.isInteger(id) &&
    (id as number) >= 1 &&
    (id as number) <= MAX_ID &&
    (name === undefined || (typeof name === 'string' && name.length > 0 && [...name].length <= MAX_NAME_CHARS))
  );
}

/**
 * The cursor a client sent back, or undefined when it is not one the API wrote: not base64url, not
 * the JSON shape above, a key out of range, or any other spelling of the same value (the cursor is
 * encoded again and must come out byte for byte the same). Cursors are opaque, not secret: a client
 * that forges a well-formed one only picks another position in a listing it may read anyway.
 */
export function decodeCursor(text: string): ItemCursor | undefined {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(wire) || wire.length < 1 || wire.length > 3) return undefined;
  const [direction, id, name] = wire as unknown[];
  let cursor: ItemCursor;
  if (wire.length === 1 && direction === 'b') cursor = { before: null };
  else if ((direction !== 'a' && direction !== 'b') || !isKey(id, name)) return undefined;
  else {
    const key: ItemKey = name === undefined ? { id: id as number } : { id: id as number, name: name as string };
    cursor = direction === 'a' ? { after: key } : { before: key };
  }
  return encodeCursor(cursor) === text ? cursor : undefined;
}
