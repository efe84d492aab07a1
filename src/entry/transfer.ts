// `npm run transfer`: an organisation's datasets, scenarios and plans moved between deployments
// (Node, Workers) over HTTP, or through a file, checked by content hashes on both sides.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { exportBundleSchema } from "../http/transfer/transfer.routes.ts";
import { hashMismatches } from "../http/transfer/verify.ts";
import type { Bundle } from "../storage/transfer.ts";
import { type Io, runAsScript } from "./io.ts";
import { commandMain, InputError } from "./read-input.ts";

const usage = `Usage: npm run transfer -- SOURCE TARGET [options]

  SOURCE, one of:
  --from URL --from-key KEY   export from this deployment (GET URL/v1/export), a planner key
  --in FILE                   a bundle written by --out (or saved from GET /v1/export)

  TARGET, one or both of:
  --to URL --to-key KEY       import there (POST URL/v1/import), then export it again and check
                              that every item's content hash is there
  --out FILE                  write the bundle to FILE

  --include-shared            also copy the networks of the shared catalogue datasets the
                              scenarios use (for a target whose catalogue lacks them, such as a
                              Worker that was never seeded)
  --help                      this text

URL is the deployment's base, e.g. http://127.0.0.1:8787 or https://anodeflow.example.workers.dev.
The bundle's hashes are checked before anything is sent or written. Importing is idempotent: what
the target holds already is reused, so a move can be run again.

Exit codes: 0 moved and checked, 1 bad input or a refused request, 3 a hash check failed.`;

/** Thrown when a check of hashes fails: exit code 3. */
class HashCheckError extends Error {}

interface Endpoint {
  base: string;
  key: string;
}

function endpoint(url: string | undefined, key: string | undefined, side: string) {
  if (url === undefined && key === undefined) return undefined;
  if (url === undefined || key === undefined)
    throw new InputError(`--${side} and --${side}-key go together`);
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new InputError(`--${side} is not a URL: ${url}`);
  }
  return { base: base.href.replace(/\/+$/, ""), key };
}

