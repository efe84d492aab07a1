// Scenario changes in a planner's words ("rail cost x1.2", "Qingdao exports 500-900 kt"), not the
// API's ("scaleModeCost mode rail factor 1.2"), for the comparison's list of what differs.
import type { Change } from "./api.ts";
import { plain } from "./format.ts";

const kt = (t: number) => `${plain(t / 1e3, 1)} kt`;
/** A factor as "x1.2": up to three decimals, without trailing zeros. */
const times = (factor: number) => `x${Number(factor.toFixed(3))}`;
const percentOf = (factor: number) => `${plain(factor * 100, 0)} %`;

/** One change in words; `nameOf` gives plants, smelters and ports their names. */
export function changeInWords(change: Change, nameOf: (id: string) => string): string {
  const lane = (c: { from: string; to: string; mode: string }) =>
    `${nameOf(c.from)} to ${nameOf(c.to)} by ${c.mode}`;
  switch (change.kind) {
    case "scaleModeCost":
      return `${change.mode} cost ${times(change.factor)}`;
    case "setLaneCost":
      return `${lane(change)} at ${plain(change.costPerT, 0)} CNY/t`;
    case "scaleLaneCost":
      return `${lane(change)} cost ${times(change.factor)}`;
    case "setLaneCapacity":
      return `${lane(change)} capacity ${kt(change.capacityT)}`;
    case "scaleLaneCapacity":
      return `${lane(change)} capacity ${times(change.factor)}`;
    case "closeLane":
      return `${lane(change)} closed`;
    case "setPlantCapacity":
      return `${nameOf(change.plantId)} capacity ${kt(change.capacityT)}`;
    case "scalePlantCapacity":
      return `${nameOf(change.plantId)} capacity ${times(change.factor)}`;
    case "setSmelterDemand":
      return `${nameOf(change.smelterId)} demand ${kt(change.demandT)}`;
    case "scaleDemand":
      return `${change.province ?? nameOf(change.smelterId ?? "")} demand ${percentOf(change.factor)}`;
    case "setPortExport": {
      const { minExportT: min, maxExportT: max } = change;
      const limits =
        min !== undefined && max !== undefined
          ? `${plain(min / 1e3, 1)}-${kt(max)}`
          : min !== undefined
            ? `at least ${kt(min)}`
            : `at most ${kt(max ?? 0)}`;
      return `${nameOf(change.portId)} exports ${limits}`;
    }
    case "setPortPrice":
      return `${nameOf(change.portId)} FOB ${plain(change.fobPricePerT, 0)} CNY/t`;
    case "setAnodeFactor":
      return `anode factor ${change.anodePerTonneAluminium} t per t aluminium`;
    case "setCarbonPrice":
      return `carbon price ${plain(change.carbonPricePerT, 0)} CNY/t CO2`;
    case "setCo2Cap":
      return change.co2CapT === null ? "no CO2 cap" : `CO2 cap ${kt(change.co2CapT)}`;
    case "setObjective":
      return change.objective === "maxMargin" ? "objective: most margin" : "objective: least cost";
    case "closeHub":
      return `hub ${nameOf(change.hub)} closed`;
    case "scaleCorridorCapacity":
      return `corridor ${change.corridor} capacity ${times(change.factor)}`;
    case "setContract":
      return `contract ${change.contract}${change.minT == null ? "" : ` at least ${kt(change.minT)}`}${
        change.maxT === undefined || change.maxT === null ? "" : ` at most ${kt(change.maxT)}`
      }`;
    case "setSeasonality":
      return `seasonal profile of ${change.province ?? nameOf(change.plantId ?? change.smelterId ?? change.portId ?? "")}`;
    case "setInventory":
      return `inventory at ${nameOf(change.plantId ?? change.smelterId ?? change.portId ?? "")}`;
  }
}

/** Several changes in words, joined for one line. */
export const changesInWords = (changes: readonly Change[], nameOf: (id: string) => string) =>
  changes.map((c) => changeInWords(c, nameOf)).join("; ");
