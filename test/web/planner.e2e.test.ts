// The planner page in headless Chromium against the real Node server: the cases a planner lives by.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";
import type { Network, Plan } from "../../web/src/api.ts";
import { cny } from "../../web/src/format.ts";
import { gainedColour, lostColour } from "../../web/src/scales.ts";
import {
  callApi,
  haveChromium,
  linkTo,
  loaded,
  type Planner,
  parseCny,
  patienceMs,
  root,
  savePlanThroughApi,
  withPlanner,
} from "./support/planner.ts";

// CI installs Chromium (.ci/run) and must run these; elsewhere they wait for `apt-get install chromium`.
const run = haveChromium() || process.env.CI !== undefined;

/** The default dataset, as the server seeds it. */
const defaultNetwork = JSON.parse(
  readFileSync(join(root, "data/china-2024/network.json"), "utf8"),
) as Network;

/** "1.25 Mt", "67.0 kt", "12 t" -> tonnes. */
function parseTonnes(text: string): number {
  const match = /([\d,.]+)\s*(Mt|kt|t)\b/.exec(text);
  if (!match?.[1]) throw new Error(`not an amount of tonnes: ${text}`);
  return (
    Number(match[1].replaceAll(",", "")) * (match[2] === "Mt" ? 1e6 : match[2] === "kt" ? 1e3 : 1)
  );
}

const totalCost = async (planner: Planner) =>
  parseCny((await planner.page.getByTestId("total-cost").textContent()) ?? "");

