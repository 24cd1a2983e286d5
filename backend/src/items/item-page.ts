// Pure code, no framework: backend/bench/twin.mjs builds its pages with it too.
import { encodeCursor, type ItemKey } from './item-cursor';
import type { ItemQuery, ItemRow } from './item-sql';

/** The cursor of the last page, in the list and in a search alike. */
export const LAST_PAGE_CURSOR = encodeCursor({ before: null });

export interface ItemPage {
  items: ItemRow[];
  limit: number;
  /** The following page, or null when this one is the last. */
  next: string | null;
  /** The preceding page, or null when this one is the first. */
  prev: string | null;
  last: string;
}

/**
 * The page of `query` from the rows ItemSql.page read (one more than `limit` when there are more in
 * that direction). Null when a backward page is empty: nothing precedes the cursor any more (those
 * items were deleted), and the caller answers the first page instead.
 */
export function pageOf(rows: ItemRow[], { limit, q, cursor }: ItemQuery): ItemPage | null {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const keyOf = ({ id, name }: ItemRow): ItemKey => (q === undefined ? { id } : { id, name });
  const after = (item: ItemRow | undefined) => (item ? encodeCursor({ after: keyOf(item) }) : null);
  const before = (item: ItemRow | undefined) => (item ? encodeCursor({ before: keyOf(item) }) : null);
  if (cursor !== undefined && 'before' in cursor) {
    if (items.length === 0) return null;
    items.reverse();
    return {
      items,
      limit,
      next: cursor.before === null ? null : after(items.at(-1)),
      prev: more ? before(items[0]) : null,
      last: LAST_PAGE_CURSOR,
    };
  }
  return {
    items,
    limit,
    next: more ? after(items.at(-1)) : null,
    // Past the end of the list (what was there was deleted), the way back is the last page.
    prev: cursor === undefined ? null : (before(items[0]) ?? LAST_PAGE_CURSOR),
    last: LAST_PAGE_CURSOR,
  };
}
