// The Economics tab and scenario management in headless Chromium against the real Node server:
// ports, marginal-cost ranges, unused lanes, the regional view; rename, delete (409 in words, then
// with its plans), several plans compared at once; axe and no sideways scrolling at two sizes.
import { beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";
import { axeViolations } from "./support/axe.ts";
import {
  callApi,
  haveChromium,
  linkTo,
  patienceMs,
  savePlanThroughApi,
  withPlanner,
} from "./support/planner.ts";

const run = haveChromium() || process.env.CI !== undefined;

describe.runIf(run)("economics and scenario management", () => {
  beforeAll(async () => {
    await buildPage();
  });

  it("shows ports, ranges, unused lanes and the regional view; renames, deletes and compares three plans", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      const base = await savePlanThroughApi(planner, "Base");
      await savePlanThroughApi(planner, "Rail x1.2", [
        { kind: "scaleModeCost", mode: "rail", factor: 1.2 },
      ]);
      await savePlanThroughApi(planner, "Road x1.3", [
        { kind: "scaleModeCost", mode: "road", factor: 1.3 },
      ]);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(linkTo(planner, `plan=${base.id}`));
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });

      await page.getByRole("tab", { name: "Economics" }).click();
      const economics = page.getByTestId("economics");
      await economics.waitFor({ timeout: patienceMs });
      // Every port of the default dataset (9), each header with its unit.
      const ports = economics.locator("section", { has: page.locator("#ports-title") });
      expect(await ports.locator("tbody tr").count()).toBe(9);
      const heads = await ports.locator("thead th").allTextContents();
      expect(heads.join("|")).toContain("Minimum export, kt");
      expect(heads.join("|")).toContain("Netback, CNY/t ex-VAT");
      expect(await economics.getByTestId("unused-line").textContent()).toMatch(
        /nearest to use|all \d+/,
      );
      await page.getByTestId("calibration").waitFor({ timeout: patienceMs });
      expect(await page.getByTestId("observed-spread").textContent()).toMatch(/398–726 CNY\/t/);
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        1440,
      );

      await page.getByRole("tab", { name: /Compare/ }).click();
      // Rename through PATCH.
      await page.getByRole("button", { name: "Rename Road x1.3" }).click();
      await page.getByLabel("New name").fill("Road dearer");
      await page.getByRole("button", { name: "Save name" }).click();
      await page.getByRole("rowheader", { name: "Road dearer" }).waitFor({ timeout: patienceMs });

      // Three plans at once: the baseline (oldest, Base) and the two ticked.
      await page.getByLabel("Compare Rail x1.2 with the baseline").check();
      await page.getByLabel("Compare Road dearer with the baseline").check();
      await page.getByRole("button", { name: "Compare 3 plans with charts" }).click();
      const set = page.getByTestId("comparison-set");
      await set.waitFor({ timeout: patienceMs });
      expect(await set.textContent()).toContain("rail cost x1.2");
      expect(await set.locator('[data-line="co2T"]').count()).toBe(1);
      expect(await set.getByTestId("chart-set-cost-parts").count()).toBe(1);

      // Deleting a scenario with a plan is refused in words, then done with its plans.
      await page.getByRole("button", { name: "Delete Rail x1.2" }).click();
      await page.getByRole("button", { name: /Delete the scenario/ }).click();
      const conflict = page.getByTestId("delete-conflict");
      await conflict.waitFor({ timeout: patienceMs });
      expect(await conflict.textContent()).toContain("still has stored plans");
      await conflict.getByRole("button", { name: /with its plans/ }).click();
      await page
        .getByRole("rowheader", { name: "Rail x1.2" })
        .waitFor({ state: "detached", timeout: patienceMs });
      const left = await callApi<{ items: { name: string }[] }>(
        planner,
        "GET",
        "/v1/scenarios?limit=100",
      );
      expect(left.items.map((s) => s.name).sort()).toEqual(["Base", "Road dearer"]);
      expect(await axeViolations(page)).toEqual([]);

      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole("tab", { name: "Economics" }).click();
      await economics.waitFor({ timeout: patienceMs });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("closes a lane from the panel's lane picker and solves", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await page.goto(planner.url);
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
      await page.getByRole("button", { name: "+ Close a lane" }).click();
      expect(await page.getByLabel("Destination of closed lane 1").count()).toBe(1);
      await page.getByRole("button", { name: "Solve", exact: true }).click();
      await page.getByTestId("stale").waitFor({ state: "detached", timeout: patienceMs });
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
