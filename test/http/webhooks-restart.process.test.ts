// The real server across a restart: a job it left running fires job.failed (job_interrupted) and a
// delivery it left pending is sent, both to a receiver on 127.0.0.1.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import * as routes from "../../src/http/webhooks/webhooks.routes.ts";
import { type RunningServer, startServer } from "./support/server.ts";
import { readAs } from "./support/test-app.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-webhooks-"));
const databasePath = join(scratch, "anodeflow.db");
const env = { WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_RETRY_BASE_MS: "10" };
let server: RunningServer | undefined;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => {
    body += chunk;
  });
  request.on("end", () => {
    received.push({ headers: request.headers, body });
    response.end();
  });
});
afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => receiver.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

describe("webhooks across a restart", () => {
  it("sends job.failed for a job the last run left running, and the delivery it left pending", async () => {
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const address = receiver.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    server = await startServer({ databasePath, env });
    const headers = {
      authorization: `Bearer ${server.loginKey}`,
      "content-type": "application/json",
    };
    const hook = await readAs(
      await fetch(`${server.base}/v1/webhooks`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          url: `http://127.0.0.1:${address.port}/events`,
          events: ["job.failed", "plan.created"],
        }),
      }),
      routes.create,
      201,
    );
    expect(await server.stop()).toBe(0);

    // What a killed run leaves: a running job and a delivery with attempts to make.
    const client = createClient({ url: `file:${databasePath}` });
    const owner = await client.execute({
      sql: "select organisation_id from webhooks where id = ?",
      args: [hook.id],
    });
    const organisationId = String(owner.rows[0]?.organisation_id);
    const now = Date.now();
    await client.execute({
      sql: "insert into jobs (id, organisation_id, kind, status, progress, created_at, updated_at) values ('jb_left', ?, 'sweep', 'running', '{\"phase\":\"running\"}', ?, ?)",
      args: [organisationId, now, now],
    });
    await client.execute({
      sql: "insert into webhook_deliveries (id, organisation_id, webhook_id, event, payload, status, attempts, next_attempt_at, created_at, updated_at) values ('dl_left', ?, ?, 'plan.created', '{\"type\":\"plan.created\"}', 'pending', '[]', ?, ?, ?)",
      args: [organisationId, hook.id, now, now, now],
    });
    client.close();

    server = await startServer({ databasePath, env });
    await expect.poll(() => received.length, { timeout: 60_000 }).toBe(2);
    const resumed = received.find((r) => r.headers["webhook-id"] === "dl_left");
    expect(resumed?.body).toBe('{"type":"plan.created"}');
    const failed = received.find((r) => r.headers["webhook-id"] !== "dl_left");
    const event = JSON.parse(failed?.body ?? "{}");
    expect(event.type).toBe("job.failed");
    expect(event.data).toMatchObject({
      id: "jb_left",
      status: "failed",
      problem: { code: "job_interrupted" },
    });
    expect(server.output()).toMatch(/1 webhook delivery\(ies\) resumed/);
  });
});
