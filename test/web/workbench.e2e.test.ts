// The planner's workbench in headless Chromium against the real Node server: an infeasible plan
// explained and fixed by its relaxation, charts, scenarios, at laptop and phone sizes, checked by axe.
import { beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";
import { axeViolations } from "./support/axe.ts";
import { haveChromium, openPlanner, type Planner } from "./support/planner.ts";

const run = haveChromium() || process.env.CI !== undefined;
const patienceMs = 60_000;

async function withPlanner(test: (planner: Planner) => Promise<void>): Promise<void> {
  const planner = await openPlanner();
  try {
    await test(planner);
  } finally {
    await planner.close();
  }
}

async function loaded(planner: Planner): Promise<void> {
  await planner.page.goto(planner.url);
  await planner.page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
}

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
});
