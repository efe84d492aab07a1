// A procurement run with the typed client: upload a network, make a what-if scenario (rail freight
// x1.2), plan it as a job and wait, download the flows CSV, and print a short summary.
//
//   ANODEFLOW_URL=http://127.0.0.1:8787 ANODEFLOW_API_KEY=afk_... \
//     npx tsx client/examples/procurement.ts [network.json] [--out flows.csv]
import { readFile, writeFile } from "node:fs/promises";
import {
  type AnodeflowClient,
  createAnodeflowClient,
  expectData,
  respondAsync,
  type Schemas,
  toProblem,
} from "../index.ts";

/** The network this example uploads unless given one. */
export const defaultNetworkPath = "data/china-2024/network.json";

const workbookMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Stores the network file as a dataset. JSON goes through the typed call; a workbook (.xlsx, in
 * one sheet per table) goes as the file's bytes, which the document does not type, so through the
 * client's raw fetch. Switching is the file name alone.
 */
export async function uploadNetwork(
  client: AnodeflowClient,
  path: string,
): Promise<Schemas["DatasetSummary"]> {
  if (path.endsWith(".xlsx")) {
    const response = await client.fetch("/v1/datasets", {
      method: "POST",
      headers: { "content-type": workbookMediaType },
      body: await readFile(path),
    });
    if (!response.ok) throw await toProblem(response);
    return (await response.json()) as Schemas["DatasetSummary"];
  }
  const network = JSON.parse(await readFile(path, "utf8")) as Schemas["Network"];
  // Sent without Prefer: respond-async, so the answer is the dataset (200 or 201), never a job.
  return (await expectData(
    client.POST("/v1/datasets", { body: { network } }),
  )) as Schemas["DatasetSummary"];
}

export interface Procurement {
  dataset: Schemas["DatasetSummary"];
  scenario: Schemas["Scenario"];
  plan: Schemas["StoredPlan"];
  /** The flows as GET /v1/plans/{id}/flows.csv answers them: a header row, one row per flow, CRLF. */
  csv: string;
}

export async function procure(
  client: AnodeflowClient,
  options: { networkPath?: string; railFactor?: number } = {},
): Promise<Procurement> {
  const dataset = await uploadNetwork(client, options.networkPath ?? defaultNetworkPath);
  const railFactor = options.railFactor ?? 1.2;
  const scenario = await expectData(
    client.POST("/v1/scenarios", {
      body: {
        datasetId: dataset.id,
        name: `rail freight x${railFactor}`,
        changes: [{ kind: "scaleModeCost", mode: "rail", factor: railFactor }],
      },
    }),
  );
  // A batch of one, as a job: the server answers 202 at once and the client polls the job.
  const batch = await client.jobResult(
    client.POST("/v1/batches", { body: { scenarioIds: [scenario.id] }, headers: respondAsync }),
  );
  const planId = batch.items[0]?.id;
  if (planId === undefined) throw new Error("the batch stored no plan");
  const plan = await expectData(client.GET("/v1/plans/{id}", { params: { path: { id: planId } } }));
  const csv = await expectData(
    client.GET("/v1/plans/{id}/flows.csv", { params: { path: { id: planId } }, parseAs: "text" }),
  );
  return { dataset, scenario, plan, csv };
}

const mcny = (cny: number) =>
  (cny / 1e6).toLocaleString("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const kt = (t: number) =>
  (t / 1e3).toLocaleString("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A few lines a buyer reads: the plan's status and cost, and the tonnes each mode carries. */
export function summary({ dataset, scenario, plan, csv }: Procurement): string {
  const rows = csv.split("\r\n").filter((line) => line !== "").length - 1;
  const lines = [
    `dataset  ${dataset.id} (${dataset.name})`,
    `scenario ${scenario.id} (${scenario.name})`,
    `plan     ${plan.id}: ${plan.status}`,
  ];
  if (plan.totals !== null) {
    lines.push(
      `cost     ${mcny(plan.totals.totalCost)} M CNY, of which transport ${mcny(plan.totals.transportCost)} M CNY (ex-VAT)`,
    );
    const byMode = new Map<string, number>();
    for (const flow of plan.plan.flows)
      byMode.set(flow.mode, (byMode.get(flow.mode) ?? 0) + flow.tonnes);
    for (const [mode, tonnes] of [...byMode].sort((a, b) => b[1] - a[1]))
      lines.push(`  ${mode.padEnd(8)} ${kt(tonnes).padStart(10)} kt`);
  }
  lines.push(`flows    ${plan.plan.flows.length} in the plan, ${rows} rows in the CSV`);
  return lines.join("\n");
}

async function main(argv: string[]): Promise<void> {
  const outAt = argv.indexOf("--out");
  const out = outAt === -1 ? undefined : argv[outAt + 1];
  const networkPath = argv.find(
    (arg, i) => !arg.startsWith("--") && (outAt === -1 || i !== outAt + 1),
  );
  const client = createAnodeflowClient({
    baseUrl: process.env.ANODEFLOW_URL ?? "http://127.0.0.1:8787",
    ...(process.env.ANODEFLOW_API_KEY ? { apiKey: process.env.ANODEFLOW_API_KEY } : {}),
  });
  const result = await procure(client, { ...(networkPath ? { networkPath } : {}) });
  console.log(summary(result));
  if (out !== undefined) {
    await writeFile(out, result.csv);
    console.log(`wrote ${out}`);
  }
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
