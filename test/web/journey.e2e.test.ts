// Issue 17's "Done when", walked as a planner would in headless Chromium against the real Node
// server (one browser and server for the whole walk): the default plan with charts; two scenarios
// made by editing the Data tab's tables and the panel's controls; three plans compared; an
// infeasible scenario fixed by its relaxation; downloads whose headers' units match the JSON; an
// import with row-level errors; at 1440x900 and 390x844, no horizontal scrolling, axe-core clean.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { Network } from "../../models/allocation/network.ts";
import { networkToTables } from "../../models/allocation/network-tables.ts";
import { tablesToXlsx, xlsxToTables } from "../../src/workbook/xlsx.ts";
import { buildPage } from "../../web/build.ts";
import { axeViolations } from "./support/axe.ts";
import {
  callApi,
  haveChromium,
  loaded,
  type Planner,
  patienceMs,
  withPlanner,
} from "./support/planner.ts";

/** Marks the walk's steps in the output, so a failure says how far the walk came. */
const step = (name: string) => {
  if (process.env.JOURNEY_STEPS) console.log(`journey step ${name}`, new Date().toISOString());
};

const run = haveChromium() || process.env.CI !== undefined;

/** Page width fits the viewport: nothing scrolls sideways. */
const fits = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** A CSV as rows of cells (RFC 4180 quoting; no line breaks inside cells in these files). */
function parseCsv(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line !== "")
    .map((line) => {
      const cells: string[] = [];
      let cell = "";
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const char = line[i] as string;
        if (quoted) {
          if (char === '"' && line[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (char === '"') quoted = false;
          else cell += char;
        } else if (char === '"') quoted = true;
        else if (char === ",") {
          cells.push(cell);
          cell = "";
        } else cell += char;
      }
      cells.push(cell);
      return cells;
    });
}

/** Clicks a button that downloads a file; returns its name and bytes. */
async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path ?? "") };
}

const column = (rows: string[][], header: string) => {
  const at = rows[0]?.indexOf(header) ?? -1;
  if (at < 0) throw new Error(`no column ${header} in ${rows[0]?.join(" | ")}`);
  return rows.slice(1).map((row) => row[at] ?? "");
};

