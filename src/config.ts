// The one place that reads the environment: every setting, its default and its bounds, validated with zod.
import { z } from "zod";

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** WORKER_MAX_SOLVE_ARCS's default; bench/worker-cpu.ts measures what it buys (README, Workers). */
const WORKER_MAX_SOLVE_ARCS_DEFAULT = 100_000;

const envSchema = z.object({
  PORT: integer(0, 65_535).default(8787).describe("TCP port of the Node server (0: any free port)"),
  HOST: z.string().min(1).default("127.0.0.1").describe("Interface the Node server listens on"),
  DATABASE_URL: z
    .string()
    .min(1)
    .default("file:var/anodeflow.db")
    .describe(
      "libSQL URL: file:PATH for the embedded database, libsql:// or https:// for a server",
    ),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional().describe("Token for a remote libSQL server"),
  MAX_BODY_BYTES: integer(1024, 256 * 1024 * 1024)
    .default(16 * 1024 * 1024)
    .describe("Largest request body, bytes"),
  MAX_NODES: integer(1, 1_000_000)
    .default(20_000)
    .describe("Most plants + smelters + ports in one network"),
  MAX_LANES: integer(1, 10_000_000)
    .default(1_000_000)
    .describe("Most lanes in one network, counting the lanes a network without lanes implies"),
  SOLVE_TIME_LIMIT_MS: integer(1, 3_600_000)
    .default(30_000)
    .describe("Time limit of a solve that does not ask for one, milliseconds"),
  MAX_SOLVE_TIME_LIMIT_MS: integer(1, 3_600_000)
    .default(120_000)
    .describe("Longest time limit a request may ask for, milliseconds"),
  AUTH: z
    .enum(["keys", "off"])
    .default("keys")
    .describe(
      "keys: every /v1 request needs an API key; off: everyone is admin of the default organisation (local development only, refused unless HOST is loopback)",
    ),
  RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000)
    .default(600)
    .describe("Requests one API key may make per minute; more are 429"),
  AUTH_FAILURES_PER_MINUTE: integer(1, 1_000_000)
    .default(30)
    .describe(
      "Failed authentications (a wrong, revoked or malformed key) one client address may make per minute; then every keyed request from it is 429 until the minute ends",
    ),
  MAX_CONCURRENT_SOLVES: integer(1, 1024)
    .default(2)
    .describe("Solves running at once in this process; match the solve pool's threads (the cores)"),
  MAX_QUEUED_SOLVES: integer(0, 100_000)
    .default(32)
    .describe("Solves waiting for a free slot; with the queue full a solve is 503"),
  MAX_SOLVES_PER_ORGANISATION: integer(1, 100_000)
    .default(4)
    .describe("Solves one organisation may have running or waiting at once; more are 429"),
  SOLVE_QUEUE_TIMEOUT_MS: integer(1, 3_600_000)
    .default(30_000)
    .describe("Longest wait for a free solve slot, milliseconds; then the solve is 503"),
  QUOTA_STORED_MB: integer(1, 16 * 1024 * 1024)
    .default(1024)
    .describe("Network and plan JSON one organisation may store, MiB; more is 403 quota_exceeded"),
  QUOTA_DATASETS: integer(1, 100_000_000)
    .default(1000)
    .describe("Datasets one organisation may store; more are 403 quota_exceeded"),
  QUOTA_SCENARIOS: integer(1, 100_000_000)
    .default(10_000)
    .describe("Scenarios one organisation may store; more are 403 quota_exceeded"),
  QUOTA_PLANS: integer(1, 100_000_000)
    .default(10_000)
    .describe("Plans one organisation may store; more are 403 quota_exceeded"),
  QUOTA_API_KEYS: integer(1, 1_000_000)
    .default(100)
    .describe("Unrevoked API keys one organisation may hold; more are 403 quota_exceeded"),
  IDEMPOTENCY_TTL_HOURS: integer(1, 24 * 365)
    .default(24)
    .describe("How long the answer to an Idempotency-Key is kept, hours"),
  // Hardening (issue 12): the memory budget of a solve and the durability of the file database.
  MAX_SOLVE_MEMORY_MB: integer(64, 65_536)
    .default(1536)
    .describe(
      "JavaScript heap of each solve worker thread, MiB; a solve that needs more is 422 solve_out_of_memory and the thread is replaced",
    ),
  WARM_BASES_MB: integer(0, 65_536)
    .default(256)
    .describe(
      "Optimal bases each solve worker thread keeps (least recently used first out) so that the next plan of the same dataset and shape starts warm, MiB; 0 keeps none",
    ),
  OFFLOAD_BODY_BYTES: integer(0, 256 * 1024 * 1024)
    // A first 252 KB solve body took the main thread 0.14 s to validate (cold code), so a
    // 1M-lane network with implied lanes, ~250 KB, goes to a worker too.
    .default(64 * 1024)
    .describe(
      "Dataset uploads and solve requests larger than this (as declared, or as received when chunked) are parsed, validated and hashed on a worker thread, under the solve gate; smaller ones on the main thread (about 70 ms per MiB there on a quiet core, more while its code is cold), bytes",
    ),
  WORKBOOK_MAX_UNPACKED_MB: integer(1, 4096)
    .default(256)
    .describe(
      "What an uploaded .xlsx workbook may unpack to, MiB: the sum of the sizes its parts declare; more is 413 limit_exceeded before anything is unpacked",
    ),
  CORS_ORIGINS: z
    .string()
    .default("")
    .describe(
      "Comma-separated origins (https://erp.example.com) whose pages may call the API from a browser, or * for any; empty (default): no CORS headers, as before",
    ),
  COMPRESSION: z
    .enum(["on", "off"])
    .default("on")
    .describe(
      "on: the Node server compresses JSON, CSV, HTML, CSS and JavaScript answers of 1 KiB or more with br or gzip, as Accept-Encoding allows; off: behind a proxy that compresses. Workers leave it to Cloudflare",
    ),
  // Workers (issue 18): a solve runs inside its request, within the Worker's CPU budget.
  WORKER_MAX_SOLVE_ARCS: integer(1, 10_000_000)
    .default(WORKER_MAX_SOLVE_ARCS_DEFAULT)
    .describe(
      "Cloudflare Workers only: most arcs, (lanes + legs) x periods, of a network one request may solve within the Worker's CPU budget; larger ones are 413 network_too_large_for_worker",
    ),
  DATABASE_SYNCHRONOUS: z
    .enum(["full", "normal"])
    .default("full")
    .describe(
      "SQLite synchronous mode of the file database (WAL): full survives power loss; normal may lose the last acknowledged writes on power loss, for faster writes",
    ),
  // Webhooks (issue 15): where events may go and how hard a delivery is tried.
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(["true", "false"])
    .default("false")
    .describe(
      "true lets webhooks deliver to loopback, private, link-local and unique-local addresses (a receiver on the same machine or network); false refuses them, by the URL's host and by what it resolves to",
    ),
  WEBHOOK_MAX_ATTEMPTS: integer(1, 20)
    .default(5)
    .describe("Attempts at delivering one event, the first included; then the delivery is failed"),
  WEBHOOK_RETRY_BASE_MS: integer(1, 3_600_000)
    .default(30_000)
    .describe(
      "Wait before the second attempt, milliseconds; each later wait is 4 times the one before (30 s, 2 min, 8 min, 32 min by default)",
    ),
  WEBHOOK_TIMEOUT_MS: integer(100, 120_000)
    .default(10_000)
    .describe("How long one attempt waits for the destination's answer, milliseconds"),
});

