// Preloaded into the server by bench:hostile (node --import): the main thread's event-loop delay, reported and reset on SIGUSR2, so a run's longest stall is measured inside the server, apart from the prober's own scheduling.
// Plain JavaScript: the server's worker threads inherit the preload, and tsx does not load TypeScript for them.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";

// Only the main thread's loop answers requests.
if (isMainThread) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  process.on("SIGUSR2", () => {
    // live-server.ts reads this line by its msg.
    const line = {
      msg: "event-loop delay",
      maxMs: histogram.max / 1e6,
      p99Ms: histogram.percentile(99) / 1e6,
      heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
    };
    histogram.reset();
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
}
