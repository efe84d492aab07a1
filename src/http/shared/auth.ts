// Who is calling and what they may do: bearer API keys, roles per route, and the local-development bypass.
import type { MiddlewareHandler } from "hono";
import { isLoopback } from "../../config.ts";
import { defaultOrganisationId } from "../../storage/organisations.ts";
import { type Role, roles } from "../../storage/records.ts";
import { ApiError } from "./problems.ts";
import type { AppEnv } from "./types.ts";

/** The OpenAPI security scheme every /v1 operation names, with the role it needs. */
export const securitySchemeName = "apiKey";

const challenge = 'Bearer realm="anodeflow"';

/**
 * Resolves `Authorization: Bearer <key>` to the key's organisation and role. A missing header and a
 * bad key are both 401; which of malformed, unknown or revoked a bad key is stays unsaid. A client
 * address with too many bad keys this minute gets 429 instead of 401 for every further bad key.
 * Valid keys are never counted nor held, so a procurement system behind the same address (a proxy,
 * a NAT) as a misconfigured one keeps working; telling a valid key from a bad one gains a guesser
 * nothing, as a key has 200 random bits.
 */
export const apiKeyAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  if (header === undefined || header.trim() === "") {
    throw new ApiError(
      "missing_api_key",
      "Send an API key: Authorization: Bearer <key>",
      undefined,
      {
        "WWW-Authenticate": challenge,
      },
    );
  }
  const { authFailures, repositories } = c.var.services;
  const token = /^Bearer +(\S+) *$/i.exec(header)?.[1];
  const principal =
    token === undefined ? undefined : await repositories.apiKeys.authenticate(token);
  if (principal === undefined) {
    const address = c.var.clientAddress;
    const held = await authFailures.peek(address);
    if (!held.allowed) {
      throw new ApiError(
        "auth_throttled",
        `This address sent ${authFailures.limit} invalid API keys within a minute; retry in ${held.resetSeconds} s`,
        undefined,
        { "Retry-After": String(held.resetSeconds) },
      );
    }
    await authFailures.take(address);
    throw new ApiError("invalid_api_key", "The API key is not valid", undefined, {
      "WWW-Authenticate": `${challenge}, error="invalid_token"`,
    });
  }
  c.set("organisationId", principal.organisationId);
  c.set("role", principal.role);
  c.set("keyId", principal.keyId);
  await next();
};

/**
 * AUTH=off: every caller is admin of the default organisation. For local development only, so only
 * a loopback Host is served: a page on another site whose name an attacker re-points at 127.0.0.1
 * (DNS rebinding) sends its own name as Host and is refused.
 */
export const openAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  const host = new URL(c.req.url).hostname;
  if (!isLoopback(host)) {
    throw new ApiError(
      "host_not_allowed",
      `With AUTH=off only loopback hosts (localhost, 127.0.0.1, [::1]) are served, not ${host}`,
    );
  }
  c.set("organisationId", defaultOrganisationId);
  c.set("role", "admin");
  c.set("keyId", "open-access");
  await next();
};

const rank = (role: Role) => roles.indexOf(role);

/** 403 unless the caller's role is `role` or above it. */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (rank(c.var.role) < rank(role)) {
      throw new ApiError("forbidden", `This needs a ${role} key; this key's role is ${c.var.role}`);
    }
    await next();
  };
}

/**
 * Spread into `createRoute`: the role a route needs, enforced by its middleware (then `more`) and
 * stated in the document as the security requirement's role (OpenAPI 3.1 allows roles for
 * non-OAuth schemes).
 */
export function authorised(role: Role, ...more: MiddlewareHandler<AppEnv>[]) {
  return {
    security: [{ [securitySchemeName]: [role] }],
    middleware: [requireRole(role), ...more],
  };
}
