// Looking for what holds the server's event loop: the uploads run of bench:hostile against a server under --cpu-prof; writes the profiles to the directory given.
// Usage: node --import tsx bench/profile-uploads.ts <profile dir> [more node flags for the server...]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../test/support/free-port.ts";
import { transportationNetwork } from "./generate.ts";
import { largeUploadBodies, timedPost } from "./hostile-requests.ts";
import { loadAverage, makeKeys, startServer } from "./live-server.ts";

async function main() {
  const [profileDir = "/tmp/anodeflow-profile", ...moreFlags] = process.argv.slice(2);
  const scratch = mkdtempSync(join(tmpdir(), "anodeflow-profile-"));
  const databaseUrl = `file:${join(scratch, "profile.db")}`;
  const [solveKey, uploadKey] = await makeKeys(databaseUrl, [
    ["solver", "planner"],
    ["uploader", "planner"],
  ]);
  const server = await startServer(
    await freePort(),
    databaseUrl,
    {},
    {
      loopDelay: true,
      nodeFlags: [
        ...(profileDir === "-" ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]),
        ...moreFlags,
      ],
    },
  );
  const uploads = largeUploadBodies(4);
  const million = JSON.stringify({
    network: transportationNetwork(
      { label: "1M", plants: 1000, smelters: 1000 },
      { explicitLanes: false },
    ),
    options: { timeLimitMs: 120_000 },
  });
  const load = loadAverage();
  await server.loopDelay();
  const answers = await Promise.all([
    timedPost(`${server.base}/v1/solve`, solveKey ?? "", million),
    ...uploads.map((body) => timedPost(`${server.base}/v1/datasets`, uploadKey ?? "", body)),
  ]);
  const delay = await server.loopDelay();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      load,
      loopDelayMaxMs: delay?.maxMs,
      turnCpuMaxMs: delay?.turnCpuMaxMs,
      answers: answers.map((a) => [a.status, Math.round(a.ms)]),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
