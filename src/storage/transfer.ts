// Moving an organisation between deployments: its datasets, scenarios and plans read out as a bundle
// with content hashes, and a bundle's new items written back in one transaction.
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Network } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import type { Change } from "../../models/allocation/scenario.ts";
import { contentHash } from "./content-hash.ts";
import type { Db } from "./db.ts";
import type { NewId } from "./ids.ts";
import { catalogueOwnerId } from "./organisations.ts";
import { planInserts, rowFlow } from "./plans.ts";
import type { DatasetStats, Provenance } from "./records.ts";
import { datasets, planFlows, plans, scenarios } from "./schema.ts";

export const bundleFormat = "anodeflow-export";
export const bundleVersion = 1;

/**
 * A dataset of the bundle. Its content hash is the dataset's own (of its network alone), so a
 * rename is not new content. A shared (catalogue) dataset comes without its network unless the
 * export was asked to copy it.
 */
export interface DatasetItem {
  id: string;
  contentHash: string;
  name: string;
  slug: string;
  shared: boolean;
  createdAt: string;
  network?: Network | undefined;
}

/** A scenario; `dataset` is its dataset's content hash. */
export interface ScenarioItem {
  id: string;
  contentHash: string;
  dataset: string;
  name: string;
  description: string | null;
  changes: Change[];
  createdAt: string;
}

/** A plan as stored, flows included; `scenario` is its scenario's content hash. */
export interface PlanItem {
  id: string;
  contentHash: string;
  scenario: string;
  createdAt: string;
  provenance: Provenance;
  plan: Plan;
}

export interface Bundle {
  format: typeof bundleFormat;
  version: typeof bundleVersion;
  exportedAt: string;
  datasets: DatasetItem[];
  scenarios: ScenarioItem[];
  plans: PlanItem[];
}

/**
 * A scenario's content hash: of what it says and when it was made, its dataset named by content
 * hash, so the hash is the same on every deployment (ids are not) and changes with its dataset's.
 */
export const scenarioContentHash = (item: Omit<ScenarioItem, "id" | "contentHash">) =>
  contentHash({
    dataset: item.dataset,
    name: item.name,
    description: item.description,
    changes: item.changes,
    createdAt: item.createdAt,
  });

/** A plan's content hash: the plan as stored, its provenance and time, and its scenario's hash. */
export const planContentHash = (item: Omit<PlanItem, "id" | "contentHash">) =>
  contentHash({
    scenario: item.scenario,
    createdAt: item.createdAt,
    provenance: item.provenance,
    plan: item.plan,
  });

// D1 binds at most 100 values per statement: lists of ids are looked up this many at a time.
const idsPerQuery = 90;

async function inChunks<T, R>(items: readonly T[], read: (chunk: T[]) => Promise<R[]>) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += idsPerQuery)
    out.push(...(await read(items.slice(i, i + idsPerQuery))));
  return out;
}

/** A new dataset to store: its id, names and the network's JSON text as the table keeps it. */
export interface NewDatasetRow {
  id: string;
  name: string;
  slug: string;
  contentHash: string;
  networkJson: string;
  stats: DatasetStats;
  createdAt: Date;
}

export interface NewScenarioRow {
  id: string;
  datasetId: string;
  name: string;
  description: string | null;
  changes: Change[];
  createdAt: Date;
}

export interface NewPlanRow {
  id: string;
  scenarioId: string;
  datasetId: string;
  plan: Plan;
  provenance: Provenance;
  createdAt: Date;
}

