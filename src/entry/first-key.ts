// The default organisation and the first start's admin key, so that a newcomer's first run is still one command.

import { defaultOrganisationId } from "../storage/organisations.ts";
import type { Repositories } from "../storage/repositories.ts";

/**
 * The default organisation: it owns whatever was stored before keys existed, the first start's
 * admin key, and with AUTH=off everything made and every key minted (such a key works once
 * AUTH=keys is back, on the same data). Its row must exist before a key can refer to it. Throws
 * when another organisation holds its name, which only `npm run keys -- create --org default` on
 * an empty database can cause: the keys and data of that one are not the default organisation's.
 */
export async function ensureDefaultOrganisation(
  repositories: Pick<Repositories, "organisations">,
): Promise<void> {
  const { organisation } = await repositories.organisations.ensure(
    "default",
    defaultOrganisationId,
  );
  if (organisation.id !== defaultOrganisationId) {
    throw new Error(
      `the organisation named "default" has id ${organisation.id}, not ${defaultOrganisationId}: use another database for AUTH=off`,
    );
  }
}

/**
 * On a database that has never had an API key: the default organisation and an admin key in it,
 * whose token is returned to be shown once. Undefined once any key exists, revoked ones included.
 */
export async function createFirstKey(
  repositories: Pick<Repositories, "apiKeys" | "organisations">,
): Promise<string | undefined> {
  if ((await repositories.apiKeys.count()) > 0) return undefined;
  await ensureDefaultOrganisation(repositories);
  const { token } = await repositories.apiKeys.create(defaultOrganisationId, {
    role: "admin",
    name: "first start",
  });
  return token;
}

/** Where the web page reads a key: in the URL fragment, which browsers never send to a server. */
export const loginUrl = (base: string, token: string) => `${base}/#key=${token}`;

/** What a start prints: where the API, the page and the docs are, and the first key's login link. */
export function startBanner(
  base: string,
  database: string,
  firstKey: string | undefined,
  moreKeys = "`npm run keys -- create`",
): string[] {
  return [
    `anodeflow API on ${base}/v1 (${database})`,
    ...(firstKey === undefined
      ? []
      : [
          `  login    ${loginUrl(base, firstKey)}`,
          `           (an admin key, shown this once; more with ${moreKeys})`,
        ]),
    `  planner  ${base}/`,
    `  docs     ${base}/docs`,
    `  openapi  ${base}/openapi.json`,
  ];
}
