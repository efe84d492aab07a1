// The output streams a command-line entry writes to, so tests run its `main` in process.
import { fileURLToPath } from "node:url";

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Only on a terminal: redraws one status line on stderr in place ("" clears it), shown for work
   * that has run longer than `afterMs`. Absent on a pipe or a file, where progress would be noise.
   */
  progress?: { draw(line: string): void; afterMs: number };
}

/** A progress bar of `width` cells for a share 0..1, with the share as a percentage. */
export function progressBar(share: number, width = 30): string {
  const filled = Math.round(Math.min(1, Math.max(0, share)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)} %`;
}

/**
 * The status line of one command: `draw` shows a line only on a terminal and only once the
 * command has run `io.progress.afterMs` (a second), so quick runs and pipes show nothing; `clear`
 * removes it if it was shown, before the command's own output.
 */
export function statusLine(io: Io): { draw(line: string): void; clear(): void } {
  const started = performance.now();
  let drawn = false;
  return {
    draw(line) {
      if (!io.progress || performance.now() - started < io.progress.afterMs) return;
      io.progress.draw(line);
      drawn = true;
    },
    clear() {
      if (drawn) io.progress?.draw("");
      drawn = false;
    },
  };
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
  // A reader that stops early (`npm run plan | head`) closes the pipe: the rest is not wanted, so
  // the command ends quietly, as other command-line tools do, not with a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
  const io: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    ...(process.stderr.isTTY
      ? {
          progress: {
            draw: (line: string) => process.stderr.write(`\r\x1b[2K${line}`),
            afterMs: 1000,
          },
        }
      : {}),
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
