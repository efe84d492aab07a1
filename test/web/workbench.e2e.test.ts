// The planner's workbench in headless Chromium against the real Node server: an infeasible plan
// explained and fixed by its relaxation, charts, scenarios, at laptop and phone sizes, checked by axe.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";
import { axeViolations } from "./support/axe.ts";
import { haveChromium, loaded, patienceMs, screenshotDir, withPlanner } from "./support/planner.ts";

const run = haveChromium() || process.env.CI !== undefined;

describe.runIf(run)("the planner's workbench", () => {
  beforeAll(async () => {
    await buildPage();
  });

  it("an infeasible scenario is explained with its missing tonnes and fixed by applying its cheapest relaxation", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      // Yunnan's smelters at five times their demand: 1.66 Mt more than all plants can make (no shortfall).
      await page.getByRole("button", { name: "+ Province demand" }).click();
      await page.getByLabel("Province 1", { exact: true }).selectOption("Yunnan");
      await page.getByLabel("Demand of province 1, percent of today").fill("500");
      await page.getByRole("button", { name: "Solve", exact: true }).click();
      const diagnosis = page.getByTestId("diagnosis");
      await diagnosis.waitFor({ timeout: patienceMs });
      expect(await page.getByTestId("plan-status").textContent()).toMatch(/infeasible/);
      expect(await page.getByTestId("diagnosis-missing").textContent()).toMatch(
        /^[\d.,]+ (t|kt|Mt) of demand and limits cannot be met together\.$/,
      );
      expect(await diagnosis.textContent()).toContain("Cheapest relaxation");
      expect(await diagnosis.textContent()).toMatch(/raise plant \S+'s capacity by/);
      // No "up to 0 t" legend for a plan without flows.
      expect(await page.locator(".legend").textContent()).not.toContain("up to 0");
      expect(await page.locator(".legend").textContent()).toContain("no flows to draw");
      await planner.screenshot("w1-infeasible");
      expect(await axeViolations(page)).toEqual([]);

      await page.getByTestId("apply-relaxation").click();
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
      expect(await page.getByTestId("plan-status").count()).toBe(0);
      // The relaxation stays in the panel as a change, ready to save, beside the demand change.
      expect(await page.getByLabel("Demand of province 1, percent of today").inputValue()).toBe(
        "500",
      );
      expect(await page.getByLabel("Capacity of plant 1, kt per year").inputValue()).not.toBe("");
      await planner.screenshot("w1-relaxed");
    });
  });

  it("a CO2 cap in the panel below what any plan emits is diagnosed; its relaxation raises the cap field and plans", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      expect(await page.getByLabel("Objective").inputValue()).toBe("");
      await page.getByLabel("CO2 cap, kt per year").fill("1000");
      await page.getByRole("button", { name: "Solve", exact: true }).click();
      const diagnosis = page.getByTestId("diagnosis");
      await diagnosis.waitFor({ timeout: patienceMs });
      expect(await diagnosis.textContent()).toMatch(/raise the CO2 cap by [\d.]+ t CO2/);
      await page.getByTestId("apply-relaxation").click();
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
      const capKt = Number(await page.getByLabel("CO2 cap, kt per year").inputValue());
      expect(capKt).toBeGreaterThan(1000);
      // The plan emits at most the raised cap, and within a tonne of it (the cap binds).
      const co2Kt = Number(
        (
          (await page.locator(".figure", { hasText: "Total CO2" }).locator("dd").textContent()) ??
          ""
        )
          .replace(" kt", "")
          .replaceAll(",", ""),
      );
      expect(co2Kt).toBeLessThanOrEqual(capKt + 0.05);
      expect(co2Kt).toBeGreaterThan(capKt - 0.1);
      expect(await page.getByTestId("stale").count()).toBe(0);
    });
  });

  it("the default plan comes with its charts, whose numbers agree with the plan; two saved scenarios add to the cost and CO2 charts", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await page.setViewportSize({ width: 1440, height: 900 });
      await loaded(planner);
      for (const id of [
        "cost-parts",
        "co2-cost",
        "province-balance",
        "port-exports",
        "plant-utilisation",
        "marginal-cost",
      ])
        await page.getByTestId(`chart-${id}`).waitFor();
      /** A chart's numbers: its table's rows as text cells. */
      const numbers = async (id: string) =>
        page
          .getByTestId(`chart-${id}`)
          .locator("tbody tr")
          .evaluateAll((rows) =>
            rows.map((row) => Array.from(row.querySelectorAll("td"), (td) => td.textContent ?? "")),
          );
      const value = (text: string) => Number(text.replaceAll(",", ""));
      // Inter-provincial flows leave one province for another: surpluses and deficits cancel.
      const balance = (await numbers("province-balance")).map((row) => value(row[1] ?? ""));
      expect(balance.some((v) => v > 0) && balance.some((v) => v < 0)).toBe(true);
      expect(Math.abs(balance.reduce((sum, v) => sum + v, 0))).toBeLessThan(0.1 * balance.length);
      // Each port between its limits (a feasible plan), and the chart's total is the totals' one.
      for (const [port, exportKt, minKt, maxKt] of await numbers("port-exports")) {
        expect(value(exportKt ?? ""), port).toBeGreaterThanOrEqual(value(minKt ?? "") - 0.1);
        expect(value(exportKt ?? ""), port).toBeLessThanOrEqual(value(maxKt ?? "") + 0.1);
      }
      const [shownCost] = await numbers("cost-parts");
      const totalText = (await page.getByTestId("total-cost").textContent()) ?? "";
      expect(totalText).toBe(`${shownCost?.[1]} bn CNY`);
      // Parts add up to the total (two decimals each, six parts).
      const parts = (shownCost ?? []).slice(2).map(value);
      expect(Math.abs(parts.reduce((s, v) => s + v, 0) - value(shownCost?.[1] ?? ""))).toBeLessThan(
        0.035,
      );
      for (const [, pct] of await numbers("plant-utilisation")) {
        expect(value(pct ?? "")).toBeGreaterThanOrEqual(0);
        expect(value(pct ?? "")).toBeLessThanOrEqual(100.05);
      }
      const svg = page.getByTestId("chart-port-exports").locator("svg");
      expect(await svg.getAttribute("role")).toBe("img");
      expect(await svg.locator("desc").textContent()).toMatch(/minimum [\d,.]+, maximum [\d,.]+/);
      await page.getByTestId("chart-cost-parts").scrollIntoViewIfNeeded();
      await planner.screenshot("w2-charts");

      for (const [name, rail] of [
        ["Rail +20 %", "1.2"],
        ["Rail +50 %", "1.5"],
      ] as const) {
        await page.getByLabel("Rail tariff ×").fill(rail);
        await page.getByLabel("Save as scenario").fill(name);
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await expect
          .poll(async () => (await numbers("co2-cost")).map((row) => row[0]))
          .toContain(name);
      }
      const points = await numbers("co2-cost");
      expect(points.map((row) => row[0])).toEqual(["Rail +50 %", "Rail +20 %"]);
      // Dearer rail: a higher total cost.
      expect(value(points[0]?.[2] ?? "")).toBeGreaterThan(value(points[1]?.[2] ?? ""));
      await page
        .locator(".charts")
        .screenshot({ path: join(screenshotDir, "w2-charts-section.png") });
      expect(await axeViolations(page)).toEqual([]);

      // The scenarios table: KPIs and differences from the baseline (the oldest, Rail +20 %).
      await page.getByRole("tab", { name: /Compare/ }).click();
      const table = page.getByTestId("scenarios");
      const rows = async () =>
        table
          .locator("tbody tr")
          .evaluateAll((trs) =>
            trs.map((tr) => Array.from(tr.querySelectorAll("th, td"), (c) => c.textContent ?? "")),
          );
      const signedValue = (text: string) => value(text.replace("−", "-").replace("+", ""));
      let listed = await rows();
      expect(listed.map((r) => r[0])).toEqual(["Rail +50 %", "Rail +20 %"]);
      // Columns: name, status, cost, Δ cost, CO2, Δ CO2, exports, Δ exports.
      const [r50, r20] = listed;
      expect(r20?.[3]).toBe("—");
      expect(
        Math.abs(signedValue(r50?.[3] ?? "") - (value(r50?.[2] ?? "") - value(r20?.[2] ?? ""))),
      ).toBeLessThan(0.0015);
      expect(signedValue(r50?.[3] ?? "")).toBeGreaterThan(0);
      expect(
        Math.abs(signedValue(r50?.[5] ?? "") - (value(r50?.[4] ?? "") - value(r20?.[4] ?? ""))),
      ).toBeLessThan(0.15);
      // Rail +50 % as the baseline: Rail +20 % is then the cheaper by as much.
      await page.getByLabel("Rail +50 % as the baseline").check();
      listed = await rows();
      expect(signedValue(listed[1]?.[3] ?? "")).toBeCloseTo(-signedValue(r50?.[3] ?? ""), 3);

      // Duplicate: the same changes under another name, solved into a third plan at the same cost.
      await page.getByRole("button", { name: "Duplicate Rail +20 %" }).click();
      await page.getByLabel("Name of the copy").fill("Rail +20 % again");
      await page.getByRole("button", { name: "Save copy" }).click();
      await expect.poll(async () => (await rows()).length, { timeout: patienceMs }).toBe(3);
      listed = await rows();
      const again = listed.find((r) => r[0] === "Rail +20 % again");
      expect(again?.[2]).toBe(r20?.[2]);
      // Three plans side by side in the cost and CO2 charts.
      expect((await numbers("cost-parts")).map((r) => r[0])).toEqual([
        "Rail +20 % again",
        "Rail +50 %",
        "Rail +20 %",
      ]);
      expect(await numbers("co2-cost")).toHaveLength(3);
      expect(await axeViolations(page)).toEqual([]);

      // Out of date: the panel changed after the plan was solved, until the next solve.
      expect(await page.getByTestId("stale").count()).toBe(0);
      await page.getByLabel("Rail tariff ×").fill("1.7");
      await page.getByTestId("stale").waitFor();
      expect(await page.getByTestId("stale").textContent()).toMatch(/^Out of date/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        1440,
      );
      await planner.screenshot("w3-stale-1440");

      // A phone: results first (the map above the panel), no horizontal scrolling, axe clean.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.evaluate(() => window.scrollTo(0, 0));
      const topOf = async (selector: string) =>
        (await page.locator(selector).first().boundingBox())?.y ?? Number.NaN;
      expect(await topOf(".centre")).toBeLessThan(await topOf(".panel"));
      expect(await topOf(".side")).toBeLessThan(await topOf(".panel"));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      await planner.screenshot("w4-phone");
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Solve", exact: true }).click();
      await expect.poll(() => page.getByTestId("stale").count(), { timeout: patienceMs }).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
    });
  });
});
