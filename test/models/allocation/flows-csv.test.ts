// flowsToCsv: header, column order, RFC 4180 quoting and line ends.
import { describe, expect, it } from "vitest";
import { flowsToCsv } from "../../../models/allocation/flows-csv.ts";
import { type Plan, type PlanFlow, planSchema } from "../../../models/allocation/plan-schema.ts";

const header = "from,to,mode,tonnes,distance_km,cost_per_t,cost_cny,co2_t\r\n";

function planWith(flows: PlanFlow[], status: Plan["status"] = "optimal"): Plan {
  return planSchema.parse({
    format: "anodeflow.plan/v1",
    network: "tiny",
    status,
    objective: null,
    totals: null,
    flows,
    plants: [],
    smelters: [],
    ports: [],
    provinces: [],
    solver: { id: "test", version: "0", ms: 1 },
  });
}

/** A minimal RFC 4180 reader, to check that quoted fields come back as they went in. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("flowsToCsv", () => {
  it("writes the header and one CRLF-terminated row per flow, in plan order", () => {
    const csv = flowsToCsv(
      planWith([
        {
          from: "p1",
          to: "s1",
          mode: "rail",
          tonnes: 500,
          distanceKm: 1463.5,
          costPerT: 199.72,
          cost: 99_860,
          co2T: 7.3175,
        },
        {
          from: "p2",
          to: "qd",
          mode: "road",
          tonnes: 0.25,
          distanceKm: 80,
          costPerT: 53.6,
          cost: 13.4,
          co2T: 0.001,
        },
      ]),
    );
    expect(csv).toBe(
      `${header}p1,s1,rail,500,1463.5,199.72,99860,7.3175\r\np2,qd,road,0.25,80,53.6,13.4,0.001\r\n`,
    );
  });

  it("quotes fields holding a comma, quote or line break and doubles their quotes", () => {
    const csv = flowsToCsv(
      planWith([
        {
          from: 'Plant "A", Henan',
          to: "line\nbreak",
          mode: "plain",
          tonnes: 1,
          distanceKm: 2,
          costPerT: 3,
          cost: 3,
          co2T: 0,
        },
      ]),
    );
    expect(csv.split("\r\n")[1]).toBe('"Plant ""A"", Henan","line\nbreak",plain,1,2,3,3,0');
    expect(parseCsv(csv)[1]).toEqual([
      'Plant "A", Henan',
      "line\nbreak",
      "plain",
      "1",
      "2",
      "3",
      "3",
      "0",
    ]);
  });

  it("gives the header alone for a plan without flows, such as an infeasible one", () => {
    expect(flowsToCsv(planWith([], "infeasible"))).toBe(header);
    expect(parseCsv(header)).toEqual([
      ["from", "to", "mode", "tonnes", "distance_km", "cost_per_t", "cost_cny", "co2_t"],
    ]);
  });
});
