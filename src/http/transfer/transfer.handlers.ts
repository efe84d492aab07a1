// Handlers of /v1/export and /v1/import.
import { jsonPointer, type Network } from "../../../models/allocation/network.ts";
import { applyChanges } from "../../../models/allocation/scenario.ts";
import { prepareNetwork } from "../../storage/datasets.ts";
import { planBytes } from "../../storage/plans.ts";
import { freeSlug } from "../../storage/slugs.ts";
import type { NewDatasetRow, NewPlanRow, NewScenarioRow } from "../../storage/transfer.ts";
import { ApiError, type ProblemItem } from "../shared/problems.ts";
import { withQuota } from "../shared/quotas.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import type { AppRouteHandler, Services } from "../shared/types.ts";
import type * as routes from "./transfer.routes.ts";
import { type BundleInput, hashMismatches } from "./verify.ts";

export const exportOrganisation: AppRouteHandler<typeof routes.exportOrganisation> = async (c) => {
  const { includeShared } = c.req.valid("query");
  const { services, organisationId } = c.var;
  const exportedAt = services.clock();
  const bundle = await services.repositories.transfer.exportOrganisation(organisationId, {
    includeShared: includeShared === "true",
    exportedAt,
  });
  c.header(
    "Content-Disposition",
    `attachment; filename="anodeflow-export-${exportedAt.toISOString().slice(0, 10)}.json"`,
  );
  return c.json(bundle, 200);
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Pointers to the fields of `raw` that parsing dropped: the plan and provenance schemas are
 * lenient (they read plans written by older versions), so unknown fields there are found by
 * comparing what was sent with what the schema kept.
 */
function droppedFields(raw: unknown, parsed: unknown, path: (string | number)[]): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed))
    return raw.flatMap((item, i) => droppedFields(item, parsed[i], [...path, i]));
  if (!isRecord(raw) || !isRecord(parsed)) return [];
  return Object.keys(raw).flatMap((key) =>
    key in parsed
      ? droppedFields(raw[key], parsed[key], [...path, key])
      : [jsonPointer([...path, key])],
  );
}

type Status = "created" | "reused" | "shared";
interface Mapped {
  sourceId: string;
  contentHash: string;
  id: string;
  status: Status;
}

/** What an import will do: the rows to store and every item's id here. */
interface ImportPlan {
  rows: { datasets: NewDatasetRow[]; scenarios: NewScenarioRow[]; plans: NewPlanRow[] };
  bytes: number;
  datasets: (Mapped & { slug: string })[];
  scenarios: Mapped[];
  plans: Mapped[];
}

/**
 * Resolves every item against what the organisation (and the catalogue) holds now, and checks
 * what is new: references, limits, changes. Reads only; `store` writes what it decides.
 */
