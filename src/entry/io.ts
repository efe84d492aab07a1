// The output streams a command-line entry writes to, so tests run its `main` in process.
import { fileURLToPath } from "node:url";

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Runs `main` with the process's arguments and streams when `moduleUrl` is the script Node was
 * started with (not when a test imports it), and sets the exit code it returns.
 */
export function runAsScript(
  moduleUrl: string,
  main: (argv: string[], io: Io) => Promise<number>,
): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const io: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
