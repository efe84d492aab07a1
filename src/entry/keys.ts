// `npm run keys`: create, list and revoke API keys on the configured database (DATABASE_URL), from a shell.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { randomId } from "../storage/ids.ts";
import { roleSchema } from "../storage/records.ts";
import { createRepositories, type Repositories } from "../storage/repositories.ts";
import { openMigrated } from "./database.ts";

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

type Io = { out: (line: string) => void };

async function create(repositories: Repositories, values: Record<string, unknown>, io: Io) {
  const orgName = String(values.org ?? "").trim();
  if (orgName === "" || orgName.length > 100)
    throw new InputError("--org NAME (1 to 100 characters) is required");
  const role = roleSchema.safeParse(values.role);
  if (!role.success) throw new InputError("--role must be viewer, planner or admin");
  const { organisation, created } = await repositories.organisations.ensure(orgName);
  if (created) io.out(`created organisation ${organisation.name} (${organisation.id})`);
  const { key, token } = await repositories.apiKeys.create(organisation.id, {
    role: role.data,
    name: typeof values.name === "string" ? values.name : undefined,
  });
  io.out(`created ${key.role} key ${key.id} for ${organisation.name}`);
  io.out(token);
}

async function list(repositories: Repositories, values: Record<string, unknown>, io: Io) {
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
    io.out(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    );
}

async function revoke(repositories: Repositories, target: string | undefined, io: Io) {
  if (target === undefined) throw new InputError("revoke needs the key's id (ak_...)");
  // A pasted key names its id; the secret part is not needed to revoke it.
  const id = /^afk_([0-9a-z]+)_/.exec(target)?.[1];
  const keyId = id === undefined ? target : `ak_${id}`;
  const key = await repositories.apiKeys.revoke(undefined, keyId);
  if (key === undefined) throw new InputError(`no key ${keyId}`);
  io.out(`revoked ${key.id} (${key.revokedAt?.toISOString()})`);
}

/** Runs one command; returns the exit code. */
export async function runKeys(
  argv: string[],
  env: Record<string, unknown>,
  io: Io,
): Promise<number> {
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
    io.out(usage);
    return values.help ? 0 : 1;
  }
  const config = loadConfig(env);
  const { client, db } = await openMigrated(config.database);
  try {
    const repositories = createRepositories({ db, newId: randomId, clock: () => new Date() });
    if (command === "create") await create(repositories, values, io);
    else if (command === "list") await list(repositories, values, io);
    else if (command === "revoke") await revoke(repositories, target, io);
    else throw new InputError(`unknown command ${command}\n\n${usage}`);
    return 0;
  } finally {
    client.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runKeys(process.argv.slice(2), process.env, { out: (line) => console.log(line) })
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      const known =
        error instanceof InputError ||
        error instanceof ConfigError ||
        (error instanceof TypeError && "code" in error);
      console.error(known ? `error: ${(error as Error).message}` : error);
      process.exit(1);
    });
}
