// Probes /healthz from a process of its own, so that the bench's own work (sending 14 MiB bodies, reading plans) never counts as the server's stall.
// Usage: node --import tsx bench/healthz-prober.ts <base URL> <ms between probes>; prints "ready" after the first probe, probes until stdin closes, then prints the latencies (ms) as JSON.
import { once } from "node:events";

async function main() {
  const [base, everyMs] = process.argv.slice(2);
  let stopped = false;
  process.stdin.resume();
  process.stdin.on("end", () => {
    stopped = true;
  });
  const probesMs: number[] = [];
  while (!stopped) {
    const started = performance.now();
    const response = await fetch(`${base}/healthz`);
    await response.arrayBuffer();
    probesMs.push(performance.now() - started);
    if (probesMs.length === 1) process.stdout.write("ready\n");
    await new Promise((resolve) => setTimeout(resolve, Number(everyMs)));
  }
  if (!process.stdout.write(`${JSON.stringify(probesMs)}\n`)) await once(process.stdout, "drain");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
