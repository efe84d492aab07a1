// An app over a fresh temp-file database, fixed ids and clock, and helpers that read responses by contract.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { NetworkInput } from "../../../models/allocation/network.ts";
import type { Limits } from "../../../src/config.ts";
import { type App, type AppDeps, createApp } from "../../../src/http/app.ts";
import { openAccess } from "../../../src/http/shared/auth.ts";
import { silentLogger } from "../../../src/http/shared/logging.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { createDb } from "../../../src/storage/db.ts";
import type { NewId } from "../../../src/storage/ids.ts";
import { migrate } from "../../../src/storage/migrate.ts";

export const testLimits: Limits = {
  bodyBytes: 64 * 1024,
  nodes: 40,
  lanes: 400,
  defaultSolveTimeLimitMs: 5_000,
  maxSolveTimeLimitMs: 10_000,
  requestsPerMinute: 100_000,
  authFailuresPerMinute: 1_000,
  concurrentSolves: 2,
  queuedSolves: 8,
  solvesPerOrganisation: 100,
  solveQueueTimeoutMs: 10_000,
  idempotencyTtlMs: 24 * 3_600_000,
  quotas: {
    storedBytes: 1024 * 1024 * 1024,
    datasets: 10_000,
    scenarios: 10_000,
    plans: 10_000,
    apiKeys: 10_000,
  },
  offloadBodyBytes: 256 * 1024,
  workbookUnpackedBytes: 4 * 1024 * 1024,
};

/** ds_0001, sc_0002, ...: one counter, so ids also tell the order things were made in. */
export function sequentialIds(): NewId {
  let n = 0;
  return (prefix) => `${prefix}_${String(++n).padStart(4, "0")}`;
}

/** Starts at 2025-01-01T00:00:00Z and moves one second per reading. */
export function steppingClock(): () => Date {
  let ms = Date.parse("2025-01-01T00:00:00Z");
  return () => {
    ms += 1000;
    return new Date(ms);
  };
}

/**
 * A migrated database in a temp file (an in-memory libSQL database is per connection, and
 * transactions take a connection of their own) and an app over it. Route tests test routes: every
 * caller is admin of the default organisation (the AUTH=off bypass) and logs go nowhere, unless
 * `identify` or `log` says otherwise; test/http/security.test.ts tests the keys. Overrides that
 * need the database's URL (a worker's own connection) come from a function of it.
 */
export async function createTestApp(
  overrides: Partial<AppDeps> | ((databaseUrl: string) => Partial<AppDeps>) = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "anodeflow-http-"));
  const url = `file:${join(dir, "test.db")}`;
  const client = createClient({ url });
  const db = createDb(client);
  await migrate(db);
  const app = createApp({
    db,
    solve: solveNetwork,
    clock: steppingClock(),
    newId: sequentialIds(),
    limits: testLimits,
    identify: openAccess,
    log: silentLogger,
    ...(typeof overrides === "function" ? overrides(url) : overrides),
  });
  return {
    app,
    db,
    client,
    close() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export {
  comparableProblem,
  createBaseline,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
} from "./contract.ts";

export const fixture = (name: string): NetworkInput =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8"));

/** POSTs a raw JSON text, as a client that built the body itself sends it. */
export const postJsonText = async (
  app: Pick<App, "request">,
  path: string,
  body: string,
): Promise<Response> =>
  await app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
