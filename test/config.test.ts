import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, settingNames } from "../src/config.ts";

describe("loadConfig", () => {
  it("gives the documented defaults for an empty environment", () => {
    const config = loadConfig({});
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(8787);
    expect(config.database).toEqual({
      url: "file:var/anodeflow.db",
      authToken: undefined,
      synchronous: "full",
    });
    expect(config.solveMemoryMb).toBe(1536);
    expect(config.limits.defaultSolveTimeLimitMs).toBeLessThanOrEqual(
      config.limits.maxSolveTimeLimitMs,
    );
  });

  it("reads numbers from strings and treats empty values as unset", () => {
    const config = loadConfig({ PORT: "9000", DATABASE_AUTH_TOKEN: "", MAX_NODES: "12" });
    expect(config.port).toBe(9000);
    expect(config.database.authToken).toBeUndefined();
    expect(config.limits.nodes).toBe(12);
  });

  it("ignores variables it does not know, such as Worker bindings", () => {
    expect(() => loadConfig({ ASSETS: { fetch() {} }, PATH: "/usr/bin" })).not.toThrow();
  });

  it("names every invalid variable in one error", () => {
    expect(() => loadConfig({ PORT: "http", MAX_LANES: "-1" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "http", MAX_LANES: "-1" })).toThrow(/PORT.*MAX_LANES/);
  });

  it("checks API keys unless AUTH=off, which it refuses on an address other machines can reach", () => {
    expect(loadConfig({}).auth).toBe("keys");
    expect(loadConfig({ AUTH: "off" }).auth).toBe("off");
    expect(loadConfig({ AUTH: "off", HOST: "::1" }).auth).toBe("off");
    expect(() => loadConfig({ AUTH: "off", HOST: "0.0.0.0" })).toThrow(/AUTH=off/);
    expect(() => loadConfig({ AUTH: "no" })).toThrow(/AUTH/);
  });

  it("gives the documented request and solve limits", () => {
    expect(loadConfig({}).limits).toMatchObject({
      requestsPerMinute: 600,
      concurrentSolves: 2,
      queuedSolves: 32,
      solvesPerOrganisation: 4,
      solveQueueTimeoutMs: 30_000,
      idempotencyTtlMs: 24 * 3_600_000,
    });
  });

  it("gives the documented quotas and failed-authentication limit, quotas in bytes", () => {
    const { limits } = loadConfig({ QUOTA_STORED_MB: "2", QUOTA_API_KEYS: "5" });
    expect(limits.quotas).toEqual({
      storedBytes: 2 * 1024 * 1024,
      datasets: 1000,
      scenarios: 10_000,
      plans: 10_000,
      apiKeys: 5,
    });
    expect(limits.authFailuresPerMinute).toBe(30);
    expect(() => loadConfig({ QUOTA_PLANS: "0" })).toThrow(/QUOTA_PLANS/);
  });

  it("refuses a default time limit above the maximum", () => {
    expect(() =>
      loadConfig({ SOLVE_TIME_LIMIT_MS: "60000", MAX_SOLVE_TIME_LIMIT_MS: "1000" }),
    ).toThrow(/SOLVE_TIME_LIMIT_MS/);
  });

  it("gives the documented webhook settings, private destinations refused unless allowed", () => {
    expect(loadConfig({}).webhooks).toEqual({
      allowPrivate: false,
      maxAttempts: 5,
      retryBaseMs: 30_000,
      timeoutMs: 10_000,
    });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: "true" }).webhooks.allowPrivate).toBe(true);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: "yes" })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
    expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: "0" })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
  });

  it("keeps CORS off and compression on by default, and reads an allow-list of origins", () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({}).compression).toBe(true);
    expect(loadConfig({ COMPRESSION: "off" }).compression).toBe(false);
    expect(
      loadConfig({ CORS_ORIGINS: " https://erp.example.com, http://localhost:5173 " }).corsOrigins,
    ).toEqual(["https://erp.example.com", "http://localhost:5173"]);
    expect(loadConfig({ CORS_ORIGINS: "*" }).corsOrigins).toEqual(["*"]);
    expect(() => loadConfig({ CORS_ORIGINS: "https://erp.example.com/" })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: "erp.example.com" })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: "*, https://a.example" })).toThrow(/CORS_ORIGINS/);
  });

  it("lists every setting in the README's settings table", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    // The first table after the heading: its rows, up to the first line that is not one.
    const lines = readme.slice(readme.indexOf("### Settings")).split("\n");
    const first = lines.findIndex((line) => line.startsWith("|"));
    const end = lines.findIndex((line, i) => i > first && !line.startsWith("|"));
    const table = lines.slice(first, end).join("\n");
    const missing = settingNames.filter((name) => !table.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
