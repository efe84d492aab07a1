// Keyset pagination over (created_at, id), newest first, behind opaque cursors.
import { and, eq, lt, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** The last item of a page: the next page starts strictly after it. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

export interface PageRequest {
  limit: number;
  after?: Cursor | undefined;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// Keyset rather than offset: a page stays correct while plans are being added.
export function encodeCursor(cursor: Cursor): string {
  return btoa(`${cursor.createdAt.getTime()}:${cursor.id}`)
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** undefined for anything encodeCursor did not make. */
export function decodeCursor(text: string): Cursor | undefined {
  let decoded: string;
  try {
    decoded = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return undefined;
  }
  const match = /^(\d{1,15}):([a-z]{2}_[0-9a-z]{1,64})$/.exec(decoded);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

/** Rows after the cursor in (created_at desc, id desc) order; undefined (no filter) without one. */
export function after(
  columns: { createdAt: SQLiteColumn; id: SQLiteColumn },
  cursor: Cursor | undefined,
): SQL | undefined {
  if (cursor === undefined) return undefined;
  return or(
    lt(columns.createdAt, cursor.createdAt),
    and(eq(columns.createdAt, cursor.createdAt), lt(columns.id, cursor.id)),
  );
}

/** Cuts rows fetched with `limit + 1` into a page: the extra row only says another page exists. */
export function toPage<T extends { createdAt: Date; id: string }>(
  rows: T[],
  limit: number,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null,
  };
}
