// `npm run bench:hostile`: issue 12's done-when figures against a real server: the slowest /healthz while four 14 MiB uploads and a 1M-lane solve run, and the server's peak RSS while the oversized javascript-lp-solver request and a 1M-lane solve run.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../test/support/free-port.ts";
import { transportationNetwork } from "./generate.ts";
import { largeUploadBodies, oversizedSolveBody, timedPost } from "./hostile-requests.ts";
import { type LiveServer, loadAverage, makeKeys, root, startServer } from "./live-server.ts";

const resultsPath = join(root, "bench", "results", "hostile.md");
const probeEveryMs = 10;

/** 1000 x 1000 with implied lanes: a million, solved by the network simplex ("auto"). */
const millionLaneBody = () =>
  JSON.stringify({
    network: transportationNetwork(
      { label: "1M", plants: 1000, smelters: 1000 },
      { explicitLanes: false },
    ),
    options: { timeLimitMs: 120_000 },
  });

/** Probes /healthz (from a process of its own) and samples the server's RSS until `work` settles. */
async function watch<T>(server: LiveServer, work: () => Promise<T>) {
  const prober = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "bench", "healthz-prober.ts"),
      server.base,
      String(probeEveryMs),
    ],
    { cwd: root, stdio: ["pipe", "pipe", "inherit"] },
  );
  let output = "";
  prober.stdout.setEncoding("utf8");
  const ready = new Promise<void>((resolve) => {
    prober.stdout.on("data", (chunk: string) => {
      output += chunk;
      if (output.includes("ready\n")) resolve();
    });
  });
  await ready;
  // Reset, so the histogram covers this run only.
  await server.loopDelay();
  let peakRssMiB = server.rssMiB();
  const sampler = setInterval(() => {
    peakRssMiB = Math.max(peakRssMiB, server.rssMiB());
  }, 20);
  const result = await work();
  clearInterval(sampler);
  const loopDelay = await server.loopDelay();
  prober.stdin.end();
  await once(prober, "exit");
  const probesMs = JSON.parse(
    output.slice(output.indexOf("ready\n") + "ready\n".length),
  ) as number[];
  const sorted = [...probesMs].sort((a, b) => a - b);
  return {
    result,
    probes: probesMs.length,
    p50Ms: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    slowestMs: sorted[sorted.length - 1] ?? Number.NaN,
    peakRssMiB,
    loopDelayMaxMs: loopDelay?.maxMs ?? Number.NaN,
    turnCpuMaxMs: loopDelay?.turnCpuMaxMs ?? Number.NaN,
  };
}

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), "anodeflow-hostile-"));
  const databaseUrl = `file:${join(scratch, "hostile.db")}`;
  const loadBefore = loadAverage();
  const [solveKey, uploadKey, oversizedKey] = await makeKeys(databaseUrl, [
    ["solver", "planner"],
    ["uploader", "planner"],
    ["oversized", "planner"],
  ]);
  // Arguments are more node flags for the server (such as --v8-pool-size=1), to compare runs with and without.
  const nodeFlags = process.argv.slice(2);
  const server = await startServer(
    await freePort(),
    databaseUrl,
    {},
    { loopDelay: true, nodeFlags },
  );
  const uploads = largeUploadBodies(4);
  const million = millionLaneBody();
  const oversized = oversizedSolveBody();
  const idleRssMiB = server.rssMiB();

  const first = await watch(server, () =>
    Promise.all([
      timedPost(`${server.base}/v1/solve`, solveKey ?? "", million),
      ...uploads.map((body) => timedPost(`${server.base}/v1/datasets`, uploadKey ?? "", body)),
    ]),
  );
  const second = await watch(server, () =>
    Promise.all([
      timedPost(`${server.base}/v1/solve`, solveKey ?? "", million),
      timedPost(`${server.base}/v1/solve`, oversizedKey ?? "", oversized),
    ]),
  );
  const exitCode = await server.stop();
  rmSync(scratch, { recursive: true, force: true });

  const [solve1, ...uploadAnswers] = first.result;
  const [solve2, refused] = second.result;
  const statusOf = (answer: { status: number; text: string }) =>
    answer.status === 200 ? (JSON.parse(answer.text) as { status: string }).status : answer.status;
  const codeOf = (answer: { text: string }) => (JSON.parse(answer.text) as { code?: string }).code;
  const mark = (ok: boolean) => (ok ? "met" : "MISSED");
  const report = `# Hostile requests (npm run bench:hostile)

${new Date().toISOString().slice(0, 16)} UTC, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, 1-minute load average ${loadBefore} before and ${loadAverage()} after: other work on this shared machine slows every figure. One server process (\`npm start\`'s command${nodeFlags.length > 0 ? ` with ${nodeFlags.join(" ")}` : ""}, default settings) on 127.0.0.1 over a temp-file database; /healthz probed from a separate process one request at a time, ${probeEveryMs} ms apart; the server's main-thread event-loop delay from perf_hooks inside it (\`bench/loop-delay.mjs\`, preloaded), the longest stall of its own, less sensitive to other load than the probes, and of that the longest the main thread held the loop on CPU (its thread's CPU time between two 5 ms ticks, from /proc/thread-self/schedstat), which waiting for a core on a busy machine does not count; the server's RSS sampled every 20 ms from /proc (idle after start: ${idleRssMiB.toFixed(0)} MiB).

| run | what ran | probes | /healthz p50 (ms) | slowest /healthz (ms) | event-loop delay max (ms) | longest loop turn on CPU (ms) | server RSS peak (MiB) | target |
|---|---|---:|---:|---:|---:|---:|---:|---|
| uploads | 4 x ${(Buffer.byteLength(uploads[0] ?? "") / 2 ** 20).toFixed(1)} MiB POST /v1/datasets at once + a 1M-lane POST /v1/solve | ${first.probes} | ${first.p50Ms.toFixed(1)} | ${first.slowestMs.toFixed(1)} | ${first.loopDelayMaxMs.toFixed(1)} | ${first.turnCpuMaxMs.toFixed(1)} | ${first.peakRssMiB.toFixed(0)} | slowest < 100 ms: ${mark(first.slowestMs < 100)} |
| oversized | the issue's 450 x 450 javascript-lp-solver request (${(Buffer.byteLength(oversized) / 1024).toFixed(0)} KB) + a 1M-lane POST /v1/solve | ${second.probes} | ${second.p50Ms.toFixed(1)} | ${second.slowestMs.toFixed(1)} | ${second.loopDelayMaxMs.toFixed(1)} | ${second.turnCpuMaxMs.toFixed(1)} | ${second.peakRssMiB.toFixed(0)} | RSS < 2048 MiB: ${mark(second.peakRssMiB < 2048)} |

- Uploads answered ${uploadAnswers.map((a) => `${a.status} in ${(a.ms / 1000).toFixed(1)} s`).join(", ")}; the 1M-lane solve beside them ended ${statusOf(solve1 as never)} in ${((solve1?.ms ?? 0) / 1000).toFixed(1)} s.
- The oversized request answered ${refused?.status} \`${codeOf(refused as never)}\` in ${(refused?.ms ?? 0).toFixed(0)} ms (target: 4xx within a second: ${mark((refused?.status ?? 0) >= 400 && (refused?.status ?? 0) < 500 && (refused?.ms ?? Infinity) < 1000)}); the 1M-lane solve beside it ended ${statusOf(solve2 as never)} in ${((solve2?.ms ?? 0) / 1000).toFixed(1)} s.
- Server exit code after SIGTERM: ${exitCode}.
`;
  writeFileSync(resultsPath, report);
  execFileSync(
    process.execPath,
    [join(root, "node_modules/@biomejs/biome/bin/biome"), "format", "--write", resultsPath],
    { stdio: "ignore" },
  );
  console.log(report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
