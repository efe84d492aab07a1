// The Economics tab's cost sweep in headless Chromium against the real Node server: the rail cost
// factor from 0.5 to 2 on the default dataset, its curve with one marker per breakpoint the API
// gives, axe and no sideways scrolling at 1440x900.
import { beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";
import { axeViolations } from "./support/axe.ts";
import { callApi, haveChromium, loaded, patienceMs, withPlanner } from "./support/planner.ts";

const run = haveChromium() || process.env.CI !== undefined;

describe.runIf(run)("cost sweep", () => {
  beforeAll(async () => {
    await buildPage();
  });

  it("sweeps the rail cost factor 0.5..2 and draws the curve with the API's breakpoints", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await page.setViewportSize({ width: 1440, height: 900 });
      await loaded(planner);
      await page.getByRole("tab", { name: "Economics" }).click();
      const sweep = page.getByTestId("sweep");
      await sweep.waitFor({ timeout: patienceMs });
      await sweep.getByLabel("Mode").selectOption("rail");
      await sweep.getByLabel("Cost factor from").fill("0.5");
      await sweep.getByLabel("to", { exact: true }).fill("2");
      const answered = page.waitForResponse(
        (r) => r.url().endsWith("/v1/sweeps") && r.request().method() === "POST",
        { timeout: 180_000 },
      );
      await sweep.getByRole("button", { name: "Sweep", exact: true }).click();
      const response = await answered;
      expect(response.status()).toBe(200);
      const body = (await response.json()) as { status: string; breakpoints?: unknown[] };
      expect(body.status).toBe("optimal");
      const chart = page.getByTestId("chart-sweep-curve");
      await chart.waitFor({ timeout: patienceMs });

      // The same sweep asked by the test itself: the page shows every breakpoint of the API's answer.
      const { items } = await callApi<{ items: { id: string; shared: boolean }[] }>(
        planner,
        "GET",
        "/v1/datasets?limit=100",
      );
      const dataset = items.filter((d) => d.shared).at(-1) ?? items.at(-1);
      const direct = await callApi<{ breakpoints: unknown[] }>(planner, "POST", "/v1/sweeps", {
        datasetId: dataset?.id,
        changes: [{ kind: "scaleModeCost", mode: "rail", factor: 1 }],
        parameter: { change: 0, field: "factor", from: 0.5, to: 2 },
      });
      const markers = await chart.getByTestId("sweep-breakpoint").count();
      expect(markers).toBeGreaterThanOrEqual(2);
      expect(markers).toBe(direct.breakpoints.length);
      expect(markers).toBe(body.breakpoints?.length);
      // Accessible: an image named by its title and a description that lists the breakpoints.
      const img = chart.getByRole("img");
      expect(await img.getAttribute("aria-labelledby")).toBe("sweep-curve-title sweep-curve-desc");
      expect(await chart.locator("desc").textContent()).toMatch(/breakpoints at factor/);
      expect(await chart.locator("tbody tr").count()).toBe(markers);
      expect(await chart.textContent()).toContain("Total cost, M CNY ex-VAT");

      await chart.scrollIntoViewIfNeeded();
      await planner.screenshot("sweep-curve");
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        1440,
      );

      // A phone: the form wraps and the chart shrinks, nothing scrolls sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      await chart.waitFor({ timeout: patienceMs });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      await page.setViewportSize({ width: 1440, height: 900 });

      // A sweep the API refuses (a margin objective: 422) is told in words, the curve before taken away.
      await page.locator("#objective").selectOption("maxMargin");
      await sweep.getByRole("button", { name: "Sweep", exact: true }).click();
      const problem = sweep.getByRole("alert");
      await problem.waitFor({ timeout: patienceMs });
      expect(await problem.textContent()).toMatch(/The sweep failed\..*\(422\)/);
      expect(await chart.count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    });
  }, 300_000);
});
