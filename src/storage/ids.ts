// Readable prefixed random ids (ds_..., sc_..., pl_..., org_..., ak_..., jb_..., wh_..., dl_...), made by an injected function so tests can fix them.

export type IdPrefix = "ds" | "sc" | "pl" | "org" | "ak" | "jb" | "wh" | "dl";
export type NewId = (prefix: IdPrefix) => string;

// Crockford's base32 in lower case: no i, l, o or u, so ids survive being read aloud or retyped.
export const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/** `length` random Crockford base32 characters, 5 bits each. */
export function randomBase32(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let text = "";
  for (const byte of bytes) text += alphabet[byte & 31];
  return text;
}

/** 16 random base32 characters (80 bits) after the prefix, e.g. `pl_7h2k9x4m3q8rv0tz`. */
export const randomId: NewId = (prefix) => `${prefix}_${randomBase32(16)}`;