async function planImport(
  services: Services,
  organisationId: string,
  bundle: BundleInput,
  raw: Record<string, unknown>,
): Promise<ImportPlan> {
  const { repositories, limits } = services;
  const { transfer } = repositories;
  const { newId } = transfer;
  const errors: ProblemItem[] = [];
  const rows: ImportPlan["rows"] = { datasets: [], scenarios: [], plans: [] };
  let bytes = 0;

  // Datasets, by content hash: the catalogue's (shared, same slug and hash), the organisation's
  // own (same hash), or stored now.
  const owned = await transfer.ownDatasetsByHash(
    organisationId,
    bundle.datasets.map((d) => d.contentHash),
  );
  const catalogue = await transfer.catalogueBySlug(
    bundle.datasets.filter((d) => d.shared).map((d) => d.slug),
  );
  const taken = await transfer.slugsSeenBy(organisationId);
  /** Content hash -> the dataset here, and its network when the bundle brings it. */
  const datasetHere = new Map<string, { id: string; network?: Network }>();
  const datasets: ImportPlan["datasets"] = [];
  for (const [i, item] of bundle.datasets.entries()) {
    const at = `/datasets/${i}`;
    if (datasetHere.has(item.contentHash)) {
      errors.push({
        pointer: `${at}/contentHash`,
        message: "another dataset of the bundle has this content hash",
      });
      continue;
    }
    const base = { sourceId: item.id, contentHash: item.contentHash };
    const inCatalogue = catalogue.get(item.slug);
    const mine = owned.get(item.contentHash);
    if (item.shared && inCatalogue?.contentHash === item.contentHash) {
      datasetHere.set(item.contentHash, { id: inCatalogue.id });
      datasets.push({ ...base, id: inCatalogue.id, slug: inCatalogue.slug, status: "shared" });
    } else if (mine !== undefined) {
      datasetHere.set(item.contentHash, { id: mine.id });
      datasets.push({ ...base, id: mine.id, slug: mine.slug, status: "reused" });
    } else if (item.network === undefined) {
      errors.push({
        pointer: `${at}/slug`,
        message:
          inCatalogue === undefined
            ? `this deployment's shared catalogue has no dataset ${item.slug}; export with ?includeShared=true to bring its network`
            : `this deployment's shared ${item.slug} has other content (${inCatalogue.contentHash}); export with ?includeShared=true to bring the network the scenarios used`,
      });
    } else {
      try {
        checkNetworkLimits(item.network, limits, `${at}/network`);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        errors.push(...(error.errors ?? []));
        continue;
      }
      const prepared = await prepareNetwork(item.network);
      const slug = freeSlug(item.slug, taken);
      taken.add(slug);
      const id = newId("ds");
      rows.datasets.push({
        id,
        name: item.name,
        slug,
        contentHash: prepared.contentHash,
        networkJson: prepared.networkJson,
        stats: prepared.stats,
        createdAt: new Date(item.createdAt),
      });
      bytes += new TextEncoder().encode(prepared.networkJson).byteLength;
      datasetHere.set(item.contentHash, { id, network: item.network });
      datasets.push({ ...base, id, slug, status: "created" });
    }
  }
  // A scenario may name a dataset the organisation stored before (an earlier part of a move).
  const missing = bundle.scenarios.map((s) => s.dataset).filter((h) => !datasetHere.has(h));
  for (const [hash, row] of await transfer.ownDatasetsByHash(organisationId, missing))
    datasetHere.set(hash, { id: row.id });

  // Scenarios: the organisation's own with the same content hash, or stored now (after checking
  // that the changes apply to the dataset, as POST /v1/scenarios does).
  const existingScenarios = await transfer.scenariosByHash(organisationId);
  const scenarioHere = new Map(existingScenarios);
  const rawScenarios = raw.scenarios as { changes: unknown }[];
  const scenarios: Mapped[] = [];
  for (const [i, item] of bundle.scenarios.entries()) {
    const at = `/scenarios/${i}`;
    const base = { sourceId: item.id, contentHash: item.contentHash };
    const existing = existingScenarios.get(item.contentHash);
    if (existing !== undefined) {
      scenarios.push({ ...base, id: existing.id, status: "reused" });
      continue;
    }
    const already = scenarioHere.get(item.contentHash);
    if (already !== undefined) {
      // Listed twice in the bundle: one scenario here.
      scenarios.push({ ...base, id: already.id, status: "created" });
      continue;
    }
    const dataset = datasetHere.get(item.dataset);
    if (dataset === undefined) {
      errors.push({
        pointer: `${at}/dataset`,
        message: `no dataset of the bundle or of this organisation has the content hash ${item.dataset}`,
      });
      continue;
    }
    if (item.changes.length > 0) {
      const network =
        dataset.network ?? (await repositories.datasets.get(organisationId, dataset.id))?.network;
      if (network === undefined) throw new Error(`dataset ${dataset.id} vanished during an import`);
      const applied = applyChanges(network, item.changes);
      if (!applied.ok) {
        errors.push(
          ...applied.issues.map(({ pointer, message }) => ({
            pointer: pointer.startsWith("/changes") ? `${at}${pointer}` : `${at}/dataset`,
            message,
          })),
        );
        continue;
      }
    }
    const id = newId("sc");
    rows.scenarios.push({
      id,
      datasetId: dataset.id,
      name: item.name,
      description: item.description,
      // As sent (validated): stored so, it exports with the same hash.
      changes: rawScenarios[i]?.changes as NewScenarioRow["changes"],
      createdAt: new Date(item.createdAt),
    });
    scenarioHere.set(item.contentHash, { id, datasetId: dataset.id });
    scenarios.push({ ...base, id, status: "created" });
  }

  // Plans: the organisation's own with the same content hash (only one of the same scenario and
  // time can be), or stored now.
  const wanted = bundle.plans.flatMap((p) => {
    const scenario = scenarioHere.get(p.scenario);
    return scenario === undefined
      ? []
      : [{ scenarioId: scenario.id, scenarioHash: p.scenario, createdAt: new Date(p.createdAt) }];
  });
  const existingPlans = await transfer.plansByHash(organisationId, wanted);
  const rawPlans = raw.plans as { plan: unknown; provenance: unknown }[];
  const plans: Mapped[] = [];
  const planHere = new Map<string, string>();
  for (const [i, item] of bundle.plans.entries()) {
    const base = { sourceId: item.id, contentHash: item.contentHash };
    const existing = existingPlans.get(item.contentHash);
    if (existing !== undefined) {
      plans.push({ ...base, id: existing, status: "reused" });
      continue;
    }
    const already = planHere.get(item.contentHash);
    if (already !== undefined) {
      plans.push({ ...base, id: already, status: "created" });
      continue;
    }
    const scenario = scenarioHere.get(item.scenario);
    if (scenario === undefined) {
      errors.push({
        pointer: `/plans/${i}/scenario`,
        message: `no scenario of the bundle or of this organisation has the content hash ${item.scenario}`,
      });
      continue;
    }
    const id = newId("pl");
    const plan = rawPlans[i]?.plan as NewPlanRow["plan"];
    rows.plans.push({
      id,
      scenarioId: scenario.id,
      datasetId: scenario.datasetId,
      plan,
      provenance: rawPlans[i]?.provenance as NewPlanRow["provenance"],
      createdAt: new Date(item.createdAt),
    });
    bytes += planBytes(plan);
    planHere.set(item.contentHash, id);
    plans.push({ ...base, id, status: "created" });
  }

  if (errors.length > 0) {
    const limit = errors.some((e) => e.message.includes("are allowed"));
    throw new ApiError(
      limit ? "limit_exceeded" : "unknown_reference",
      limit
        ? "A dataset of the bundle is larger than this deployment's limits; nothing was stored"
        : `The bundle refers to what neither it nor this deployment holds: ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was stored`,
      errors,
    );
  }
  return { rows, bytes, datasets, scenarios, plans };
}