export function createTransferRepository(db: Db, newId: NewId) {
  /** The organisation's scenarios with their datasets' content hashes, oldest first. */
  const scenarioRows = (organisationId: string) =>
    db
      .select({
        id: scenarios.id,
        datasetId: scenarios.datasetId,
        datasetHash: datasets.contentHash,
        name: scenarios.name,
        description: scenarios.description,
        changes: scenarios.changes,
        createdAt: scenarios.createdAt,
      })
      .from(scenarios)
      .innerJoin(datasets, eq(datasets.id, scenarios.datasetId))
      .where(eq(scenarios.organisationId, organisationId))
      .orderBy(asc(scenarios.createdAt), asc(scenarios.id));

  const toScenarioItem = async (
    row: Awaited<ReturnType<typeof scenarioRows>>[number],
  ): Promise<ScenarioItem> => {
    const content = {
      dataset: row.datasetHash,
      name: row.name,
      description: row.description,
      changes: row.changes,
      createdAt: row.createdAt.toISOString(),
    };
    return { id: row.id, contentHash: await scenarioContentHash(content), ...content };
  };

  return {
    /** Ids for the items an import stores: new ones, never the bundle's. */
    newId,

    /**
     * Everything the organisation stores, oldest first, each item with its content hash. The
     * catalogue's datasets its scenarios use are listed by slug and hash, with their network only
     * if `includeShared` (for a deployment whose catalogue lacks them).
     */
    async exportOrganisation(
      organisationId: string,
      options: { includeShared: boolean; exportedAt: Date },
    ): Promise<Bundle> {
      const own = await db
        .select()
        .from(datasets)
        .where(eq(datasets.organisationId, organisationId))
        .orderBy(asc(datasets.createdAt), asc(datasets.id));
      const scenarioList = await scenarioRows(organisationId);
      const ownHashes = new Set(own.map((d) => d.contentHash));
      const ownIds = new Set(own.map((d) => d.id));
      // A catalogue dataset with the content of one of the organisation's own is not listed again:
      // scenarios name datasets by content, and the own copy carries it.
      const sharedIds = [
        ...new Set(
          scenarioList
            .filter((s) => !ownIds.has(s.datasetId) && !ownHashes.has(s.datasetHash))
            .map((s) => s.datasetId),
        ),
      ];
      const shared = await inChunks(sharedIds, (ids) =>
        db
          .select()
          .from(datasets)
          .where(and(eq(datasets.organisationId, catalogueOwnerId), inArray(datasets.id, ids))),
      );
      shared.sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
      );
      const datasetItems: DatasetItem[] = [
        ...own.map((d) => ({ row: d, shared: false })),
        ...shared.map((d) => ({ row: d, shared: true })),
      ].map(({ row, shared }) => ({
        id: row.id,
        contentHash: row.contentHash,
        name: row.name,
        slug: row.slug,
        shared,
        createdAt: row.createdAt.toISOString(),
        ...(shared && !options.includeShared ? {} : { network: row.network }),
      }));

      const scenarioItems = await Promise.all(scenarioList.map(toScenarioItem));
      const scenarioHash = new Map(scenarioItems.map((s) => [s.id, s.contentHash]));

      const planList = await db
        .select({
          id: plans.id,
          scenarioId: plans.scenarioId,
          plan: plans.plan,
          provenance: plans.provenance,
          createdAt: plans.createdAt,
        })
        .from(plans)
        .where(eq(plans.organisationId, organisationId))
        .orderBy(asc(plans.createdAt), asc(plans.id));
      // Every flow of the organisation's plans in one read, in each plan's order.
      const flowRows = await db
        .select({ flow: planFlows })
        .from(planFlows)
        .innerJoin(plans, eq(plans.id, planFlows.planId))
        .where(eq(plans.organisationId, organisationId))
        .orderBy(asc(planFlows.planId), asc(planFlows.position));
      const flowsOf = new Map<string, Plan["flows"]>();
      for (const { flow } of flowRows) {
        const list = flowsOf.get(flow.planId) ?? [];
        list.push(rowFlow(flow));
        flowsOf.set(flow.planId, list);
      }
      const planItems = await Promise.all(
        planList.map(async (row): Promise<PlanItem> => {
          const scenario = scenarioHash.get(row.scenarioId);
          if (scenario === undefined)
            throw new Error(
              `plan ${row.id} refers to scenario ${row.scenarioId}, which is missing`,
            );
          const content = {
            scenario,
            createdAt: row.createdAt.toISOString(),
            provenance: row.provenance,
            plan: { ...row.plan, flows: flowsOf.get(row.id) ?? [] },
          };
          return { id: row.id, contentHash: await planContentHash(content), ...content };
        }),
      );
      return {
        format: bundleFormat,
        version: bundleVersion,
        exportedAt: options.exportedAt.toISOString(),
        datasets: datasetItems,
        scenarios: scenarioItems,
        plans: planItems,
      };
    },

    /** The organisation's own datasets with these content hashes, by hash. */
    async ownDatasetsByHash(organisationId: string, hashes: readonly string[]) {
      const rows = await inChunks([...new Set(hashes)], (chunk) =>
        db
          .select({ id: datasets.id, slug: datasets.slug, contentHash: datasets.contentHash })
          .from(datasets)
          .where(
            and(eq(datasets.organisationId, organisationId), inArray(datasets.contentHash, chunk)),
          ),
      );
      return new Map(rows.map((r) => [r.contentHash, r]));
    },

    /** The catalogue's datasets with these slugs, by slug. */
    async catalogueBySlug(slugs: readonly string[]) {
      const rows = await inChunks([...new Set(slugs)], (chunk) =>
        db
          .select({ id: datasets.id, slug: datasets.slug, contentHash: datasets.contentHash })
          .from(datasets)
          .where(and(eq(datasets.organisationId, catalogueOwnerId), inArray(datasets.slug, chunk))),
      );
      return new Map(rows.map((r) => [r.slug, r]));
    },

    /** Every slug the organisation sees (its own and the catalogue's): new slugs must avoid them. */
    async slugsSeenBy(organisationId: string): Promise<Set<string>> {
      const rows = await db
        .select({ slug: datasets.slug })
        .from(datasets)
        .where(
          or(
            eq(datasets.organisationId, organisationId),
            eq(datasets.organisationId, catalogueOwnerId),
          ),
        );
      return new Set(rows.map((r) => r.slug));
    },

    /** The organisation's scenarios by content hash (the first made, should two hash alike). */
    async scenariosByHash(organisationId: string) {
      const rows = await scenarioRows(organisationId);
      const items = await Promise.all(rows.map(toScenarioItem));
      const byHash = new Map<string, { id: string; datasetId: string }>();
      for (const [i, item] of items.entries())
        if (!byHash.has(item.contentHash))
          byHash.set(item.contentHash, { id: item.id, datasetId: rows[i]?.datasetId ?? "" });
      return byHash;
    },

    /**
     * The organisation's plans of these (scenario id, time) pairs, by content hash: a plan
     * imported before kept both, so only those can be the same content.
     */
    async plansByHash(
      organisationId: string,
      wanted: readonly { scenarioId: string; scenarioHash: string; createdAt: Date }[],
    ) {
      const byHash = new Map<string, string>();
      if (wanted.length === 0) return byHash;
      const key = (scenarioId: string, at: Date) => `${scenarioId}@${at.getTime()}`;
      const hashOf = new Map(wanted.map((w) => [w.scenarioId, w.scenarioHash]));
      const keys = new Set(wanted.map((w) => key(w.scenarioId, w.createdAt)));
      const candidates = (
        await inChunks([...hashOf.keys()], (ids) =>
          db
            .select({ id: plans.id, scenarioId: plans.scenarioId, createdAt: plans.createdAt })
            .from(plans)
            .where(and(eq(plans.organisationId, organisationId), inArray(plans.scenarioId, ids))),
        )
      ).filter((p) => keys.has(key(p.scenarioId, p.createdAt)));
      for (const candidate of candidates) {
        const [row] = await db
          .select({ plan: plans.plan, provenance: plans.provenance })
          .from(plans)
          .where(eq(plans.id, candidate.id));
        if (row === undefined) continue;
        const flows = await db
          .select()
          .from(planFlows)
          .where(eq(planFlows.planId, candidate.id))
          .orderBy(asc(planFlows.position));
        const hash = await planContentHash({
          scenario: hashOf.get(candidate.scenarioId) ?? "",
          createdAt: candidate.createdAt.toISOString(),
          provenance: row.provenance,
          plan: { ...row.plan, flows: flows.map(rowFlow) },
        });
        if (!byHash.has(hash)) byHash.set(hash, candidate.id);
      }
      return byHash;
    },

    /**
     * Stores the new datasets, scenarios and plans in one batch (one transaction on libSQL and
     * D1): all of them or, should any insert fail (a slug taken meanwhile), none.
     */
    async store(
      organisationId: string,
      rows: { datasets: NewDatasetRow[]; scenarios: NewScenarioRow[]; plans: NewPlanRow[] },
    ): Promise<void> {
      const statements = [
        ...rows.datasets.map((d) =>
          db.insert(datasets).values({
            id: d.id,
            organisationId,
            name: d.name,
            slug: d.slug,
            contentHash: d.contentHash,
            // The JSON text as it is: the column's json mode would serialise it a second time.
            network: sql`${d.networkJson}`,
            bytes: sql`length(CAST(${d.networkJson} AS BLOB))`,
            stats: d.stats,
            createdAt: d.createdAt,
          }),
        ),
        ...rows.scenarios.map((s) =>
          db.insert(scenarios).values({
            id: s.id,
            organisationId,
            datasetId: s.datasetId,
            name: s.name,
            description: s.description,
            changes: s.changes,
            createdAt: s.createdAt,
          }),
        ),
        ...rows.plans.flatMap(
          (p) =>
            planInserts(db, p.id, p.createdAt, organisationId, {
              scenarioId: p.scenarioId,
              datasetId: p.datasetId,
              plan: p.plan,
              provenance: p.provenance,
            }).statements,
        ),
      ];
      const [first, ...rest] = statements;
      if (first === undefined) return;
      await db.batch([first, ...rest]);
    },
  };
}

export type TransferRepository = ReturnType<typeof createTransferRepository>;
