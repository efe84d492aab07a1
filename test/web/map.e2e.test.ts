// The readable map in headless Chromium against the real Node server: labels that never overlap and
// multiply when zoomed, zoom and pan by wheel, drag, pinch, buttons and keys, filters counted in the
// legend, local supply and the two greys explained, mode switches drawn once with arrowheads, the
// South China Sea inset, a tooltip kept in view; at 1440x900 and 390x844, checked by axe.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";
import { axeViolations } from "./support/axe.ts";
import {
  haveChromium,
  linkTo,
  loaded,
  patienceMs,
  savePlanThroughApi,
  withPlanner,
} from "./support/planner.ts";

const run = haveChromium() || process.env.CI !== undefined;

interface Rect {
  id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The labels drawn, with their boxes on the screen. */
const labelBoxes = (page: Page) =>
  page.locator("text.label").evaluateAll((texts) =>
    texts.map((text): Rect => {
      const box = text.getBoundingClientRect();
      return {
        id: text.getAttribute("data-label") ?? "",
        left: box.left,
        top: box.top,
        right: box.right,
        bottom: box.bottom,
      };
    }),
  );

/** Pairs of labels whose boxes overlap by more than a pixel (the halo's antialiasing). */
function overlapping(boxes: Rect[]): string[] {
  const pairs: string[] = [];
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      if (
        a.left < b.right - 1 &&
        b.left < a.right - 1 &&
        a.top < b.bottom - 1 &&
        b.top < a.bottom - 1
      )
        pairs.push(`${a.id} / ${b.id}`);
  return pairs;
}

const viewBox = async (page: Page) =>
  ((await page.locator("svg.map").getAttribute("viewBox")) ?? "").split(" ").map(Number);
const zoomOf = async (page: Page) =>
  Number(await page.locator("svg.map").getAttribute("data-zoom"));
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
/** "showing 5 of 38 flows" -> [5, 38]; "38 flows" -> [38, 38]. */
async function shown(page: Page): Promise<[number, number]> {
  const text = (await page.getByTestId("map-shown").textContent()) ?? "";
  const match = /^(?:showing (\d+) of )?(\d+) (flows?|changes?)$/.exec(text);
  if (!match) throw new Error(`not a count of flows: ${text}`);
  return [Number(match[1] ?? match[2]), Number(match[2])];
}
/** Arcs drawn: each is one child of the arcs layer (a path, a ring, or a group of legs). */
const drawnArcs = (page: Page) => page.locator("g.arcs > *").count();

describe.runIf(run)("the readable map", () => {
  beforeAll(async () => {
    await buildPage();
  });

  it("labels, zoom and pan, filters, the two greys, local supply, the inset and the tooltip, at both sizes", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await page.setViewportSize({ width: 1440, height: 900 });
      await loaded(planner);
      const map = page.locator("svg.map");

      // Labels: provinces and the busiest sites, none over another.
      await expect.poll(async () => (await labelBoxes(page)).length).toBeGreaterThan(15);
      let labels = await labelBoxes(page);
      expect(overlapping(labels)).toEqual([]);
      const ids = labels.map((l) => l.id);
      expect(ids).toContain("province:Xinjiang");
      expect(ids.filter((id) => id.startsWith("site:")).length).toBeGreaterThanOrEqual(5);
      expect(ids.some((id) => id.startsWith("local:"))).toBe(true);
      expect(ids).not.toContain("province:Beijing");
      await planner.screenshot("m1-labels");

      // The wheel over Shandong zooms in about it; more site labels there, still none overlapping.
      const sitesBefore = new Set(ids.filter((id) => id.startsWith("site:")));
      const shandong = await page
        .locator('path.province[data-target="province:Shandong"]')
        .boundingBox();
      if (!shandong) throw new Error("Shandong is not drawn");
      await page.mouse.move(shandong.x + shandong.width / 2, shandong.y + shandong.height / 2);
      for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -100);
      await expect.poll(() => zoomOf(page)).toBeGreaterThan(3);
      labels = await labelBoxes(page);
      expect(overlapping(labels)).toEqual([]);
      expect(labels.some((l) => l.id.startsWith("site:") && !sitesBefore.has(l.id))).toBe(true);
      // Zoomed in, the small provinces are named too (Beijing or Tianjin is near Shandong).
      expect(labels.some((l) => l.id === "province:Tianjin" || l.id === "province:Beijing")).toBe(
        true,
      );
      await planner.screenshot("m2-zoomed-shandong");

      // Drag: the map follows the pointer, so the view's corner moves the other way.
      const [x0] = await viewBox(page);
      const box = await map.boundingBox();
      if (!box) throw new Error("the map has no box");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 6 });
      await page.mouse.up();
      await expect.poll(async () => (await viewBox(page))[0]).toBeLessThan((x0 ?? 0) - 20);

