// Readable prefixed random ids (ds_..., sc_..., pl_...), made by an injected function so tests can fix them.

export type IdPrefix = "ds" | "sc" | "pl";
export type NewId = (prefix: IdPrefix) => string;

// Crockford's base32 in lower case: no i, l, o or u, so ids survive being read aloud or retyped.
const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/** 16 random base32 characters (80 bits) after the prefix, e.g. `pl_7h2k9x4m3q8rv0tz`. */
export const randomId: NewId = (prefix) => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = `${prefix}_`;
  for (const byte of bytes) id += alphabet[byte & 31];
  return id;
};