/** A write that failed on a unique index: another request stored a slug or content meanwhile. */
const isConflict = (error: unknown) =>
  /UNIQUE constraint failed/i.test(
    `${(error as Error)?.message ?? ""} ${String((error as { cause?: unknown })?.cause ?? "")}`,
  );

export const importBundle: AppRouteHandler<typeof routes.importBundle> = async (c) => {
  const bundle = c.req.valid("json");
  // The body as sent (Hono keeps the parsed JSON the validator read): scenarios and plans are
  // stored and hashed exactly so.
  const raw = (await c.req.json()) as Record<string, unknown>;
  const dropped = [
    ...(raw.plans as Record<string, unknown>[]).flatMap((sent, i) => [
      ...droppedFields(sent.plan, bundle.plans[i]?.plan, ["plans", i, "plan"]),
      ...droppedFields(sent.provenance, bundle.plans[i]?.provenance, ["plans", i, "provenance"]),
    ]),
  ];
  if (dropped.length > 0)
    throw new ApiError(
      "unknown_field",
      `The request body has ${dropped.length === 1 ? "an unknown field" : "unknown fields"} (${dropped.join(", ")})`,
      dropped.map((pointer) => ({
        pointer,
        message: `unknown field "${pointer.slice(pointer.lastIndexOf("/") + 1)}"`,
      })),
    );
  const mismatches = await hashMismatches(bundle, raw);
  if (mismatches.length > 0)
    throw new ApiError(
      "content_hash_mismatch",
      `${mismatches.length} item${mismatches.length === 1 ? " does" : "s do"} not match ${mismatches.length === 1 ? "its" : "their"} content hash; nothing was stored`,
      mismatches,
    );

  const { services, organisationId } = c.var;
  // A few rounds: a create between the reads and the write (the same slug, the same content)
  // fails the whole transaction, and a fresh read then sees it.
  for (let attempt = 1; ; attempt++) {
    const planned = await planImport(services, organisationId, bundle, raw);
    const { rows } = planned;
    try {
      await withQuota(
        services,
        organisationId,
        {
          datasets: rows.datasets.length,
          scenarios: rows.scenarios.length,
          plans: rows.plans.length,
          storedBytes: planned.bytes,
        },
        () => services.repositories.transfer.store(organisationId, rows),
      );
    } catch (error) {
      if (attempt < 3 && isConflict(error)) continue;
      throw error;
    }
    const count = (items: Mapped[], status: Status) =>
      items.filter((m) => m.status === status).length;
    return c.json(
      {
        created: {
          datasets: rows.datasets.length,
          scenarios: rows.scenarios.length,
          plans: rows.plans.length,
        },
        reused: {
          datasets: count(planned.datasets, "reused") + count(planned.datasets, "shared"),
          scenarios: count(planned.scenarios, "reused"),
          plans: count(planned.plans, "reused"),
        },
        datasets: planned.datasets,
        scenarios: planned.scenarios,
        plans: planned.plans,
      },
      200,
    );
  }
};
