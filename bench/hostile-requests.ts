// The hostile requests of issue 12, shared by npm run load and npm run bench:hostile: the 60 KB solve that once took 10 GB, 14 MiB uploads, bad keys.
import { transportationNetwork } from "./generate.ts";

/** 450 x 450 with implied lanes (202,500), asked of javascript-lp-solver with a 60 s limit. */
export function oversizedSolveBody(): string {
  const network = transportationNetwork(
    { label: "450x450", plants: 450, smelters: 450 },
    { explicitLanes: false },
  );
  return JSON.stringify({
    network,
    options: { solver: "javascript-lp-solver", timeLimitMs: 60_000 },
  });
}

/** `count` dataset bodies of about 14 MiB each (202,400 explicit lanes), different content each. */
export function largeUploadBodies(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      network: transportationNetwork(
        { label: "14MiB", plants: 460, smelters: 440 },
        { seed: i + 1 },
      ),
    }),
  );
}

/** A well-formed key that no server issued. */
export const badKey = `afk_0000000000000000_${"0".repeat(40)}`;

export const jsonHeaders = (key: string) => ({
  authorization: `Bearer ${key}`,
  "content-type": "application/json",
});

/** POSTs `body` and times the answer; a connection that fails is status 0, with the error as text. */
export async function timedPost(url: string, key: string, body: string) {
  const started = performance.now();
  try {
    const response = await fetch(url, { method: "POST", headers: jsonHeaders(key), body });
    const text = await response.text();
    return { status: response.status, ms: performance.now() - started, text };
  } catch (error) {
    const cause = error instanceof Error ? String(error.cause ?? error.message) : String(error);
    return { status: 0, ms: performance.now() - started, text: JSON.stringify({ code: cause }) };
  }
}
