// Handlers of /v1/keys.
import type { ApiKey } from "../../storage/api-keys.ts";
import { ApiError } from "../shared/problems.ts";
import { withQuota } from "../shared/quotas.ts";
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./keys.routes.ts";

const toKeyBody = (key: ApiKey) => ({
  id: key.id,
  role: key.role,
  name: key.name,
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const keys = await c.var.services.repositories.apiKeys.list(c.var.organisationId);
  return c.json({ items: keys.map(toKeyBody) }, 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  if (c.req.header("idempotency-key") !== undefined) {
    throw new ApiError("invalid_parameter", "POST /v1/keys does not take an Idempotency-Key", [
      {
        parameter: "Idempotency-Key",
        message: "not supported here: replaying the answer would mean keeping the secret",
      },
    ]);
  }
  const body = c.req.valid("json");
  const { services, organisationId } = c.var;
  const { key, token } = await withQuota(services, organisationId, { apiKeys: 1 }, () =>
    services.repositories.apiKeys.create(organisationId, body),
  );
  return c.json({ ...toKeyBody(key), key: token }, 201);
};

export const revoke: AppRouteHandler<typeof routes.revoke> = async (c) => {
  const { id } = c.req.valid("param");
  const key = await c.var.services.repositories.apiKeys.revoke(c.var.organisationId, id);
  if (key === undefined) throw new ApiError("not_found", `No API key ${id}`);
  return c.json(toKeyBody(key), 200);
};
