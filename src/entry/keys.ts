// `npm run keys`: create, list and revoke API keys on the configured database (DATABASE_URL), from a shell.
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { randomId } from "../storage/ids.ts";
import { roleSchema } from "../storage/records.ts";
import { createRepositories, type Repositories } from "../storage/repositories.ts";
import { openMigrated } from "./database.ts";
import { type Io, runAsScript } from "./io.ts";

const usage = `Usage: npm run keys -- COMMAND [options]

  create --org NAME --role ROLE [--name NOTE]
                   a key for organisation NAME (made if new) with role viewer, planner or admin;
                   prints the key, which is shown this once: only its hash is stored
  list [--org NAME]
                   every key (or one organisation's): id, organisation, role, note, dates
  revoke ID        revoke the key with this id (ak_...), or the key itself (afk_...)
  --help           this text

The database is DATABASE_URL (default file:var/anodeflow.db), as for npm start.`;

/** Thrown for anything the user can fix; printed without a stack trace. */
class InputError extends Error {}

type Out = (line: string) => void;

async function create(repositories: Repositories, values: Record<string, unknown>, out: Out) {
  const orgName = String(values.org ?? "").trim();
  if (orgName === "" || orgName.length > 100)
    throw new InputError("--org NAME (1 to 100 characters) is required");
  const role = roleSchema.safeParse(values.role);
  if (!role.success) throw new InputError("--role must be viewer, planner or admin");
  const { organisation, created } = await repositories.organisations.ensure(orgName);
  if (created) out(`created organisation ${organisation.name} (${organisation.id})`);
  const { key, token } = await repositories.apiKeys.create(organisation.id, {
    role: role.data,
    name: typeof values.name === "string" ? values.name : undefined,
  });
  out(`created ${key.role} key ${key.id} for ${organisation.name}`);
  out(token);
}

async function list(repositories: Repositories, values: Record<string, unknown>, out: Out) {
  const organisations = await repositories.organisations.list();
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  let organisationId: string | undefined;
  if (typeof values.org === "string") {
    organisationId = organisations.find((o) => o.name === values.org)?.id;
    if (organisationId === undefined) throw new InputError(`no organisation ${values.org}`);
  }
  const keys = await repositories.apiKeys.list(organisationId);
  const rows = [
    ["id", "organisation", "role", "name", "created", "revoked"],
    ...keys.map((k) => [
      k.id,
      names.get(k.organisationId) ?? k.organisationId,
      k.role,
      k.name ?? "",
      k.createdAt.toISOString(),
      k.revokedAt?.toISOString() ?? "",
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  for (const row of rows)
    out(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    );
}

async function revoke(repositories: Repositories, target: string | undefined, out: Out) {
  if (target === undefined) throw new InputError("revoke needs the key's id (ak_...)");
  // A pasted key names its id; the secret part is not needed to revoke it.
  const id = /^afk_([0-9a-z]+)_/.exec(target)?.[1];
  const keyId = id === undefined ? target : `ak_${id}`;
  const key = await repositories.apiKeys.revoke(undefined, keyId);
  if (key === undefined) throw new InputError(`no key ${keyId}`);
  out(`revoked ${key.id} (${key.revokedAt?.toISOString()})`);
}

async function run(argv: string[], env: Record<string, unknown>, out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      org: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      help: { type: "boolean", default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [command, target] = positionals;
  if (values.help || command === undefined) {
    out(usage);
    return values.help ? 0 : 1;
  }
  const config = loadConfig(env);
  const { client, db } = await openMigrated(config.database);
  try {
    const repositories = createRepositories({ db, newId: randomId, clock: () => new Date() });
    if (command === "create") await create(repositories, values, out);
    else if (command === "list") await list(repositories, values, out);
    else if (command === "revoke") await revoke(repositories, target, out);
    else throw new InputError(`unknown command ${command}\n\n${usage}`);
    return 0;
  } finally {
    client.close();
  }
}

/**
 * Runs one `npm run keys` command on the database `env` names (the process's environment when run
 * as a script); returns the exit code: 0 done, 1 refused.
 */
export async function main(
  argv: string[],
  io: Io,
  env: Record<string, unknown> = process.env,
): Promise<number> {
  try {
    return await run(argv, env, (line) => io.stdout(`${line}\n`));
  } catch (error) {
    const known =
      error instanceof InputError ||
      error instanceof ConfigError ||
      (error instanceof TypeError && "code" in error);
    io.stderr(
      known ? `error: ${(error as Error).message}\n` : `${(error as Error).stack ?? error}\n`,
    );
    return 1;
  }
}

runAsScript(import.meta.url, main);
