// The planner page with contracts and lots in headless Chromium against the real Node server: a
// network with a contract held at its minimum uploaded, its row in the Logistics tab and its CSV, the
// smelter's tooltip naming it; then a network shipping in whole lots, the lots in the Flows tab and
// the MILP's gap and fixed-LP duals in the status line.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";
import { haveChromium, openPlanner, root } from "./support/planner.ts";

const run = haveChromium() || process.env.CI !== undefined;
const patienceMs = 60_000;

/** A fixture less its `expected` block, as the network to upload. */
function network(file: string) {
  const { expected: _, ...rest } = JSON.parse(
    readFileSync(join(root, "test/fixtures/contracts", file), "utf8"),
  );
  return rest as { name: string };
}

async function upload(page: Page, file: string) {
  const uploaded = network(file);
  await page.locator('input[type="file"]').setInputFiles({
    name: file,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(uploaded)),
  });
  await expect
    .poll(() => page.getByTestId("plan-label").textContent(), { timeout: patienceMs })
    .toContain(uploaded.name);
}

describe.runIf(run)("the planner page with contracts and lots", () => {
  beforeAll(async () => {
    await buildPage();
  });

  it("tabulates a binding contract, names it in its smelter's tooltip, and shows lots and the MILP's gap", async () => {
    const planner = await openPlanner();
    try {
      const { page } = planner;
      await page.goto(planner.url);
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });

      // contract-min-binds: contract bx holds plant B's 30 t to smelter X at its minimum; one more
      // tonne of it costs 30 CNY/t (B's production, 130 against A's 100). Cost 9,700 CNY.
      await upload(page, "contract-min-binds.json");
      expect(await page.getByTestId("total-cost").textContent()).toBe("9,700 CNY");
      await page.getByRole("tab", { name: /Logistics/ }).click();
      const contracts = page.getByTestId("contracts");
      expect(await contracts.locator("tbody tr").first().locator("td").allTextContents()).toEqual([
        "bx",
        "B",
        "X",
        "0.0",
        "0.0",
        "none",
        "at its minimum",
        "30",
      ]);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        contracts.getByRole("button", { name: "Download CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("contracts.csv");
      const csv = readFileSync((await download.path()) ?? "", "utf8").split("\r\n");
      expect(csv[0]).toBe(
        'Contract,Plants,Destination,"Tonnes, kt","Min, kt","Max, kt",Binding,"Marginal value, CNY/t"',
      );
      // Numbers in the header's unit: 30 t is 0.03 kt; no maximum is an empty cell.
      expect(csv[1]).toBe("bx,B,X,0.03,0.03,,at its minimum,30");
      await contracts.scrollIntoViewIfNeeded();
      await planner.screenshot("9-contracts-tab");

      // Smelter X sits at 25° N, 103° E: its tooltip names the binding contract.
      await page.locator('[data-target="site:smelter@25,103"]').hover();
      const tooltip = page.locator("#map-tooltip");
      await expect.poll(() => tooltip.isVisible()).toBe(true);
      expect(await tooltip.textContent()).toContain("Contract bx30 t at its minimum, 30 CNY/t");
      await page.mouse.move(0, 0);

      // lots-rounding: plant A's rail lane ships in 3,000 t lots, 2 of them, and 1,000 t go by
      // road; the MILP closes (gap 0) and the marginal figures come from the LP with lots fixed.
      await upload(page, "lots-rounding.json");
      expect(await page.getByTestId("total-cost").textContent()).toBe("790,000 CNY");
      expect(await page.getByRole("tab", { name: /Logistics/ }).count()).toBe(0);
      const note = (await page.getByTestId("solver-note").textContent()) ?? "";
      expect(note).toContain("MILP optimal, gap 0.00 %");
      expect(note).toContain("duals from the LP with lots fixed");
      await page.getByRole("tab", { name: /Flows/ }).click();
      const panel = page.getByRole("tabpanel");
      const headers = await panel.locator("thead th").allTextContents();
      const rail = panel.locator("tbody tr", { hasText: "rail" }).first();
      const cells = await rail.locator("td").allTextContents();
      const cell = (label: string) => cells[headers.findIndex((h) => h.startsWith(label))];
      expect(cell("Lot, t")).toBe("3,000");
      expect(cell("Lots")).toBe("2");
      expect(cell("kt")).toBe("6.0");
      const road = panel.locator("tbody tr", { hasText: "road" }).first();
      expect((await road.locator("td").allTextContents())[headers.indexOf("Lots")]).toBe("");
      await planner.screenshot("9-lots-flows");
    } finally {
      await planner.close();
    }
  });
});
