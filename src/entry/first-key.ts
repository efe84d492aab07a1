// The first start's admin key, so that a newcomer's first run is still one command.

import { defaultOrganisationId } from "../storage/organisations.ts";
import type { Repositories } from "../storage/repositories.ts";

/**
 * On a database that has never had an API key: the default organisation (which owns whatever was
 * stored before keys existed) and an admin key in it, whose token is returned to be shown once.
 * Undefined once any key exists, revoked ones included.
 */
export async function createFirstKey(
  repositories: Pick<Repositories, "apiKeys" | "organisations">,
): Promise<string | undefined> {
  if ((await repositories.apiKeys.count()) > 0) return undefined;
  const { organisation } = await repositories.organisations.ensure(
    "default",
    defaultOrganisationId,
  );
  const { token } = await repositories.apiKeys.create(organisation.id, {
    role: "admin",
    name: "first start",
  });
  return token;
}

/** Where the web page reads a key: in the URL fragment, which browsers never send to a server. */
export const loginUrl = (base: string, token: string) => `${base}/#key=${token}`;