/** A request with the key; a problem+json answer becomes an InputError with its detail and pointers. */
async function call(target: Endpoint, path: string, init: RequestInit = {}): Promise<unknown> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${target.key}`);
  let response: Response;
  try {
    response = await fetch(`${target.base}${path}`, { ...init, headers });
  } catch (error) {
    throw new InputError(
      `cannot reach ${target.base}: ${(error as Error).cause ?? (error as Error).message}`,
    );
  }
  const text = await response.text();
  if (!response.ok) {
    let detail = text.slice(0, 500);
    try {
      const problem = JSON.parse(text) as {
        code?: string;
        detail?: string;
        errors?: { pointer?: string; parameter?: string; message: string }[];
      };
      const errors = (problem.errors ?? [])
        .slice(0, 20)
        .map((e) => `\n  ${e.pointer ?? e.parameter ?? ""}: ${e.message}`)
        .join("");
      detail = `${problem.code}: ${problem.detail}${errors}`;
    } catch {
      // Not problem+json (a proxy's page, say): its start is the detail.
    }
    throw new InputError(
      `${init.method ?? "GET"} ${target.base}${path}: ${response.status} ${detail}`,
    );
  }
  return JSON.parse(text);
}

/** Parses a bundle and recomputes every hash; the counts and the number of hashes checked. */
async function checked(raw: unknown, where: string): Promise<Bundle> {
  const parsed = exportBundleSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `\n  /${issue.path.join("/")}: ${issue.message}`)
      .join("");
    throw new InputError(`${where} is not an anodeflow-export bundle:${first}`);
  }
  const mismatches = await hashMismatches(parsed.data, raw as Record<string, unknown>);
  if (mismatches.length > 0)
    throw new HashCheckError(
      `${where}: ${mismatches.length} item(s) do not match their content hash:${mismatches
        .slice(0, 20)
        .map((m) => `\n  ${"pointer" in m ? m.pointer : ""}: ${m.message}`)
        .join("")}`,
    );
  return raw as Bundle;
}

const counts = (bundle: Pick<Bundle, "datasets" | "scenarios" | "plans">) =>
  `${bundle.datasets.length} dataset(s), ${bundle.scenarios.length} scenario(s), ${bundle.plans.length} plan(s)`;

const hashesOf = (bundle: Bundle) => [
  ...bundle.datasets.map((d) => d.contentHash),
  ...bundle.scenarios.map((s) => s.contentHash),
  ...bundle.plans.map((p) => p.contentHash),
];

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: "string" },
      "from-key": { type: "string" },
      in: { type: "string" },
      to: { type: "string" },
      "to-key": { type: "string" },
      out: { type: "string" },
      "include-shared": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const from = endpoint(values.from, values["from-key"], "from");
  const to = endpoint(values.to, values["to-key"], "to");
  if ((from === undefined) === (values.in === undefined))
    throw new InputError("give one source: --from URL --from-key KEY, or --in FILE");
  if (to === undefined && values.out === undefined)
    throw new InputError("give a target: --to URL --to-key KEY, --out FILE, or both");
  if (values["include-shared"] && from === undefined)
    throw new InputError("--include-shared is for --from: a file has what its export put in it");

  let raw: unknown;
  let source: string;
  if (from !== undefined) {
    source = from.base;
    raw = await call(from, `/v1/export${values["include-shared"] ? "?includeShared=true" : ""}`);
  } else {
    source = values.in ?? "";
    try {
      raw = JSON.parse(readFileSync(source, "utf8"));
    } catch (error) {
      throw new InputError(`cannot read ${source}: ${(error as Error).message}`);
    }
  }
  const text = JSON.stringify(raw);
  const bundle = await checked(raw, source);
  const total = hashesOf(bundle).length;
  io.stdout(
    `read ${counts(bundle)} from ${source} (${(text.length / 1024).toFixed(1)} KiB); all ${total} content hashes match\n`,
  );
  const shared = bundle.datasets.filter((d) => d.shared && d.network === undefined);
  if (shared.length > 0)
    io.stdout(
      `shared datasets named by slug, not copied: ${shared.map((d) => d.slug).join(", ")} (--include-shared copies them)\n`,
    );

  if (values.out !== undefined) {
    try {
      writeFileSync(values.out, `${text}\n`);
    } catch (error) {
      throw new InputError(`cannot write ${values.out}: ${(error as Error).message}`);
    }
    io.stdout(`wrote ${values.out}\n`);
  }
  if (to === undefined) return 0;

  const summary = (await call(to, "/v1/import", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: text,
  })) as {
    created: Record<"datasets" | "scenarios" | "plans", number>;
    reused: Record<"datasets" | "scenarios" | "plans", number>;
  };
  const line = (n: Record<"datasets" | "scenarios" | "plans", number>) =>
    `${n.datasets} dataset(s), ${n.scenarios} scenario(s), ${n.plans} plan(s)`;
  io.stdout(
    `imported into ${to.base}: created ${line(summary.created)}; reused ${line(summary.reused)}\n`,
  );
  // The other side: what the target now exports must hold every item's hash, recomputed there.
  const after = await checked(await call(to, "/v1/export"), to.base);
  const there = new Set(hashesOf(after));
  const missing = hashesOf(bundle).filter((hash) => !there.has(hash));
  if (missing.length > 0)
    throw new HashCheckError(
      `${to.base} does not export ${missing.length} of the ${total} content hashes moved: ${missing.slice(0, 5).join(", ")}`,
    );
  io.stdout(
    `checked ${to.base}: its export (${counts(after)}) holds all ${total} content hashes\n`,
  );
  return 0;
}

/** A failed hash check is exit code 3, told apart from bad input (1). */
const withHashExit =
  (inner: (argv: string[], io: Io) => Promise<number>) =>
  async (argv: string[], io: Io): Promise<number> => {
    try {
      return await inner(argv, io);
    } catch (error) {
      if (!(error instanceof HashCheckError)) throw error;
      io.stderr(`error: ${error.message}\n`);
      return 3;
    }
  };

/** Runs `npm run transfer` with these arguments; returns the exit code (see the usage text). */
export const main = commandMain("transfer", withHashExit(run));

runAsScript(import.meta.url, main);
