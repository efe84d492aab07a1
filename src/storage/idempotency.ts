// Idempotency keys: each organisation's first answer to a key, kept until it expires, so a retried create acts once.
import { and, eq, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "./db.ts";
import { idempotencyKeys } from "./schema.ts";

/** What the first request under a key answered. */
export interface StoredResponse {
  status: number;
  contentType: string | null;
  location: string | null;
  body: string;
}

export type Reservation =
  /** The key is this request's: run it, then `complete` or `release`. */
  | { state: "reserved" }
  /** The key already answered this same request: give that answer again. */
  | { state: "replay"; response: StoredResponse }
  /** The key was used for a different request (method, path or body). */
  | { state: "mismatch" }
  /** The first request with this key is still running; it holds the key until `lockedUntil`. */
  | { state: "running"; lockedUntil: Date };

export interface ReserveInput {
  organisationId: string;
  key: string;
  fingerprint: string;
  now: Date;
  /** How long the first request may run before a retry may take the key over. */
  leaseMs: number;
  /** How long the answer is kept. */
  ttlMs: number;
}

export function createIdempotencyRepository(db: Db) {
  const scope = (organisationId: string, key: string) =>
    and(eq(idempotencyKeys.organisationId, organisationId), eq(idempotencyKeys.key, key));

  return {
    async reserve(input: ReserveInput): Promise<Reservation> {
      const { organisationId, key, fingerprint, now } = input;
      const claim = {
        fingerprint,
        status: null,
        contentType: null,
        location: null,
        body: null,
        lockedUntil: new Date(now.getTime() + input.leaseMs),
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.ttlMs),
      };
      // One statement each way, so two requests racing for a key cannot both win it.
      const inserted = await db
        .insert(idempotencyKeys)
        .values({ organisationId, key, ...claim })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length > 0) return { state: "reserved" };
      // An expired key is free again, and so is one whose first request died holding it.
      const takenOver = await db
        .update(idempotencyKeys)
        .set(claim)
        .where(
          and(
            scope(organisationId, key),
            or(
              lte(idempotencyKeys.expiresAt, now),
              and(isNull(idempotencyKeys.status), lte(idempotencyKeys.lockedUntil, now)),
            ),
          ),
        )
        .returning({ key: idempotencyKeys.key });
      if (takenOver.length > 0) return { state: "reserved" };
      const [row] = await db.select().from(idempotencyKeys).where(scope(organisationId, key));
      // Deleted between the two statements: the caller may simply try again.
      if (row === undefined) return { state: "running", lockedUntil: now };
      if (row.fingerprint !== fingerprint) return { state: "mismatch" };
      if (row.status === null || row.body === null) {
        return { state: "running", lockedUntil: row.lockedUntil };
      }
      return {
        state: "replay",
        response: {
          status: row.status,
          contentType: row.contentType,
          location: row.location,
          body: row.body,
        },
      };
    },

    /** Keeps the answer of the request that reserved the key. */
    async complete(organisationId: string, key: string, response: StoredResponse): Promise<void> {
      await db.update(idempotencyKeys).set(response).where(scope(organisationId, key));
    },

    /** Frees a reserved key whose request did not succeed, so a retry runs it afresh. */
    async release(organisationId: string, key: string): Promise<void> {
      await db
        .delete(idempotencyKeys)
        .where(and(scope(organisationId, key), isNull(idempotencyKeys.status)));
    },

    /** Deletes expired keys; returns how many. */
    async purgeExpired(now: Date): Promise<number> {
      const deleted = await db
        .delete(idempotencyKeys)
        .where(lt(idempotencyKeys.expiresAt, now))
        .returning({ key: idempotencyKeys.key });
      return deleted.length;
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
