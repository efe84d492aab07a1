// The planner page with hubs in headless Chromium against the real Node server: a network with a
// transshipment port, a corridor and two periods uploaded, its route drawn through the hub, the
// hub's tooltip, the Hubs tab for the year and a period, and its CSV.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";
import { haveChromium, openPlanner, root } from "./support/planner.ts";

const run = haveChromium() || process.env.CI !== undefined;
const patienceMs = 60_000;

// hubs-periods (test/fixtures): plant a ships 450 t to smelter s by coastal ship to the port hub
// Fangchenggang (f, 30 CNY/t handling) then rail, and 150 t by direct rail; the sea corridor (600 t
// a year, 300 t a period) is full in p1 (50 CNY/t) and half used in p2. The file less its
// `expected` block is the network uploaded.
const fixture = JSON.parse(readFileSync(join(root, "test/fixtures/hubs-periods.json"), "utf8"));
const { expected: _, ...network } = fixture;

describe.runIf(run)("the planner page with hubs", () => {
  beforeAll(async () => {
    await buildPage();
  });

  it("draws the route through the hub, describes the hub, and tabulates hubs and corridors", async () => {
    const planner = await openPlanner();
    try {
      const { page } = planner;
      await page.goto(planner.url);
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
      await page.locator('input[type="file"]').setInputFiles({
        name: "hubs-periods.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify(network)),
      });
      await expect
        .poll(() => page.getByTestId("plan-label").textContent(), { timeout: patienceMs })
        .toContain("hubs-periods");
      expect(await page.getByTestId("total-cost").textContent()).toBe("157,500 CNY");
      expect(await page.getByTestId("hub-handling-cost").textContent()).toBe("13,500 CNY");

      // One hub marker, a port; the route's first leg (coastal) ends where the marker is centred.
      const hub = page.locator('g.hub.port[data-hub="f"]');
      expect(await hub.count()).toBe(1);
      const route = page.locator('g.arc.route[data-via="f"]');
      expect(await route.count()).toBe(1);
      const modes = await route
        .locator("path.route-leg")
        .evaluateAll((legs) => legs.map((leg) => leg.getAttribute("data-mode")));
      expect(modes).toEqual(["coastal", "rail"]);
      const gap = await page.evaluate(() => {
        const leg = document.querySelector('g.arc.route path.route-leg[data-mode="coastal"]');
        const badge = document.querySelector('g.hub[data-hub="f"] .hub-badge');
        if (!(leg instanceof SVGPathElement) || !badge) return Number.NaN;
        const end = leg.getPointAtLength(leg.getTotalLength());
        const screen = end.matrixTransform(leg.getScreenCTM() ?? undefined);
        const box = badge.getBoundingClientRect();
        return Math.hypot(
          screen.x - (box.left + box.width / 2),
          screen.y - (box.top + box.height / 2),
        );
      });
      expect(gap).toBeLessThan(1.5);
      // The direct rail lane stays a curved arc beside it.
      expect(await page.locator('path.arc[data-mode="rail"]').count()).toBe(1);

      await hub.hover();
      const tooltip = page.locator("#map-tooltip");
      await expect.poll(() => tooltip.isVisible()).toBe(true);
      const said = (await tooltip.textContent()) ?? "";
      for (const part of ["Fangchenggang", "Port", "Throughput450 t", "Capacityunlimited"])
        expect(said).toContain(part);
      expect(said).toContain("Handling30 CNY/t");
      await planner.screenshot("8-hubs-map");
      await page.mouse.move(0, 0);

      // The Flows tab names the route in words, with the handling it pays at the hub.
      const flows = page.getByRole("tabpanel").locator("tbody tr", { hasText: "Fangchenggang" });
      expect(await flows.locator("td").nth(2).textContent()).toBe("coastal → Fangchenggang → rail");

      // The Hubs tab: the year's hub and corridor, then p1's full corridor and its value.
      await page.getByRole("tab", { name: /Logistics/ }).click();
      const hubs = page.getByTestId("hubs");
      const cells = (table: number) =>
        hubs
          .locator("table")
          .nth(table)
          .locator("tbody tr")
          .first()
          .locator("td")
          .allTextContents();
      expect(await cells(0)).toEqual([
        "Fangchenggang",
        "Port",
        "Guangxi",
        "0.5",
        "unlimited",
        "–",
        "30",
        "0.0",
        "–",
      ]);
      expect((await cells(1)).slice(0, 4)).toEqual([
        "Yellow Sea - Beibu Gulf",
        "0.5",
        "0.6",
        "75.0",
      ]);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        hubs.getByRole("button", { name: "Download CSV" }).first().click(),
      ]);
      expect(download.suggestedFilename()).toBe("hubs.csv");
      const csv = readFileSync((await download.path()) ?? "", "utf8").split("\r\n");
      expect(csv[0]).toBe(
        'Hub,Kind,Province,"Throughput, kt","Capacity, kt","Utilisation, %","Handling, CNY/t","Handling cost, M CNY","Marginal value, CNY/t"',
      );
      // Numbers in the header's unit: 450 t is 0.45 kt, 13,500 CNY is 0.0135 M CNY.
      expect(csv[1]).toBe("Fangchenggang,Port,Guangxi,0.45,,,30,0.0135,");

      await page.getByTestId("period-control").locator("label", { hasText: "p1" }).click();
      await expect
        .poll(() => cells(1))
        .toEqual(["Yellow Sea - Beibu Gulf", "0.3", "0.3", "100.0", "50"]);
      expect(await hubs.locator("h3").first().textContent()).toContain("p1, tonnes in the period");
      await hubs.scrollIntoViewIfNeeded();
      await planner.screenshot("8-hubs-tab-p1");
    } finally {
      await planner.close();
    }
  });
});
