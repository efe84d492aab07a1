// The scenario panel's contract, seasonality, hub and corridor controls in headless Chromium against
// the real Node server: the monthly dataset uploaded, a plant's profile (with its message while a
// month is blank), a contract's maximum, a hub closed and a corridor scaled; solved, the plan named
// by each change; axe clean.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";
import { axeViolations } from "./support/axe.ts";
import { haveChromium, loaded, patienceMs, root, withPlanner } from "./support/planner.ts";

const run = haveChromium() || process.env.CI !== undefined;

describe.runIf(run)("the contract, seasonality, hub and corridor controls", () => {
  beforeAll(async () => {
    await buildPage();
  });

  it("sets a plant's monthly profile and a contract's maximum, and plans with them", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      const file = join(root, "data/china-2024/network-monthly.json");
      const monthly = JSON.parse(readFileSync(file, "utf8")) as {
        name: string;
        periods: { id: string }[];
      };
      await page.locator('input[type="file"]').setInputFiles(file);
      await expect
        .poll(() => page.getByTestId("plan-label").textContent(), { timeout: patienceMs })
        .toContain(monthly.name);
      const panel = page.locator("aside.panel");
      for (const legend of ["Contracts", "Seasonality", "Closed hubs", "Corridor capacity"]) {
        await panel.locator("legend", { hasText: legend }).waitFor({ timeout: patienceMs });
      }

      // A profile for Henan's standard plant, one multiplier per month.
      await panel.getByRole("button", { name: "+ Seasonal profile" }).click();
      await page.getByLabel("Plant, smelter or port of profile 1").selectOption("plant:henan-std");
      await page.getByLabel("2024-01 ×").fill("1");
      // A month left blank: the message names it, and the field is marked.
      const message = panel.locator("#season-0-1-message");
      await expect.poll(() => message.textContent()).toBe("Enter a multiplier for 2024-02.");
      expect(await page.locator("#season-0-1").getAttribute("aria-invalid")).toBe("true");
      for (const period of monthly.periods) {
        await page.getByLabel(`${period.id} ×`).fill(period.id === "2024-07" ? "0.9" : "1");
      }
      await expect.poll(() => message.count()).toBe(0);

      // The Yunnan contract's maximum, in kt.
      await panel.getByRole("button", { name: "+ Contract bounds" }).click();
      await page
        .getByLabel("Contract 1", { exact: true })
        .selectOption("sunstone-yunnan-aluminium");
      await page.getByLabel("Maximum of contract 1, kt per year").fill("2000");

      // A hub closed and a corridor's capacity scaled.
      await panel.getByRole("button", { name: "+ Close a hub" }).click();
      await page.getByLabel("Closed hub 1", { exact: true }).selectOption("hub-qingdao");
      await panel.getByRole("button", { name: "+ Scale a corridor's capacity" }).click();
      await page.getByLabel("Corridor 1", { exact: true }).selectOption("lanxin-east");
      await page.getByLabel(/^Capacity ×/).fill("1.5");

      await panel.locator("legend", { hasText: "Seasonality" }).scrollIntoViewIfNeeded();
      await planner.screenshot("17-controls-panel");
      expect(await axeViolations(page)).toEqual([]);

      await panel.getByRole("button", { name: "Solve", exact: true }).click();
      await expect
        .poll(() => page.getByTestId("plan-label").textContent(), { timeout: patienceMs })
        .toContain("henan-std profile");
      const label = (await page.getByTestId("plan-label").textContent()) ?? "";
      expect(label).toContain("contract sunstone-yunnan-aluminium max 2000 kt");
      expect(label).toContain("hub-qingdao closed");
      expect(label).toContain("lanxin-east capacity x1.5");
      // The plan answered: its totals, or its status in words.
      await page
        .locator('[data-testid="total-cost"], [data-testid="plan-status"]')
        .first()
        .waitFor({ timeout: patienceMs });
      expect(await axeViolations(page)).toEqual([]);
      await planner.screenshot("17-controls");
    });
  });
});
