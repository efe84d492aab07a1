import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/entry/keys.ts";
import { createDb } from "../../src/storage/db.ts";
import { randomId } from "../../src/storage/ids.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import { runMain } from "../support/io.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-keys-"));
const env = { DATABASE_URL: `file:${join(scratch, "keys.db")}` };
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function keys(...argv: string[]) {
  const { code, stdout, stderr } = await runMain((args, io) => main(args, io, env), argv);
  return { code, lines: stdout.split("\n").slice(0, -1), stderr };
}

async function authenticate(token: string) {
  const client = createClient({ url: env.DATABASE_URL });
  const repositories = createRepositories({
    db: createDb(client),
    newId: randomId,
    clock: () => new Date(),
  });
  const principal = await repositories.apiKeys.authenticate(token);
  client.close();
  return principal;
}

describe("npm run keys", () => {
  it("creates a key for a new organisation, prints it once, and the key works", async () => {
    const { code, lines } = await keys("create", "--org", "Yunnan Aluminium", "--role", "planner");
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^created organisation Yunnan Aluminium \(org_/);
    const token = lines.at(-1) ?? "";
    expect(token).toMatch(/^afk_[0-9a-z]{16}_[0-9a-z]{40}$/);
    expect(await authenticate(token)).toMatchObject({ role: "planner" });
    // A second key joins the same organisation.
    const again = await keys("create", "--org", "Yunnan Aluminium", "--role", "viewer");
    expect(again.lines.some((line) => line.startsWith("created organisation"))).toBe(false);
  });

  it("lists keys with their organisation and role, never a secret", async () => {
    const { lines: created } = await keys(
      "create",
      "--org",
      "listed",
      "--role",
      "admin",
      "--name",
      "ERP",
    );
    const secret = created.at(-1)?.split("_").at(-1) ?? "";
    const { code, lines } = await keys("list", "--org", "listed");
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^id +organisation +role +name +created +revoked$/);
    expect(lines[1]).toMatch(/^ak_[0-9a-z]{16} +listed +admin +ERP +\d{4}-/);
    expect(lines.join("\n")).not.toContain(secret);
  });

  it("revokes a key by its id or by the pasted key, after which it fails", async () => {
    const { lines } = await keys("create", "--org", "revoked", "--role", "viewer");
    const token = lines.at(-1) ?? "";
    const revoked = await keys("revoke", token);
    expect(revoked.code).toBe(0);
    expect(revoked.lines[0]).toMatch(/^revoked ak_/);
    expect(await authenticate(token)).toBeUndefined();
  });

  it("refuses an unknown role, a missing organisation and an unknown key with exit code 1", async () => {
    for (const [argv, message] of [
      [["create", "--org", "x", "--role", "owner"], /^error: --role/],
      [["create", "--role", "viewer"], /^error: --org/],
      [["revoke", "ak_nope"], /^error: no key ak_nope/],
    ] as const) {
      const { code, lines, stderr } = await keys(...argv);
      expect(code, argv.join(" ")).toBe(1);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(lines).toEqual([]);
    }
  });
});
