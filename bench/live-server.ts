// A real server process (npm start's command) over a temp-file database, with keys made before it starts: what load.ts and hostile.ts run against.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openMigrated } from "../src/entry/database.ts";
import { randomId } from "../src/storage/ids.ts";
import type { Role } from "../src/storage/records.ts";
import { createRepositories } from "../src/storage/repositories.ts";

export const root = fileURLToPath(new URL("..", import.meta.url));

/** The `msg` of the lines bench/loop-delay.mjs writes. */
const loopDelayMsg = "event-loop delay";

/** Makes one key per [organisation, role] straight in the database, in order. */
export async function makeKeys(databaseUrl: string, wanted: readonly (readonly [string, Role])[]) {
  const { client, db } = await openMigrated({ url: databaseUrl, authToken: undefined });
  const repositories = createRepositories({ db, newId: randomId, clock: () => new Date() });
  const tokens: string[] = [];
  for (const [name, role] of wanted) {
    const { organisation } = await repositories.organisations.ensure(name);
    tokens.push((await repositories.apiKeys.create(organisation.id, { role })).token);
  }
  client.close();
  return tokens;
}

/** What bench/loop-delay.mjs reports of the main thread since the last report, ms. */
export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  /**
   * The most CPU time the main thread used between two 5 ms ticks: its longest turn of the loop
   * (a tick more at most), counting none of the time it waited for a core; null off Linux.
   */
  turnCpuMaxMs: number | null;
}

export interface LiveServer {
  child: ChildProcessWithoutNullStreams | ReturnType<typeof spawn>;
  base: string;
  /** Request log lines the server wrote after its banner. */
  requestLines(): number;
  /** The server's resident set now, MiB (VmRSS). */
  rssMiB(): number;
  /**
   * The main thread's event-loop delay since the last call (or the start), ms; only with the
   * `loopDelay` option, else undefined.
   */
  loopDelay(): Promise<LoopDelay | undefined>;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

export async function startServer(
  port: number,
  databaseUrl: string,
  env: Record<string, string>,
  options: { loopDelay?: boolean; nodeFlags?: readonly string[] } = {},
): Promise<LiveServer> {
  // More flags for the server's node, such as --cpu-prof when looking for what holds its loop.
  const flags = [
    ...(options.loopDelay ? ["--import", "./bench/loop-delay.mjs"] : []),
    ...(options.nodeFlags ?? []),
  ];
  // npm start's command: the compiled server (the bench scripts build it first).
  const child = spawn(process.execPath, [...flags, "dist/node/src/entry/node.js"], {
    cwd: root,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let banner = "";
  let requestLines = 0;
  const loopDelayWaiters: ((line: LoopDelay) => void)[] = [];
  await new Promise<void>((resolve, reject) => {
    // Whole lines only: a chunk may end inside one.
    let partial = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      if (banner.includes("/openapi.json")) {
        const lines = (partial + text).split("\n");
        partial = lines.pop() ?? "";
        requestLines += lines.filter((line) => line.includes('"msg":"request"')).length;
        for (const line of lines.filter((l) => l.includes(`"msg":"${loopDelayMsg}"`)))
          loopDelayWaiters.shift()?.(JSON.parse(line));
        return;
      }
      banner += text;
      if (banner.includes("/openapi.json")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}\n${banner}`)));
  });
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    requestLines: () => requestLines,
    rssMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    async loopDelay() {
      if (!options.loopDelay) return undefined;
      const line = new Promise<LoopDelay>((resolve) => loopDelayWaiters.push(resolve));
      child.kill("SIGUSR2");
      return line;
    },
    stop() {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** The 1-minute load average: other work on the machine skews every figure. */
export const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ")[0] ?? "?";
