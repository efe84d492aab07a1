// End-to-end support: the real Node server on a free port over a temp-file database, and Debian's
// Chromium (driven by playwright-core) with a fresh profile, at laptop size.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { type RunningServer, startServer } from "../../http/support/server.ts";

export const root = join(import.meta.dirname, "..", "..", "..");
export const chromiumPath = "/usr/bin/chromium";
export const screenshotDir = join(root, "test-results", "web");

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Planner {
  /** The page's address: the first start's login URL (key in the fragment) where keys are on. */
  url: string;
  base: string;
  /** Bearer header for calls made by the test itself; empty while the server checks no keys. */
  headers: Record<string, string>;
  page: Page;
  /** Saves a screenshot under test-results/web/ and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts `npm start`'s server and a browser page at 1366x768; close() stops both and cleans up. */
export async function openPlanner(): Promise<Planner> {
  const scratch = mkdtempSync(join(tmpdir(), "anodeflow-web-"));
  let server: RunningServer;
  try {
    server = await startServer({ databasePath: join(scratch, "anodeflow.db") });
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const { base } = server;
  const login = /login\s+(http:\/\/\S+)/.exec(server.output())?.[1];
  const key = login === undefined ? undefined : /#key=(\S+)/.exec(login)?.[1];

  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(join(scratch, "profile"), {
      executablePath: chromiumPath,
      args: chromiumArgs,
      viewport: { width: 1366, height: 768 },
      acceptDownloads: true,
    });
  } catch (error) {
    server.child.kill("SIGKILL");
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  // Waits on a loaded machine take many times longer than on a quiet one; a hang still fails.
  context.setDefaultTimeout(60_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  mkdirSync(screenshotDir, { recursive: true });

  return {
    url: login ?? `${base}/`,
    base,
    headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
    page,
    async screenshot(name) {
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      await context?.close();
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`the page threw:\n${errors.join("\n")}`);
    },
  };
}

export const haveChromium = () => existsSync(chromiumPath);

/** How long to wait for a plan to show: a loaded machine is many times slower, and a hang still fails. */
export const patienceMs = 60_000;

/** Runs `test` with a fresh page and server, closed afterwards whatever happens. */
export async function withPlanner(test: (planner: Planner) => Promise<void>): Promise<void> {
  const planner = await openPlanner();
  try {
    await test(planner);
  } finally {
    await planner.close();
  }
}

/** Opens the page and waits for the first plan's totals. */
export async function loaded(planner: Planner): Promise<void> {
  await planner.page.goto(planner.url);
  await planner.page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
}

/** A call to the server's public API from the test itself, with the login link's key. */
export async function callApi<T>(
  planner: Planner,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${planner.base}${path}`, {
    method,
    headers: {
      ...planner.headers,
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Saves a scenario of the seeded (shared) dataset through the API and solves it into a plan. */
export async function savePlanThroughApi(
  planner: Planner,
  name: string,
  changes: unknown[] = [],
): Promise<{ id: string; totalCost: number }> {
  const { items } = await callApi<{ items: { id: string; shared: boolean }[] }>(
    planner,
    "GET",
    "/v1/datasets?limit=100",
  );
  const dataset = items.filter((d) => d.shared).at(-1) ?? items.at(-1);
  if (dataset === undefined) throw new Error("the server has no dataset");
  const scenario = await callApi<{ id: string }>(planner, "POST", "/v1/scenarios", {
    datasetId: dataset.id,
    name,
    changes,
  });
  const stored = await callApi<{ id: string; plan: { totals: { totalCost: number } | null } }>(
    planner,
    "POST",
    `/v1/scenarios/${scenario.id}/plans`,
    {},
  );
  if (stored.plan.totals === null) throw new Error(`plan ${stored.id} has no totals`);
  return { id: stored.id, totalCost: stored.plan.totals.totalCost };
}

/** The login link (or the bare page where keys are off) with a deep link added to its fragment. */
export const linkTo = (planner: Planner, view: string) =>
  planner.url.includes("#") ? `${planner.url}&${view}` : `${planner.url}#${view}`;

/** "83.81 bn CNY" -> 83.81e9. */
export function parseCny(text: string): number {
  const match = /([-+−]?[\d,.]+)\s*(bn|M)?\s*CNY/.exec(text);
  if (!match?.[1]) throw new Error(`not an amount of CNY: ${text}`);
  const value = Number(match[1].replaceAll(",", "").replace("−", "-"));
  return value * (match[2] === "bn" ? 1e9 : match[2] === "M" ? 1e6 : 1);
}
