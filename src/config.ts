// The one place that reads the environment: every setting, its default and its bounds, validated with zod.
import { z } from "zod";

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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
});

export interface Limits {
  bodyBytes: number;
  nodes: number;
  lanes: number;
  defaultSolveTimeLimitMs: number;
  maxSolveTimeLimitMs: number;
}

export interface Config {
  port: number;
  host: string;
  database: { url: string; authToken: string | undefined };
  limits: Limits;
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
  return {
    port: e.PORT,
    host: e.HOST,
    database: { url: e.DATABASE_URL, authToken: e.DATABASE_AUTH_TOKEN },
    limits: {
      bodyBytes: e.MAX_BODY_BYTES,
      nodes: e.MAX_NODES,
      lanes: e.MAX_LANES,
      defaultSolveTimeLimitMs: e.SOLVE_TIME_LIMIT_MS,
      maxSolveTimeLimitMs: e.MAX_SOLVE_TIME_LIMIT_MS,
    },
  };
}
