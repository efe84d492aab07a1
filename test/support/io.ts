// Runs a command-line entry: its `main` in process with its output kept, or, for the one smoke test
// each, the script as a child process.
import { execFile } from "node:child_process";
import { join } from "node:path";
import type { Io } from "../../src/entry/io.ts";

const root = join(import.meta.dirname, "..", "..");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an entry's `main` with these arguments and returns its exit code and output. */
export async function runMain(
  main: (argv: string[], io: Io) => Promise<number>,
  argv: string[],
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** Runs `node <script> ...argv` from the repository root (with the TypeScript loader for a .ts script). */
export function runScript(
  script: string,
  argv: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      // A compiled entry (.js) runs as npm's scripts run it, without the TypeScript loader.
      [...(script.endsWith(".js") ? [] : ["--import", "tsx"]), script, ...argv],
      { cwd: root, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}