describe.runIf(run)("the planner page", () => {
  beforeAll(async () => {
    await buildPage();
  });

  it("loads the default plan and draws its flows, nodes and provinces", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      expect(await totalCost(planner)).toBeGreaterThan(1e9);
      expect(await page.locator("path.province").count()).toBe(34);
      expect(await page.locator(".site").count()).toBeGreaterThan(10);
      const arcs = await page.locator("path.arc").count();
      expect(arcs).toBeGreaterThan(10);
      // Every flow of the plan is drawn: arcs join flows between the same sites by the same mode.
      const flowsTab = await page.getByRole("tab", { name: /Flows/ }).textContent();
      const flows = Number(/\((\d+)\)/.exec(flowsTab ?? "")?.[1]);
      expect(arcs).toBeLessThanOrEqual(flows);
      expect(await page.locator(".table-block table tbody tr").count()).toBe(flows);
      // The key came in the URL fragment and went into storage; the address bar no longer shows it.
      expect(page.url()).not.toContain("#key=");
      const key = planner.url.split("#key=")[1];
      expect(await page.evaluate(() => localStorage.getItem("anodeflow.apiKey"))).toBe(key ?? null);
      // An arc takes the pointer on its stroke only: hover a point of the curve that nothing covers.
      const onArc = await page.locator("path.arc").evaluateAll((elements) => {
        for (const element of elements) {
          const path = element as SVGPathElement;
          for (const share of [0.5, 0.35, 0.65]) {
            const point = path.getPointAtLength(path.getTotalLength() * share);
            const screen = point.matrixTransform(path.getScreenCTM() ?? undefined);
            // A DOMPoint does not survive the trip out of the page; plain numbers do.
            if (document.elementFromPoint(screen.x, screen.y) === path) {
              return { x: screen.x, y: screen.y };
            }
          }
        }
        return null;
      });
      expect(onArc).not.toBeNull();
      await page.mouse.move(onArc?.x ?? 0, onArc?.y ?? 0);
      await expect.poll(() => page.locator("#map-tooltip").isVisible()).toBe(true);
      expect(await page.locator("#map-tooltip").textContent()).toMatch(/Tonnes/);
      await planner.screenshot("1-default-plan");

      // The map is one tab stop: arrows walk the flows (left, right) and provinces (up, down).
      await page.mouse.move(0, 0);
      await page.locator("svg.map").focus();
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => page.locator("path.arc.active").count()).toBe(1);
      expect(await page.locator("#map-tooltip").textContent()).toMatch(/Tonnes/);
      await page.keyboard.press("ArrowDown");
      await expect.poll(() => page.locator("path.province.active").count()).toBe(1);
      expect(await page.locator("#map-tooltip").textContent()).toMatch(/Ships out|Takes in/);
      await planner.screenshot("1-keyboard-province");

      await page.getByRole("tab", { name: /Provinces/ }).click();
      const rows = page.getByRole("tabpanel").locator("tbody tr");
      // Sorted by net inflow: the surplus provinces (negative, they ship out) first, as the paper
      // has them, Henan and Shandong.
      const net = await rows.evaluateAll((trs) =>
        trs.map((tr) => Number(tr.children[7]?.textContent?.replaceAll(",", "").replace("−", "-"))),
      );
      expect(net).toEqual([...net].sort((a, b) => a - b));
      expect(["Henan", "Shandong"]).toContain(
        await rows.first().locator("td").first().textContent(),
      );
      await rows.first().scrollIntoViewIfNeeded();
      await planner.screenshot("1-provinces-table");
      expect(await page.getByRole("alert").count()).toBe(0);

      // The Exports tab: every export market with its tonnes and prices, and netbacks by port.
      await page.getByRole("tab", { name: /Exports/ }).click();
      const exportsTab = page.getByTestId("exports");
      const markets = exportsTab.locator("table").first().locator("tbody tr");
      expect(await markets.count()).toBe(defaultNetwork.markets?.length);
      // The markets sell what the ports export: the two tables agree to their rounding (0.1 kt a row).
      const columnKt = (table: number, column: number) =>
        exportsTab
          .locator("table")
          .nth(table)
          .locator("tbody tr")
          .evaluateAll(
            (trs, c) => trs.map((tr) => Number(tr.children[c]?.textContent?.replaceAll(",", ""))),
            column,
          );
      const soldKt = await columnKt(0, 1);
      const exportedKt = await columnKt(2, 1);
      const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);
      expect(sum(soldKt)).toBeGreaterThan(0);
      expect(Math.abs(sum(soldKt) - sum(exportedKt))).toBeLessThanOrEqual(
        0.05 * (soldKt.length + exportedKt.length),
      );
      expect(await exportsTab.getByRole("columnheader", { name: /Netback, CNY\/t/ }).count()).toBe(
        3,
      );
      await exportsTab.scrollIntoViewIfNeeded();
      await planner.screenshot("1-exports-tab");
    });
  });

  it("a plan that leaves demand unmet names each smelter and port short above everything else; an infeasible one says why", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      expect(await page.getByTestId("plan-warnings").count()).toBe(0);
      // The default network with shortfall allowed and 5 % too little capacity for demand and
      // minimum exports together.
      const short = structuredClone(defaultNetwork);
      const needT =
        short.smelters.reduce(
          (sum, s) => sum + (s.demandT ?? (s.aluminiumT ?? 0) * short.anodePerTonneAluminium),
          0,
        ) + short.ports.reduce((sum, k) => sum + k.minExportT, 0);
      const capacityT = short.plants.reduce((sum, p) => sum + p.capacityT, 0);
      for (const plant of short.plants) {
        plant.capacityT *= (0.95 * needT) / capacityT;
        plant.minOutputT = Math.min(plant.minOutputT, plant.capacityT);
      }
      short.name = "Short of capacity";
      short.options.allowShortfall = true;
      await page.locator('input[type="file"]').setInputFiles({
        name: "short.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify(short)),
      });
      const banner = page.getByTestId("plan-warnings");
      await banner.waitFor({ timeout: patienceMs });
      expect(await banner.getAttribute("role")).toBe("alert");
      const lines = (await banner.locator("li").allTextContents()).map((text) => {
        const match = /^(Smelter|Port) .+ (is short of|exports) ([\d.,]+ (?:t|kt|Mt)) /.exec(text);
        expect(match, text).not.toBeNull();
        return parseTonnes(match?.[3] ?? "");
      });
      expect(lines.length).toBeGreaterThan(0);
      // The lines add up to the plan's shortfall, and the banner says the total too.
      const shortfallT = parseTonnes((await page.getByTestId("shortfall").textContent()) ?? "");
      // Within the rounding of the figures shown (three significant digits).
      expect(Math.abs(shortfallT / (0.05 * needT) - 1)).toBeLessThan(0.01);
      expect(Math.abs(lines.reduce((sum, t) => sum + t, 0) / shortfallT - 1)).toBeLessThan(0.01);
      // First: above the map's heading, the totals and the tables, and first in reading order.
      const top = async (selector: string) =>
        (await page.locator(selector).first().boundingBox())?.y;
      const bannerTop = (await banner.boundingBox())?.y ?? Infinity;
      for (const selector of [".map-head", ".totals", ".tables"])
        expect(bannerTop, selector).toBeLessThan((await top(selector)) ?? -Infinity);
      expect(
        await banner.evaluate(
          (element) =>
            (element.compareDocumentPosition(document.querySelector(".centre") as Node) &
              Node.DOCUMENT_POSITION_FOLLOWING) !==
            0,
        ),
      ).toBe(true);
      await planner.screenshot("9-shortfall-warnings");

      // No shortfall allowed and an export route narrower than its port's minimum: no plan, and
      // the page says why, naming the route and the tonnes.
      const narrow = structuredClone(defaultNetwork);
      const port = narrow.ports.find((k) => k.minExportT > 0) as Network["ports"][number];
      const routes = narrow.exportRoutes?.filter((r) => r.port === port.id) ?? [];
      for (const route of routes) route.capacityT = port.minExportT / (2 * routes.length);
      narrow.name = "Narrow export route";
      await page.locator('input[type="file"]').setInputFiles({
        name: "narrow.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify(narrow)),
      });
      const diagnosis = page.getByTestId("diagnosis");
      await diagnosis.waitFor({ timeout: patienceMs });
      expect(await page.getByTestId("plan-status").textContent()).toMatch(/infeasible/);
      const why = (await diagnosis.textContent()) ?? "";
      expect(why).toContain(
        `Port ${port.id} must export at least ${port.minExportT.toLocaleString("en-US")} t`,
      );
      expect(why).toContain(`full export route ${port.id}>`);
      expect(why).toContain(`raise the capacity of export route ${port.id}>`);
      expect(await page.getByTestId("plan-warnings").count()).toBe(0);
      await planner.screenshot("9-infeasible-diagnosis");
    });
  });

  it("changing the rail multiplier and solving changes the total cost shown", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      const before = await totalCost(planner);
      await page.getByLabel("Rail tariff ×").fill("1.5");
      await page.getByRole("button", { name: "Solve", exact: true }).click();
      await expect.poll(() => page.getByTestId("plan-label").textContent()).toMatch(/rail x1\.5/);
      const after = await totalCost(planner);
      expect(after).toBeGreaterThan(before);
      await planner.screenshot("2-rail-x1.5");
    });
  });

  it("saving two scenarios and comparing them shows the difference by part, flow and province", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      const save = async (name: string) => {
        await page.getByLabel("Save as scenario").fill(name);
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await page.getByText(`Saved “${name}”.`).waitFor();
      };
      await save("Base");
      await page.getByLabel("Rail tariff ×").fill("1.6");
      await save("Rail +60 %");
      await page.getByRole("tab", { name: /Compare/ }).click();
      expect(await page.getByLabel("Plan a").inputValue()).not.toBe("");
      await expect
        .poll(() => page.locator("#plan-a option:checked").textContent())
        .toMatch(/^Base/);
      await expect
        .poll(() => page.locator("#plan-b option:checked").textContent())
        .toMatch(/^Rail/);
      await page.getByRole("button", { name: "Compare", exact: true }).click();
      const table = page.getByTestId("cost-difference");
      await table.waitFor();
      const transport = await table.getByRole("row", { name: /^Transport/ }).textContent();
      expect(transport).toMatch(/\+[\d.,]+ (bn|M) CNY/);
      expect(await page.getByTestId("comparison").textContent()).toMatch(
        // In words ("rail cost x1.6"), not the API's (scaleModeCost mode rail factor 1.6).
        /Changes only in b: rail cost x1\.6/,
      );
      // The map now shows the comparison: arcs gained in one colour, lost in another.
      await expect
        .poll(() => page.getByRole("heading", { name: /gained and lost/ }).count())
        .toBe(1);
      const strokes = await page
        .locator("path.arc")
        .evaluateAll((paths) => [...new Set(paths.map((p) => p.getAttribute("stroke")))]);
      expect(strokes.sort()).toEqual([gainedColour, lostColour].sort());
      await page.getByTestId("comparison").scrollIntoViewIfNeeded();
      await planner.screenshot("3-comparison-tables");
      await page.evaluate(() => window.scrollTo(0, 0));
      await planner.screenshot("3-comparison-map");

      // A saved plan comes back with its scenario's changes in the panel.
      await page.getByRole("button", { name: "Show Base", exact: true }).click();
      await expect.poll(() => page.getByTestId("plan-label").textContent()).toBe("Base (saved)");
      expect(await page.getByLabel("Rail tariff ×").inputValue()).toBe("");
      await page.getByRole("button", { name: /^Show Rail/ }).click();
      await expect.poll(() => page.getByLabel("Rail tariff ×").inputValue()).toBe("1.6");
    });
  });

  it("a long solve shows its progress and Cancel abandons it, keeping the plan shown", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      const before = await totalCost(planner);
      // Hold the solve back in the browser, as a slow solve would be, until it is cancelled.
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route("**/v1/solve", async (route) => {
        await released;
        await route.continue().catch(() => undefined);
      });
      const progress = page.getByRole("status").filter({ hasText: /Solving… \d+\.\d s/ });
      try {
        await page.getByLabel("Rail tariff ×").fill("2");
        await page.getByRole("button", { name: "Solve", exact: true }).click();
        await progress.waitFor();
        // The time shown moves on while the solve runs.
        await progress.filter({ hasText: /Solving… (?!0\.0 )\d+\.\d s/ }).waitFor();
        await planner.screenshot("5-solving");
        await progress.getByRole("button", { name: "Cancel" }).click();
      } finally {
        release();
      }
      await page.getByText("Solving cancelled.").waitFor();
      expect(await progress.count()).toBe(0);
      expect(await totalCost(planner)).toBe(before);
      expect(await page.getByRole("button", { name: "Solve", exact: true }).isEnabled()).toBe(true);
    });
  });

  it("an API error is shown to the user in words, with the field it is about", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      // Without the login link's key the server answers 401, and the page says what to do.
      expect(planner.url).toContain("#key=");
      await page.goto(`${planner.base}/`);
      const unauthorised = page.getByRole("alert");
      await unauthorised.waitFor();
      expect(await unauthorised.textContent()).toMatch(/\(401\).*login link/);
      await planner.screenshot("5-no-key");

      await loaded(planner);
      await page.getByLabel("Anode factor, t per t aluminium").fill("5");
      await page.getByRole("button", { name: "Solve", exact: true }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      const text = await alert.textContent();
      expect(text).toMatch(/Unprocessable Content \(422\)/);
      expect(text).toMatch(/Anode factor, t per t aluminium: .*2/);
      expect(
        await page.getByLabel("Anode factor, t per t aluminium").getAttribute("aria-invalid"),
      ).toBe("true");
      await planner.screenshot("4-api-error");
    });
  });

  it("plans the city-level dataset; its flow table sorts by keyboard and downloads as CSV", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      await page
        .locator('input[type="file"]')
        .setInputFiles(join(root, "data/china-2024-cities/network.json"));
      await expect
        .poll(() => page.getByTestId("plan-label").textContent(), { timeout: patienceMs })
        .toMatch(/cities/);
      const cities = JSON.parse(
        readFileSync(join(root, "data/china-2024-cities/network.json"), "utf8"),
      ) as { plants: unknown[] };
      expect(await page.locator(".site").count()).toBeGreaterThan(cities.plants.length / 4);

      // Keyboard only: tab to the first column's sort button and press Enter, then focus a row.
      const fromHeader = page.getByRole("columnheader", { name: "From" });
      await fromHeader.getByRole("button").focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => fromHeader.getAttribute("aria-sort")).toBe("ascending");
      await page.keyboard.press("Enter");
      await expect.poll(() => fromHeader.getAttribute("aria-sort")).toBe("descending");
      // The CSV holds the table as sorted, in raw numbers a spreadsheet reads.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("flows.csv");
      const csv = readFileSync((await download.path()) ?? "", "utf8").split("\r\n");
      expect(csv[0]).toBe('From,To,Mode,kt,km,"Freight, CNY/t","Freight, M CNY","CO2, t"');
      const flowsTab = await page.getByRole("tab", { name: /Flows/ }).textContent();
      // The header, one line per flow, and nothing after the last CRLF.
      expect(csv).toHaveLength(Number(/\((\d+)\)/.exec(flowsTab ?? "")?.[1]) + 2);
      expect(csv.at(-1)).toBe("");
      expect(csv[1]?.startsWith("Yunnan")).toBe(true);

      // Its arc lights up: a curve, or a ring when plant and smelter share a city.
      await page.locator(".table-block table tbody tr").first().focus();
      await expect.poll(() => page.locator(".arc.active").count()).toBe(1);
      await page.locator(".table-block table tbody tr").first().scrollIntoViewIfNeeded();
      await planner.screenshot("6-cities-keyboard");
      await page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        window.scrollTo(0, 0);
      });
      await expect.poll(() => page.locator("path.arc.active").count()).toBe(0);
      await planner.screenshot("6-cities-map");
    });
  });

  it("plans the monthly dataset; the period control moves the map and tables to a month and back to the year", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await loaded(planner);
      const file = join(root, "data/china-2024/network-monthly.json");
      const monthly = JSON.parse(readFileSync(file, "utf8")) as Network;
      await page.locator('input[type="file"]').setInputFiles(file);
      await expect
        .poll(() => page.getByTestId("plan-label").textContent(), { timeout: patienceMs })
        .toContain(monthly.name);
      // The plan the page shows, asked of the API as the page asks for it.
      const { items } = await callApi<{ items: { id: string; name: string }[] }>(
        planner,
        "GET",
        "/v1/datasets?limit=100",
      );
      const datasetId = items.find((d) => d.name === monthly.name)?.id;
      const plan = await callApi<Plan>(planner, "POST", "/v1/solve", { datasetId, changes: [] });
      // Yunnan's net inflow across its border in a period, from the plan's own flows.
      const province = new Map(
        [...monthly.plants, ...monthly.smelters].map((node) => [node.id, node.province]),
      );
      const yunnanNetKt = (id: string) =>
        (plan.periods?.find((p) => p.id === id)?.flows ?? []).reduce((net, f) => {
          const [from, to] = [province.get(f.from), province.get(f.to)];
          if (to === undefined || from === to) return net;
          return net + (to === "Yunnan" ? f.tonnes : from === "Yunnan" ? -f.tonnes : 0);
        }, 0) / 1e3;
      const [january, july] = [yunnanNetKt("2024-01"), yunnanNetKt("2024-07")];
      // The dry season and the wet one differ, or the test could not tell the months apart.
      expect(Math.abs(july - january)).toBeGreaterThan(1);

      const control = page.getByTestId("period-control");
      expect(await control.getByRole("radio").count()).toBe((monthly.periods?.length ?? 0) + 1);
      expect(await control.getByRole("radio", { name: "Year" }).isChecked()).toBe(true);
      expect(parseCny((await page.getByTestId("holding-cost").textContent()) ?? "")).toBeCloseTo(
        plan.totals?.holdingCost ?? Number.NaN,
        -6,
      );
      await page.getByRole("tab", { name: /Provinces/ }).click();
      const yunnanShown = async () => {
        const row = page.getByRole("tabpanel").locator("tbody tr", { hasText: "Yunnan" });
        const cell = await row.locator("td").nth(7).textContent();
        return Number(cell?.replaceAll(",", "").replace("−", "-"));
      };
      const year = plan.provinces.find((p) => p.province === "Yunnan")?.netInflowT ?? Number.NaN;
      await expect.poll(yunnanShown).toBeCloseTo(year / 1e3, 1);

      // Keyboard only: from Year, the right arrow steps to the first period, six more to July.
      await control.getByRole("radio", { name: "Year" }).focus();
      await page.keyboard.press("ArrowRight");
      await expect
        .poll(() => control.getByRole("radio", { name: "2024-01" }).isChecked())
        .toBe(true);
      await expect.poll(yunnanShown).toBeCloseTo(january, 1);
      for (let step = 0; step < 6; step += 1) await page.keyboard.press("ArrowRight");
      await expect
        .poll(() => control.getByRole("radio", { name: "2024-07" }).isChecked())
        .toBe(true);
      await expect.poll(yunnanShown).toBeCloseTo(july, 1);
      expect(await page.locator(".map-head h2").textContent()).toContain("2024-07");
      await planner.screenshot("7-monthly-july");

      // The Months tab: one row per period, downloadable as CSV with its units in the header.
      await page.getByRole("tab", { name: /Months/ }).click();
      const months = page.getByTestId("months");
      expect(await months.locator("table").first().locator("tbody tr").count()).toBe(
        monthly.periods?.length,
      );
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        months.getByRole("button", { name: "Download CSV" }).first().click(),
      ]);
      expect(download.suggestedFilename()).toBe("periods.csv");
      const header = readFileSync((await download.path()) ?? "", "utf8").split("\r\n")[0];
      expect(header).toContain('"Holding cost, k CNY"');
      await months.scrollIntoViewIfNeeded();
      await planner.screenshot("7-monthly-months-tab");

      await page.getByRole("tab", { name: /Provinces/ }).click();
      await control.locator("label", { hasText: "Year" }).click();
      await expect.poll(yunnanShown).toBeCloseTo(year / 1e3, 1);
    });
  });

  it("a link to a saved plan opens it beside the login link's key, and Copy link copies it", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      const rail = await savePlanThroughApi(planner, "Rail +60 %", [
        { kind: "scaleModeCost", mode: "rail", factor: 1.6 },
      ]);
      // The colleague's link: the login link's key and the plan in one fragment.
      await page.goto(linkTo(planner, `plan=${rail.id}`));
      await expect
        .poll(() => page.getByTestId("plan-label").textContent(), { timeout: patienceMs })
        .toBe("Rail +60 % (saved)");
      expect(await page.getByTestId("total-cost").textContent()).toBe(cny(rail.totalCost));
      expect(await page.getByLabel("Rail tariff ×").inputValue()).toBe("1.6");
      // The key went to storage and out of the address bar; the plan stayed in it.
      expect(page.url()).toBe(`${planner.base}/#plan=${rail.id}`);
      const key = planner.url.split("#key=")[1];
      expect(await page.evaluate(() => localStorage.getItem("anodeflow.apiKey"))).toBe(key ?? null);

      // Copy link, by keyboard: the address without the key goes on the clipboard, and says so.
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"], {
        origin: planner.base,
      });
      const copy = page.getByRole("button", { name: "Copy link" });
      await copy.focus();
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: "Link copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        `${planner.base}/#plan=${rail.id}`,
      );
      await planner.screenshot("7-plan-link-copied");

      // Without the Clipboard API the link is selected in a read-only field, to copy by hand.
      await page.evaluate(() =>
        Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true }),
      );
      await copy.click();
      const field = page.getByLabel(/Copy this link/);
      await field.waitFor();
      expect(await field.inputValue()).toBe(`${planner.base}/#plan=${rail.id}`);
      expect(await field.getAttribute("readonly")).not.toBeNull();
      expect(
        await field.evaluate((input: HTMLInputElement) => [
          document.activeElement === input,
          input.selectionStart,
          input.selectionEnd,
        ]),
      ).toEqual([true, 0, `${planner.base}/#plan=${rail.id}`.length]);
      await planner.screenshot("7-plan-link-by-hand");

      // Solving changes leaves the saved plan: the address no longer links to it.
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Solve", exact: true }).click();
      await expect.poll(() => page.getByTestId("plan-label").textContent()).toMatch(/not saved/);
      expect(page.url()).toBe(`${planner.base}/`);
      expect(await page.getByRole("button", { name: "Copy link" }).count()).toBe(0);
      expect(await page.getByRole("alert").count()).toBe(0);
    });
  });

  it("a link to a comparison opens it; a link to no plan says so in words; back re-opens", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      const base = await savePlanThroughApi(planner, "Base");
      const rail = await savePlanThroughApi(planner, "Rail +60 %", [
        { kind: "scaleModeCost", mode: "rail", factor: 1.6 },
      ]);
      const compareLink = `${planner.base}/#compare=${base.id},${rail.id}`;
      await page.goto(linkTo(planner, `compare=${base.id},${rail.id}`));
      const comparison = page.getByTestId("comparison");
      await comparison.waitFor({ timeout: patienceMs });
      expect(await comparison.textContent()).toMatch(/a: Base · b: Rail \+60 %/);
      const transport = await page
        .getByTestId("cost-difference")
        .getByRole("row", { name: /^Transport/ })
        .textContent();
      expect(transport).toMatch(/\+[\d.,]+ (bn|M) CNY/);
      expect(await page.getByRole("heading", { name: /gained and lost/ }).count()).toBe(1);
      expect(await page.getByRole("tab", { name: /Compare/ }).getAttribute("aria-selected")).toBe(
        "true",
      );
      expect(page.url()).toBe(compareLink);
      await planner.screenshot("8-comparison-link");

      // The map's toggle moves the address between plan a and the comparison.
      await page.getByRole("button", { name: "Plan", exact: true }).click();
      await expect.poll(() => page.url()).toBe(`${planner.base}/#plan=${base.id}`);
      expect(await page.getByTestId("total-cost").textContent()).toBe(cny(base.totalCost));
      await page.getByRole("button", { name: "Comparison", exact: true }).click();
      await expect.poll(() => page.url()).toBe(compareLink);

      // Editing the fragment opens what it names; a plan that does not exist is said in words, and
      // what was shown stays.
      const unknown = "pl_0000000000000000";
      await page.evaluate((id) => {
        window.location.hash = `#plan=${id}`;
      }, unknown);
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(
        new RegExp(`plan ${unknown} could not be opened.*Not Found \\(404\\): No plan ${unknown}`),
      );
      expect(await comparison.count()).toBe(1);
      await planner.screenshot("8-unknown-plan-link");
      // Back: the comparison's entry, opened again; the message goes.
      await page.goBack();
      await expect.poll(() => page.url()).toBe(compareLink);
      await expect.poll(() => alert.count()).toBe(0);
      await page.evaluate((id) => {
        window.location.hash = `#plan=${id}`;
      }, rail.id);
      await expect
        .poll(() => page.getByTestId("plan-label").textContent())
        .toBe("Rail +60 % (saved)");
      expect(await page.getByTestId("total-cost").textContent()).toBe(cny(rail.totalCost));

      // Opened afresh (the key now in storage), an unknown plan still leaves a working page.
      await page.goto("about:blank");
      await page.goto(`${planner.base}/#plan=${unknown}`);
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/could not be opened.*Not Found \(404\)/);
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
      expect(await page.getByTestId("plan-label").textContent()).toMatch(/as it is/);
      expect(page.url()).toBe(`${planner.base}/#plan=${unknown}`);

      // A malformed link is named as such, without asking the API.
      await page.goto("about:blank");
      await page.goto(`${planner.base}/#compare=${base.id}`);
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(
        /does not link to a plan or a comparison.*a comparison names two plans/,
      );
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
      await planner.screenshot("8-malformed-link");
    });
  });
});