/** The names of every setting, as the README's settings table lists them. */
export const settingNames = Object.keys(envSchema.shape);

/** What one organisation may store; each is refused past its limit with 403 quota_exceeded. */
export interface Quotas {
  storedBytes: number;
  datasets: number;
  scenarios: number;
  plans: number;
  apiKeys: number;
}

export interface Limits {
  bodyBytes: number;
  nodes: number;
  lanes: number;
  defaultSolveTimeLimitMs: number;
  maxSolveTimeLimitMs: number;
  requestsPerMinute: number;
  authFailuresPerMinute: number;
  concurrentSolves: number;
  queuedSolves: number;
  solvesPerOrganisation: number;
  solveQueueTimeoutMs: number;
  idempotencyTtlMs: number;
  quotas: Quotas;
  /** Bodies above this many bytes are parsed on a worker thread (OFFLOAD_BODY_BYTES). */
  offloadBodyBytes: number;
  /** What an uploaded workbook's parts may declare in all, bytes (WORKBOOK_MAX_UNPACKED_MB). */
  workbookUnpackedBytes: number;
}

export interface DatabaseConfig {
  url: string;
  authToken: string | undefined;
  /** PRAGMA synchronous of a file database; "full" unless given. */
  synchronous?: "full" | "normal";
}

/** How events are delivered to webhooks (src/http/shared/webhooks.ts). */
export interface WebhookSettings {
  /** Deliver to loopback, private, link-local and unique-local addresses too. */
  allowPrivate: boolean;
  /** Attempts per event, the first included. */
  maxAttempts: number;
  /** Wait before attempt 2; attempt n + 1 waits retryBaseMs * 4^(n - 1). */
  retryBaseMs: number;
  /** One attempt's wait for an answer. */
  timeoutMs: number;
}

