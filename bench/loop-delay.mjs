// Preloaded into the server by bench:hostile (node --import): the main thread's event-loop delay, reported and reset on SIGUSR2, so a run's longest stall is measured inside the server, apart from the prober's own scheduling.
// Plain JavaScript: the server's worker threads inherit the preload, and tsx does not load TypeScript for them.
import { closeSync, openSync, readSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";

/** Ticks of the timer that reads the main thread's CPU time. */
const tickMs = 5;

/**
 * The main thread's CPU time so far (ns), from Linux's schedstat of this thread; undefined
 * elsewhere. A late tick with little CPU in it waited for a core (other work on the machine); one
 * with much CPU was this server's own work holding the loop.
 */
function threadCpuClock() {
  let fd;
  try {
    fd = openSync("/proc/thread-self/schedstat", "r");
  } catch {
    return undefined;
  }
  const buffer = Buffer.alloc(128);
  process.once("exit", () => closeSync(fd));
  return () => {
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return Number(buffer.toString("latin1", 0, n).split(" ")[0]);
  };
}

// Only the main thread's loop answers requests.
if (isMainThread) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const cpuNs = threadCpuClock();
  // The most CPU the main thread used between two ticks: its longest turn of the loop, at most a tick more.
  let turnCpuMaxNs = 0;
  if (cpuNs !== undefined) {
    let last = cpuNs();
    setInterval(() => {
      const now = cpuNs();
      turnCpuMaxNs = Math.max(turnCpuMaxNs, now - last);
      last = now;
    }, tickMs).unref();
  }
  process.on("SIGUSR2", () => {
    // live-server.ts reads this line by its msg.
    const line = {
      msg: "event-loop delay",
      maxMs: histogram.max / 1e6,
      p99Ms: histogram.percentile(99) / 1e6,
      turnCpuMaxMs: cpuNs === undefined ? null : turnCpuMaxNs / 1e6,
      heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
    };
    histogram.reset();
    turnCpuMaxNs = 0;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
}