describe.runIf(run)("a planner's journey through the workbench (issue 17)", () => {
  beforeAll(async () => {
    await buildPage();
  });

  it("plans, edits tables into scenarios, compares three plans, fixes an infeasible one, downloads and imports, on a laptop and a phone", async () => {
    await withPlanner(async (planner: Planner) => {
      const { page } = planner;
      await page.setViewportSize({ width: 1440, height: 900 });
      await loaded(planner);
      const dataset = await callApi<{ id: string; network: Network }>(
        planner,
        "GET",
        "/v1/datasets/china-2024",
      );
      const { network } = dataset;

      step("1");
      // 1. The default plan with its charts.
      await page.getByTestId("chart-cost-parts").waitFor();
      await page.getByTestId("chart-province-balance").waitFor();
      expect(await fits(page)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      step("2");
      // 2. The Data tab: four tables, units in every figure's header, filtered, sorted, paged.
      await page.getByRole("tab", { name: /^Data/ }).click();
      const plants = page.getByTestId("data-plants");
      await plants.waitFor();
      const headers = async () =>
        page.locator(".data-tab thead th").evaluateAll((ths) => ths.map((th) => th.textContent));
      expect(await headers()).toEqual([
        "Plant",
        "Province",
        "Capacity, kt per year",
        "Minimum output, kt per year",
        "Production cost, CNY/t",
        "Production CO2, kg per t",
      ]);
      const count = () => page.locator(".data-tab .table-count").textContent();
      expect(await count()).toBe(`Rows 1–${network.plants.length} of ${network.plants.length}`);
      await page.getByLabel("Province", { exact: true }).selectOption("Yunnan");
      const yunnanPlants = network.plants.filter((p) => p.province === "Yunnan").length;
      expect(await count()).toMatch(new RegExp(`of ${yunnanPlants} \\(filtered from`));
      await page.getByLabel("Province", { exact: true }).selectOption("");
      await page.getByRole("radio", { name: /^Lanes/ }).check();
      expect(await count()).toMatch(/^Rows 1–50 of 2,214$/);
      expect(await headers()).toEqual([
        "From plant",
        "To smelter or port",
        "Mode",
        "Distance, km",
        "Freight, CNY/t",
        "Capacity, kt per year",
        "Closed (capacity 0)",
      ]);
      await page.getByRole("button", { name: "Next 50" }).click();
      expect(await count()).toMatch(/^Rows 51–100 of 2,214$/);
      await page.getByLabel("Filter lanes").fill("yunnan-smelters");
      expect(await count()).toMatch(/of 82 \(filtered from 2,214\)$/);
      await page.getByRole("button", { name: /^Freight, CNY\/t/ }).click();
      const freights = await page
        .locator(".data-tab tbody tr")
        .evaluateAll((trs) =>
          trs.map((tr) => Number((tr.querySelector("input.cell-edit") as HTMLInputElement).value)),
        );
      expect(freights).toEqual([...freights].sort((a, b) => b - a));
      expect(await fits(page)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      step("3");
      // 3. A baseline, then scenario 1 by editing tables: Binzhou's capacity down, a lane closed.
      await page.getByLabel("Save as scenario").fill("Baseline");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByText("Saved “Baseline”.").waitFor({ timeout: patienceMs });
      const binzhou = network.plants[0] as Network["plants"][number];
      await page.getByRole("radio", { name: /^Plants/ }).check();
      const capacity = page.getByLabel(`Capacity of ${binzhou.name}, kt per year`);
      expect(Number(await capacity.inputValue())).toBe(binzhou.capacityT / 1000);
      await capacity.fill("3000");
      await capacity.press("Tab");
      // The edit is the panel's plant capacity change and a pending edit the planner can remove.
      expect(await page.getByLabel("Capacity of plant 1, kt per year").inputValue()).toBe("3000");
      await page.getByRole("radio", { name: /^Lanes/ }).check();
      const dearest = page.locator(".data-tab tbody tr").first();
      await dearest.locator('input[type="checkbox"]').check();
      const edits = page.getByTestId("data-edits").locator("li");
      expect(await edits.count()).toBe(2);
      expect(await edits.nth(0).textContent()).toContain(`Capacity of ${binzhou.name}: 3,000 kt`);
      expect(await edits.nth(1).textContent()).toMatch(/^Closed: .+ to Yunnan smelters/);
      await page.getByLabel("Save as scenario").fill("Binzhou outage");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByText("Saved “Binzhou outage”.").waitFor({ timeout: patienceMs });

      step("4");
      // 4. Scenario 2 by controls and a table: rail +20 %, the lane open again, a port's limit.
      await page.getByRole("button", { name: "Reset changes" }).click();
      expect(await edits.count()).toBe(0);
      await page.getByLabel("Rail tariff ×").fill("1.2");
      await page.getByRole("radio", { name: /^Ports/ }).check();
      const qingdao = page.getByLabel("Export limit of Qingdao, kt per year");
      await qingdao.fill("1500");
      await qingdao.press("Tab");
      await page.getByLabel("Save as scenario").fill("Rail +20 %, Qingdao 1.5 Mt");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByText("Saved “Rail +20 %, Qingdao 1.5 Mt”.").waitFor({ timeout: patienceMs });

      step("5");
      // 5. Three plans compared: the scenarios table and the cost chart hold all three.
      await page.getByRole("tab", { name: /Compare/ }).click();
      const scenarios = page.getByTestId("scenarios").locator("tbody tr");
      await expect.poll(() => scenarios.count(), { timeout: patienceMs }).toBe(3);
      const costs = await page
        .getByTestId("chart-cost-parts")
        .locator("tbody tr")
        .evaluateAll((trs) => trs.map((tr) => tr.querySelector("td")?.textContent));
      expect(costs).toEqual(["Rail +20 %, Qingdao 1.5 Mt", "Binzhou outage", "Baseline"]);
      await page.getByRole("button", { name: "Compare", exact: true }).click();
      await page.getByTestId("cost-difference").waitFor({ timeout: patienceMs });
      expect(await fits(page)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      step("6");
      // 6. A bad edit: Qingdao's limit below its minimum is the API's 422, shown at the cell.
      await page.getByRole("button", { name: "Reset changes" }).click();
      await page.getByRole("tab", { name: /^Data/ }).click();
      await page.getByRole("radio", { name: /^Ports/ }).check();
      await qingdao.fill("900");
      await qingdao.press("Tab");
      await page.getByRole("button", { name: "Solve", exact: true }).click();
      await expect
        .poll(() => qingdao.getAttribute("aria-invalid"), { timeout: patienceMs })
        .toBe("true");
      expect(await page.locator(".data-tab .cell-error").first().textContent()).not.toBe("");
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: /^Remove: Export limit of Qingdao/ }).click();

      step("7");
      // 7. An infeasible scenario from the smelters table, fixed by its cheapest relaxation.
      await page.getByRole("radio", { name: /^Smelters/ }).check();
      const yunnan = page.getByLabel("Anode demand of Yunnan smelters (Wenshan), kt per year");
      await yunnan.fill("12600");
      await yunnan.press("Tab");
      await page.getByRole("button", { name: "Solve", exact: true }).click();
      await page.getByTestId("diagnosis").waitFor({ timeout: patienceMs });
      expect(await page.getByTestId("diagnosis").textContent()).toContain("Cheapest relaxation");
      await page.getByTestId("apply-relaxation").click();
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });
      expect(await page.getByTestId("plan-status").count()).toBe(0);
      expect(await yunnan.inputValue()).toBe("12600");

      step("8");
      // 8. Downloads: the workbook and a table's CSV hold the JSON's numbers under unit-named headers;
      // the table as shown holds them in the units of its headers.
      await page.getByRole("radio", { name: /^Plants/ }).check();
      const book = await downloaded(page, () =>
        page.getByRole("button", { name: /Download the dataset as Excel/ }).click(),
      );
      expect(book.name).toBe("china-2024-network.xlsx");
      const sheets = await xlsxToTables(new Uint8Array(book.bytes));
      const plantSheet = sheets.find((t) => t.name === "plants");
      const capacityAt = plantSheet?.header.indexOf("capacityT") ?? -1;
      expect(capacityAt).toBeGreaterThan(0);
      expect(plantSheet?.rows.map((row) => row[capacityAt])).toEqual(
        network.plants.map((p) => p.capacityT),
      );
      expect(plantSheet?.header).toContain("productionCostPerT (CNY/t ex-VAT)");
      const plantsCsv = await downloaded(page, () =>
        page.getByRole("button", { name: "Download plants.csv" }).click(),
      );
      const apiRows = parseCsv(plantsCsv.bytes.toString("utf8"));
      expect(column(apiRows, "capacityT").map(Number)).toEqual(
        network.plants.map((p) => p.capacityT),
      );
      const shownCsv = await downloaded(page, () =>
        page.getByRole("button", { name: "CSV as shown" }).click(),
      );
      const shownRows = parseCsv(shownCsv.bytes.toString("utf8"));
      const byName = new Map(network.plants.map((p) => [p.name, p]));
      const names = column(shownRows, "Plant");
      column(shownRows, "Capacity, kt per year").forEach((kt, i) => {
        const plant = byName.get(names[i] ?? "");
        expect(Number(kt) * 1000).toBeCloseTo(plant?.capacityT ?? Number.NaN, 6);
      });
      // The flows of the relaxed plan: kt, km, CNY/t and M CNY under headers that say so.
      await page.getByRole("tab", { name: /^Flows/ }).click();
      const flowsCsv = await downloaded(page, () =>
        page.locator(".tables").getByRole("button", { name: "Download CSV" }).first().click(),
      );
      const flows = parseCsv(flowsCsv.bytes.toString("utf8"));
      const tonnes = column(flows, "kt").map(Number);
      const freight = column(flows, "Freight, M CNY").map(Number);
      const perT = column(flows, "Freight, CNY/t").map(Number);
      tonnes.forEach((kt, i) => {
        // M CNY = kt x 1000 t x CNY/t / 1e6, to the shown rounding.
        expect(Math.abs((kt * 1000 * (perT[i] ?? 0)) / 1e6 - (freight[i] ?? 0))).toBeLessThan(
          0.05 + (kt * 1000 * 0.05) / 1e6,
        );
      });
      expect(tonnes.reduce((s, t) => s + t, 0)).toBeGreaterThan(10_000);

      step("9");
      // 9. Import: a workbook with a bad cell is a readable list of (sheet, row, column) errors;
      // the workbook as downloaded, renamed, is a new dataset the page opens.
      await page.getByRole("tab", { name: /^Data/ }).click();
      const tables = networkToTables(network);
      const plantTable = tables.find((t) => t.name === "plants");
      if (!plantTable) throw new Error("no plants sheet");
      (plantTable.rows[2] as unknown[])[plantTable.header.indexOf("capacityT")] = "lots";
      const bad = await tablesToXlsx(tables);
      const upload = page.getByLabel(/Import a workbook/);
      await upload.setInputFiles({
        name: "bad.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: Buffer.from(bad),
      });
      const problem = page.getByTestId("data-problem");
      await problem.waitFor({ timeout: patienceMs });
      expect(await problem.locator("li").first().textContent()).toMatch(
        /^Sheet plants, row 4, column capacityT \(\w+4\): /,
      );
      expect(await axeViolations(page)).toEqual([]);
      await problem.getByRole("button", { name: "Dismiss" }).click();

      step("10");
      // 10. Save the table edits as a new dataset: its id and slug are named, and it is opened.
      await page.getByRole("radio", { name: /^Smelters/ }).check();
      await yunnan.fill("3000");
      await yunnan.press("Tab");
      await page.getByLabel("Save the edits as a new dataset").fill("China 2024, Yunnan 3 Mt");
      await page.getByRole("button", { name: "Save as new dataset" }).click();
      const notice = page.locator(".notice");
      await expect
        .poll(() => notice.textContent(), { timeout: patienceMs })
        .toMatch(
          /^Saved the edits as the new dataset “China 2024, Yunnan 3 Mt”: id ds_\w+, slug [\w-]+\.$/,
        );
      const newId = /id (ds_\w+)/.exec((await notice.textContent()) ?? "")?.[1] ?? "";
      expect(await page.getByLabel("Dataset", { exact: true }).inputValue()).toBe(newId);
      const stored = await callApi<{ network: Network }>(planner, "GET", `/v1/datasets/${newId}`);
      expect(stored.network.smelters.find((s) => s.id === "yunnan-smelters")?.demandT).toBe(
        3_000_000,
      );
      await page.getByTestId("total-cost").waitFor({ timeout: patienceMs });

      step("11");
      // 11. A phone: the Data tab fits, axe-core finds nothing.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole("tab", { name: /^Data/ }).click();
      await page.getByRole("radio", { name: /^Lanes/ }).check();
      expect(await fits(page)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("tab", { name: /Compare/ }).click();
      expect(await fits(page)).toBe(true);
      await planner.screenshot("journey-phone");
    });
    // One walk of many solves on a machine shared with other work: minutes, not the usual two.
  }, 900_000);
});