export interface Config {
  port: number;
  /** Origins allowed to call from a browser (CORS_ORIGINS); empty: CORS off; ["*"]: any. */
  corsOrigins: string[];
  /** Whether the Node server compresses answers (COMPRESSION). */
  compression: boolean;
  host: string;
  database: DatabaseConfig;
  /** Heap budget of each solve worker thread, MiB (MAX_SOLVE_MEMORY_MB). */
  solveMemoryMb: number;
  /** Most arcs a Worker's request may solve (WORKER_MAX_SOLVE_ARCS); unused on Node. */
  workerSolveArcs: number;
  /** Bytes of kept bases per solve worker thread, MiB (WARM_BASES_MB). */
  warmBasesMb: number;
  /** "off" only for local development: the entries log it loudly. */
  auth: "keys" | "off";
  limits: Limits;
  webhooks: WebhookSettings;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads settings from `env` (process.env on Node, the bindings on Workers). Empty values count as
 * unset, so `DATABASE_AUTH_TOKEN=` in a .env file does not send an empty token.
 */
export function loadConfig(env: Record<string, unknown>): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === "" ? [] : [[key, value]];
    }),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid environment: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  if (e.SOLVE_TIME_LIMIT_MS > e.MAX_SOLVE_TIME_LIMIT_MS) {
    throw new ConfigError(
      `invalid environment: SOLVE_TIME_LIMIT_MS (${e.SOLVE_TIME_LIMIT_MS}) exceeds MAX_SOLVE_TIME_LIMIT_MS (${e.MAX_SOLVE_TIME_LIMIT_MS})`,
    );
  }
  if (e.AUTH === "off" && !isLoopback(e.HOST)) {
    throw new ConfigError(
      `invalid environment: AUTH=off is for local development and needs a loopback HOST, not ${e.HOST}`,
    );
  }
  const corsOrigins = parseOrigins(e.CORS_ORIGINS);
  return {
    port: e.PORT,
    corsOrigins,
    compression: e.COMPRESSION === "on",
    host: e.HOST,
    database: {
      url: e.DATABASE_URL,
      authToken: e.DATABASE_AUTH_TOKEN,
      synchronous: e.DATABASE_SYNCHRONOUS,
    },
    solveMemoryMb: e.MAX_SOLVE_MEMORY_MB,
    workerSolveArcs: e.WORKER_MAX_SOLVE_ARCS,
    warmBasesMb: e.WARM_BASES_MB,
    auth: e.AUTH,
    limits: {
      bodyBytes: e.MAX_BODY_BYTES,
      nodes: e.MAX_NODES,
      lanes: e.MAX_LANES,
      defaultSolveTimeLimitMs: e.SOLVE_TIME_LIMIT_MS,
      maxSolveTimeLimitMs: e.MAX_SOLVE_TIME_LIMIT_MS,
      requestsPerMinute: e.RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
      concurrentSolves: e.MAX_CONCURRENT_SOLVES,
      queuedSolves: e.MAX_QUEUED_SOLVES,
      solvesPerOrganisation: e.MAX_SOLVES_PER_ORGANISATION,
      solveQueueTimeoutMs: e.SOLVE_QUEUE_TIMEOUT_MS,
      idempotencyTtlMs: e.IDEMPOTENCY_TTL_HOURS * 3_600_000,
      quotas: {
        storedBytes: e.QUOTA_STORED_MB * 1024 * 1024,
        datasets: e.QUOTA_DATASETS,
        scenarios: e.QUOTA_SCENARIOS,
        plans: e.QUOTA_PLANS,
        apiKeys: e.QUOTA_API_KEYS,
      },
      offloadBodyBytes: e.OFFLOAD_BODY_BYTES,
      workbookUnpackedBytes: e.WORKBOOK_MAX_UNPACKED_MB * 1024 * 1024,
    },
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE === "true",
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
  };
}

/**
 * CORS_ORIGINS as a list: each an origin as a browser sends it (scheme, host, port if not the
 * default; no path, no trailing slash), or the lone `*`.
 */
function parseOrigins(text: string): string[] {
  const origins = text
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  if (origins.includes("*")) {
    if (origins.length > 1) {
      throw new ConfigError("invalid environment: CORS_ORIGINS is either * or a list of origins");
    }
    return origins;
  }
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin) {
      throw new ConfigError(
        `invalid environment: CORS_ORIGINS: ${origin} is not an origin such as https://erp.example.com (scheme, host and port only)`,
      );
    }
  }
  return origins;
}

/** 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopback(host: string): boolean {
  return (
    host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host)
  );
}