      // Buttons: out to the limit (then disabled), reset to the whole map.
      const zoomOut = page.getByRole("button", { name: "Zoom out" });
      while (await zoomOut.isEnabled()) await zoomOut.click();
      expect(await zoomOf(page)).toBe(1);
      await page.getByRole("button", { name: "Zoom in" }).click();
      await expect.poll(() => zoomOf(page)).toBe(1.5);
      await page.getByRole("button", { name: "Reset zoom" }).click();
      await expect.poll(() => viewBox(page)).toEqual([0, 0, 760, 560]);

      // Keys on the focused map: + zooms, Shift+arrow pans, 0 resets; plain arrows still walk.
      await map.focus();
      await page.keyboard.press("+");
      await page.keyboard.press("+");
      await expect.poll(() => zoomOf(page)).toBe(2.25);
      const [kx] = await viewBox(page);
      await page.keyboard.press("Shift+ArrowRight");
      await expect.poll(async () => (await viewBox(page))[0]).toBeGreaterThan(kx ?? 0);
      await page.keyboard.press("-");
      await expect.poll(() => zoomOf(page)).toBe(1.5);
      await page.keyboard.press("0");
      await expect.poll(() => viewBox(page)).toEqual([0, 0, 760, 560]);
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => page.locator(".arc.active").count()).toBe(1);
      await page.keyboard.press("Escape");

      // Pinch: two pointers 100 px apart moving to 200 px apart zoom in twice as far.
      const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await map.evaluate((svg, c) => {
        const fire = (type: string, id: number, x: number) =>
          svg.dispatchEvent(
            new PointerEvent(type, {
              pointerId: id,
              pointerType: "touch",
              clientX: x,
              clientY: c.y,
              bubbles: true,
              isPrimary: id === 1,
            }),
          );
        fire("pointerdown", 1, c.x - 50);
        fire("pointerdown", 2, c.x + 50);
        fire("pointermove", 2, c.x + 150);
        fire("pointerup", 2, c.x + 150);
        fire("pointerup", 1, c.x - 50);
      }, centre);
      await expect.poll(() => zoomOf(page)).toBe(2);
      await page.getByRole("button", { name: "Reset zoom" }).click();

      // Filters: counted in the legend, and the arcs drawn are as many as it says.
      const filters = page.getByTestId("map-filters");
      const [all, total] = await shown(page);
      expect(all).toBe(total);
      expect(await drawnArcs(page)).toBe(total);
      await filters.getByLabel("Largest flows").selectOption("5");
      await expect.poll(() => shown(page)).toEqual([5, total]);
      expect(await page.getByTestId("map-shown").textContent()).toBe(`showing 5 of ${total} flows`);
      expect(await drawnArcs(page)).toBe(5);
      await filters.getByLabel("Largest flows").selectOption("");
      await filters.getByLabel("Flows by mode").selectOption("road");
      await expect.poll(async () => (await shown(page))[0]).toBeLessThan(total);
      const [road] = await shown(page);
      expect(await drawnArcs(page)).toBe(road);
      for (const mode of await page
        .locator("g.arcs > [data-mode]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-mode"))))
        expect(mode).toBe("road");
      await filters.getByLabel("Flows by mode").selectOption("");
      await filters.getByLabel("Flows of province").selectOption("Yunnan");
      await expect.poll(async () => (await shown(page))[0]).toBeLessThan(total);
      expect(await drawnArcs(page)).toBe((await shown(page))[0]);
      await planner.screenshot("m3-filter-yunnan");
      await filters.getByLabel("Flows of province").selectOption("");
      await expect.poll(() => shown(page)).toEqual([total, total]);

      // Local supply is a ring explained in the legend; no curls. The two greys differ and are named.
      expect(await page.locator("circle.arc.local").count()).toBeGreaterThan(0);
      const legend = page.locator(".legend");
      expect(await legend.textContent()).toContain("ring: supplied within the same city");
      expect(await legend.textContent()).toContain("hatched: not in the network");
      expect(
        await page.locator('path.province[fill="url(#not-in-network)"]').count(),
      ).toBeGreaterThan(0);
      await page.getByLabel("Shade provinces by").selectOption("marginal");
      await expect.poll(() => legend.textContent()).toContain("Marginal cost");
      const fills = await page
        .locator("path.province")
        .evaluateAll((paths) => paths.map((p) => p.getAttribute("fill")));
      // Provinces without a marginal cost (if any) are plain grey, never hatched, and the legend says so.
      if (fills.includes("#c9ced4"))
        expect(await legend.textContent()).toContain("grey: no marginal cost");
      expect(fills.filter((f) => f === "url(#not-in-network)").length).toBeGreaterThan(0);

      // The inset: lower right corner of the map, with its islands and ten dashes.
      const inset = page.getByTestId("map-inset");
      const insetBox = await inset.boundingBox();
      const mapBox = await map.boundingBox();
      if (!insetBox || !mapBox) throw new Error("no inset or map box");
      expect(Math.abs(insetBox.x + insetBox.width - (mapBox.x + mapBox.width))).toBeLessThan(4);
      expect(Math.abs(insetBox.y + insetBox.height - (mapBox.y + mapBox.height))).toBeLessThan(4);
      expect(await inset.locator("circle").count()).toBe(12);

      // A tooltip near the map's lower right stays in the window and the map's box.
      const lowest = await page.locator(".site").evaluateAll((sites) => {
        const boxes = sites.map((s) => s.getBoundingClientRect());
        const box = boxes.reduce((a, b) => (b.bottom + b.right > a.bottom + a.right ? b : a));
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      });
      await page.mouse.move(lowest.x, lowest.y);
      await expect.poll(() => page.locator("#map-tooltip").isVisible()).toBe(true);
      await expect
        .poll(async () => {
          const tip = await page.locator("#map-tooltip").boundingBox();
          const wrap = await page.locator(".map-wrap").boundingBox();
          if (!tip || !wrap) return false;
          return (
            tip.x >= 0 &&
            tip.y >= 0 &&
            tip.x + tip.width <= 1440 &&
            tip.y + tip.height <= 900 &&
            tip.x + tip.width <= wrap.x + wrap.width
          );
        })
        .toBe(true);
      await planner.screenshot("m4-tooltip-lower-right");
      await page.mouse.move(0, 0);

      expect(await scrollWidth(page)).toBeLessThanOrEqual(1440);
      expect(await axeViolations(page)).toEqual([]);

      // A phone: no horizontal scrolling, the labels still apart, axe clean.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => scrollWidth(page)).toBeLessThanOrEqual(390);
      await expect.poll(async () => overlapping(await labelBoxes(page))).toEqual([]);
      await page.locator(".map-wrap").scrollIntoViewIfNeeded();
      await planner.screenshot("m5-phone");
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("a comparison draws each mode switch once, with arrowheads, and no two arcs on one curve", async () => {
    await withPlanner(async (planner) => {
      const { page } = planner;
      await page.setViewportSize({ width: 1440, height: 900 });
      const base = await savePlanThroughApi(planner, "Base");
      const rail = await savePlanThroughApi(planner, "Rail +60 %", [
        { kind: "scaleModeCost", mode: "rail", factor: 1.6 },
      ]);
      await page.goto(linkTo(planner, `compare=${base.id},${rail.id}`));
      await page.getByTestId("comparison").waitFor({ timeout: patienceMs });
      await expect.poll(() => page.locator("g.arc.switch").count()).toBeGreaterThan(0);

      // Every switch moves tonnes from rail (dearer) to road, with the switch's arrowhead.
      const switches = await page
        .locator("g.arc.switch")
        .evaluateAll((groups) =>
          groups.map((g) => [
            g.getAttribute("data-switch"),
            g.querySelector("path")?.getAttribute("marker-end"),
          ]),
        );
      for (const [pair, head] of switches) {
        expect(pair).toBe("rail>road");
        expect(head).toBe("url(#arrow-switch)");
      }
      // Gained and lost arcs carry arrowheads too.
      const heads = await page
        .locator("path.arc")
        .evaluateAll((paths) => [...new Set(paths.map((p) => p.getAttribute("marker-end")))]);
      for (const head of heads) expect(["url(#arrow-gained)", "url(#arrow-lost)"]).toContain(head);
      // No smear: no two arcs share a curve.
      const curves = await page
        .locator("g.arcs > path.arc, g.arcs > g.arc.switch > path:first-child")
        .evaluateAll((paths) => paths.map((p) => p.getAttribute("d")));
      expect(new Set(curves).size).toBe(curves.length);
      const legend = (await page.locator(".legend").textContent()) ?? "";
      expect(legend).toContain("moved to another mode");
      expect(legend).toContain("arrowheads: direction of travel");

      // Walked by keys, a switch reads as one change in words.
      await page.locator("svg.map").focus();
      const titles: string[] = [];
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press("ArrowRight");
        titles.push((await page.locator("#map-tooltip strong").textContent()) ?? "");
      }
      expect(titles.some((t) => t.startsWith("Moved from rail to road: "))).toBe(true);
      await planner.screenshot("m6-comparison-switches");
      await page.keyboard.press("Escape");
      expect(await scrollWidth(page)).toBeLessThanOrEqual(1440);
      expect(await axeViolations(page)).toEqual([]);

      // On a phone the map itself stays within the width (the comparison tables are another matter).
      await page.setViewportSize({ width: 390, height: 844 });
      await expect
        .poll(async () => {
          const wrap = await page.locator(".map-wrap").boundingBox();
          return wrap ? wrap.x + wrap.width : Number.POSITIVE_INFINITY;
        })
        .toBeLessThanOrEqual(390);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
