// The CLI end to end by phase, as a user runs it: `npm run plan -- --network F --json --timings` in
// a child process on seeded transportation networks with explicit and with implied lanes.
// Usage: npm run build && node --import tsx bench/cli-phases.ts [--sizes=20k,250k] [--runs=3]
// Writes bench/results/cli-phases.md (with every size), else prints the table only.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { transportationNetwork, transportationSizes } from "./generate.ts";
import { median, table } from "./stats.ts";

const root = join(import.meta.dirname, "..");
const build = join(root, "bench", ".build");
const sizesArg = process.argv.find((a) => a.startsWith("--sizes="))?.slice("--sizes=".length);
const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 3);
const sizes = transportationSizes.filter((s) =>
  sizesArg ? sizesArg.split(",").includes(s.label) : s.label !== "1k",
);
const phases = [
  "readMs",
  "parseMs",
  "validateMs",
  "buildMs",
  "solveMs",
  "analysisMs",
  "interpretMs",
  "serialiseMs",
  "writeMs",
] as const;

interface Run {
  wallMs: number;
  timings: Record<string, number>;
}

function runCli(file: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ["dist/node/src/entry/cli.js", "--network", file, "--json", "--timings"],
      { cwd: root, stdio: ["ignore", "ignore", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const line = err.split("\n").find((l) => l.startsWith('{"timings"'));
      if (code !== 0 || !line) reject(new Error(`exit ${code}: ${err.slice(0, 500)}`));
      else resolve({ wallMs, timings: JSON.parse(line).timings });
    });
  });
}

mkdirSync(build, { recursive: true });
const load = loadavg()[0] ?? 0;
const rows: string[][] = [];
for (const size of sizes) {
  for (const explicitLanes of [true, false]) {
    const kind = explicitLanes ? "explicit" : "implied";
    const file = join(build, `cli-${size.label}-${kind}.json`);
    writeFileSync(file, JSON.stringify(transportationNetwork(size, { explicitLanes })));
    process.stderr.write(`${size.label} ${kind} (${runs} runs) ...\n`);
    const done: Run[] = [];
    for (let k = 0; k < runs; k++) done.push(await runCli(file));
    const of = (phase: string) => median(done.map((r) => r.timings[phase] ?? 0));
    const wall = median(done.map((r) => r.wallMs));
    const inPhases = phases.reduce((sum, p) => sum + of(p), 0);
    rows.push([
      size.label,
      kind,
      ...phases.map((p) => of(p).toFixed(0)),
      (wall - inPhases).toFixed(0),
      wall.toFixed(0),
      of("cpuMs").toFixed(0),
    ]);
  }
}
const header = [
  "lanes",
  "lanes given",
  "read",
  "parse",
  "validate",
  "build",
  "solve",
  "analysis",
  "interpret",
  "serialise",
  "write",
  "start-up and rest",
  "end to end",
  "CPU",
];
const text = `# The CLI end to end by phase (node --import tsx bench/cli-phases.ts)

${new Date().toISOString().slice(0, 16)} UTC, ${cpus().length} cores, Node ${process.version}, 1-minute load average ${load.toFixed(1)} at the start. \`node dist/node/src/entry/cli.js --network F --json --timings\` (\`npm run plan\`'s command, compiled) in a child process, stdout discarded, median of ${runs} runs; milliseconds. Each phase is the CLI's own \`--timings\` (build: network -> program; solve: the solver alone; analysis: marginal costs, ranges, reduced costs; interpret: the plan's tables; nothing is stored); "start-up and rest" is the wall time from spawn to exit less the phases (process start, module loading, exit); "CPU" is the process's own CPU time (user + system, every thread) when it prints its timings, steadier than wall time on a shared machine. Networks: bench/generate.ts (seeded complete plant x smelter networks; implied lanes are priced by distance from the coordinates).

${table(header, rows)}
`;
console.log(text);
if (!sizesArg) writeFileSync(join(root, "bench", "results", "cli-phases.md"), text);
