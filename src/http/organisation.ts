// Who is calling: the seam where API keys will resolve an organisation; one default organisation for now.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context.ts";

/** Owner of everything created before organisations exist, and of the seeded dataset. */
export const defaultOrganisationId = "org_default";

export const defaultOrganisation: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("organisationId", defaultOrganisationId);
  await next();
};
