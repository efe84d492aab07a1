// API keys: `afk_<id>_<secret>` tokens, stored as the sha-256 of the secret and checked in constant time.
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "./db.ts";
import { type NewId, randomBase32 } from "./ids.ts";
import type { Role } from "./records.ts";
import { apiKeys } from "./schema.ts";

export interface ApiKey {
  id: string;
  organisationId: string;
  role: Role;
  name: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Who a valid key speaks for. */
export interface Principal {
  keyId: string;
  organisationId: string;
  role: Role;
}

// 40 base32 characters: 200 random bits, so a fast unsalted hash is as good as a slow one here.
const secretLength = 40;
const tokenPattern = /^afk_([0-9a-z]{1,32})_([0-9a-z]{40})$/;

/** The bearer token of a key: its id (less the `ak_` prefix) and its secret. */
const formatToken = (id: string, secret: string) => `afk_${id.slice("ak_".length)}_${secret}`;

/** The id and secret of a well-formed token, undefined for anything else. */
export function parseToken(token: string): { id: string; secret: string } | undefined {
  const match = tokenPattern.exec(token);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { id: `ak_${match[1]}`, secret: match[2] };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * Equal strings of equal length, in time that depends only on the length (hex digests are always
 * 64 characters), so a response time tells nothing about how much of a guess was right.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

// Compared against when a token names no key, so a miss costs what a wrong secret costs.
const absentHash = "0".repeat(64);

export function createApiKeyRepository(db: Db, newId: NewId, clock: () => Date) {
  return {
    /** A new key; the token in the answer is the only time the secret exists outside the caller. */
    async create(
      organisationId: string,
      input: { role: Role; name?: string | undefined },
    ): Promise<{ key: ApiKey; token: string }> {
      const id = newId("ak");
      const secret = randomBase32(secretLength);
      const [row] = await db
        .insert(apiKeys)
        .values({
          id,
          organisationId,
          role: input.role,
          name: input.name ?? null,
          secretHash: await sha256Hex(secret),
          createdAt: clock(),
        })
        .returning();
      if (row === undefined) throw new Error("api key insert returned no row");
      return { key: toApiKey(row), token: formatToken(id, secret) };
    },

    /** The principal of a valid, unrevoked key; undefined for any other token. */
    async authenticate(token: string): Promise<Principal | undefined> {
      const parsed = parseToken(token);
      if (parsed === undefined) return undefined;
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, parsed.id));
      const hash = await sha256Hex(parsed.secret);
      const matches = constantTimeEqual(hash, row?.secretHash ?? absentHash);
      if (row === undefined || !matches || row.revokedAt !== null) return undefined;
      return { keyId: row.id, organisationId: row.organisationId, role: row.role };
    },

    /** Keys newest first: one organisation's, or every key when `organisationId` is undefined. */
    async list(organisationId: string | undefined): Promise<ApiKey[]> {
      const rows = await db
        .select()
        .from(apiKeys)
        .where(
          organisationId === undefined ? undefined : eq(apiKeys.organisationId, organisationId),
        )
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
      return rows.map(toApiKey);
    },

    /**
     * Revokes a key of the organisation (any organisation when undefined); a key already revoked
     * keeps its first revocation time. Undefined when there is no such key.
     */
    async revoke(organisationId: string | undefined, id: string): Promise<ApiKey | undefined> {
      const scope =
        organisationId === undefined
          ? eq(apiKeys.id, id)
          : and(eq(apiKeys.id, id), eq(apiKeys.organisationId, organisationId));
      await db
        .update(apiKeys)
        .set({ revokedAt: clock() })
        .where(and(scope, isNull(apiKeys.revokedAt)));
      const [row] = await db.select().from(apiKeys).where(scope);
      return row === undefined ? undefined : toApiKey(row);
    },

    /** How many keys were ever made, revoked ones included. */
    async count(): Promise<number> {
      const [row] = await db.select({ n: count() }).from(apiKeys);
      return row?.n ?? 0;
    },
  };
}

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKey {
  const { secretHash: _, ...key } = row;
  return key;
}
