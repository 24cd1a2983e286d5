// Pure code, no framework: backend/bench/twin.mjs sends the very same statements as the API.
import type { ItemCursor } from './item-cursor';

/** What GET /items asks for: a page of `limit` items, from `cursor`, whose name starts with `q`. */
export interface ItemQuery {
  limit: number;
  q?: string;
  cursor?: ItemCursor;
}

export interface Statement {
  text: string;
  values: unknown[];
}

/** An item as the API answers it, straight from a row: the timestamps already ISO 8601 strings. */
export interface ItemRow {
  id: number;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

// PostgreSQL writes the ISO form itself (what Date#toJSON gives: UTC, milliseconds), which spares
// the API a Date object and its formatting for each timestamp of each row.
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id, name, description, ${iso('created_at')} AS "createdAt", ${iso('updated_at')} AS "updatedAt"`;

/**
 * The sort key of a search, exactly the expression of the index the migration creates
 * ("IDX_items_name_search"): lower-cased names compared byte by byte, so that a prefix is a range of
 * the index and a page of matches is read from it directly, however many items match.
 */
const SEARCH_KEY = 'lower(name) COLLATE "C"';

/** The statements of the items routes, for the table in `schema`. */
export class ItemSql {
  private readonly table: string;

  constructor(schema: string) {
    // A plain identifier (validated with the configuration), so quoting it is all it needs.
    this.table = `"${schema}".items`;
  }

  byId(id: number): Statement {
    return { text: `SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1`, values: [id] };
  }

  insert(name: string, description: string | null): Statement {
    return {
      text: `INSERT INTO ${this.table} (name, description) VALUES ($1, $2) RETURNING ${COLUMNS}`,
      values: [name, description],
    };
  }

  /** Sets the fields given (at least one) and updated_at, and returns the row. */
  update(id: number, { name, description }: { name?: string; description?: string | null }): Statement {
    const values: unknown[] = [id];
    const assignments = ['updated_at = now()'];
    if (name !== undefined) assignments.push(`name = $${values.push(name)}`);
    if (description !== undefined) assignments.push(`description = $${values.push(description)}`);
    return {
      text: `UPDATE ${this.table} SET ${assignments.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      values,
    };
  }

  delete(id: number): Statement {
    return { text: `DELETE FROM ${this.table} WHERE id = $1`, values: [id] };
  }

  /**
   * One page and one row more (which tells whether there is a next page), read with a keyset: from
   * the cursor's key along an index, so the first and the last page cost the same. Backwards (a
   * `before` cursor) the rows come in reverse order.
   */
  page({ limit, q, cursor }: ItemQuery): Statement {
    const backward = cursor !== undefined && 'before' in cursor;
    const key = cursor === undefined ? undefined : 'after' in cursor ? cursor.after : cursor.before;
    const [order, compare] = backward ? [' DESC', '<'] : ['', '>'];
    const values: unknown[] = [];
    const param = (value: unknown) => `$${values.push(value)}`;
    const where: string[] = [];
    let orderBy: string;
    if (q === undefined) {
      if (key) where.push(`id ${compare} ${param(key.id)}`);
      orderBy = `id${order}`;
    } else {
      where.push(`starts_with(${SEARCH_KEY}, lower(${param(q)}))`);
      if (key) where.push(`(${SEARCH_KEY}, id) ${compare} (lower(${param(key.name ?? '')}), ${param(key.id)})`);
      orderBy = `${SEARCH_KEY}${order}, id${order}`;
    }
    const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const text = `SELECT ${COLUMNS} FROM ${this.table}${filter} ORDER BY ${orderBy} LIMIT ${param(limit + 1)}`;
    return { text, values };
  }
}
