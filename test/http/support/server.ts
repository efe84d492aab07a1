// The real server process (`npm start`'s command) on a free port, for tests that need a process to stop or kill.

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..", "..");

export interface RunningServer {
  base: string;
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** The admin key of the first start's login URL, if this start printed one. */
  loginKey: string | undefined;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the server and resolves once it prints its banner (whose last line names /openapi.json),
 * which it does once it listens. Without a port it asks for any free one (PORT=0) and reads the
 * one it got from the banner, so no other process can take the port in between.
 */
export async function startServer(options: {
  databasePath: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<RunningServer> {
  // npm start's command: the compiled entry (vitest's global setup builds it for the run).
  const child = spawn(process.execPath, ["dist/node/src/entry/node.js"], {
    cwd: root,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(options.port ?? 0),
      DATABASE_URL: `file:${options.databasePath}`,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      if (output.includes("/openapi.json")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const base = /anodeflow API on (http:\/\/\S+)\/v1 /.exec(output)?.[1];
  if (base === undefined) throw new Error(`no address in the banner:\n${output}`);
  return {
    base,
    child,
    output: () => output,
    loginKey: /#key=(afk_[0-9a-z_]+)/.exec(output)?.[1],
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      return exited;
    },
  };
}
