import { describe, expect, it } from "vitest";
import { type DatasetSummary, ProblemError } from "../../web/src/api.ts";
import { createPlanner } from "../../web/src/state/planner.ts";
import { fakeAddress, fakeServer, network } from "./support/fakes.ts";

function opened() {
  const { server, api } = fakeServer();
  const address = fakeAddress();
  const planner = createPlanner({ api, address, now: () => 1000 });
  return { server, api, planner, start: () => planner.start(address.hash()) };
}

const workbook = {
  name: "bad.xlsx",
  text: async () => "",
  arrayBuffer: async () => new ArrayBuffer(8),
};

describe("the Data tab's actions", () => {
  it("keep a workbook's row-level problems for the tab, and leave the shown plan", async () => {
    const { api, planner, start } = opened();
    await start();
    const errors = [
      {
        pointer: "/plants/2/capacityT",
        message: '"lots" is not a number',
        sheet: "plants",
        row: 4,
        column: "capacityT",
        cell: "F4",
      },
    ];
    api.createDatasetFromWorkbook = async () => {
      throw new ProblemError({
        title: "Unprocessable Content",
        status: 422,
        detail: "The workbook is not a valid network: 1 problem",
        errors,
      });
    };
    const shown = planner.getState().shown;
    await planner.importFile(workbook);
    const state = planner.getState();
    expect(state.dataProblem?.what).toBe("Importing bad.xlsx");
    expect(state.dataProblem?.problem.errors).toEqual(errors);
    expect(state.problem).toBeNull();
    expect(state.shown).toBe(shown);
    planner.dismissDataProblem();
    expect(planner.getState().dataProblem).toBeNull();
  });

  it("write a cell edit into the panel, and save the edits as a new dataset that is then opened and named", async () => {
    const { server, api, planner, start } = opened();
    await start();
    const plant = network.plants[0];
    if (!plant) throw new Error("no plant");
    planner.editData({ kind: "plantCapacity", plantId: plant.id }, "7");
    expect(planner.getState().form.plants).toEqual([{ plantId: plant.id, capacityKt: "7" }]);
    let posted: { network: unknown; name: string | undefined } | undefined;
    api.createDataset = async (sent, name) => {
      posted = { network: sent, name };
      const created = {
        id: "ds_new",
        name: name ?? "",
        slug: "edited",
        shared: false,
      } as unknown as DatasetSummary;
      server.datasets = [...server.datasets, created];
      return created;
    };
    await planner.saveDataset("Edited");
    expect(posted?.name).toBe("Edited");
    expect((posted?.network as typeof network | undefined)?.plants[0]?.capacityT).toBe(7000);
    const state = planner.getState();
    expect(state.datasetId).toBe("ds_new");
    expect(state.form.plants).toEqual([]);
    expect(state.notice).toBe(
      "Saved the edits as the new dataset “Edited”: id ds_new, slug edited.",
    );
    planner.removeDataEdit(`plant:${plant.id}`);
    expect(planner.getState().form.plants).toEqual([]);
  });
});
