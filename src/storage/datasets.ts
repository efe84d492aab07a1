// Datasets: networks stored immutably under a content hash, so the same network is stored once.
import { and, asc, desc, eq, like, notExists, sql } from "drizzle-orm";
import type { Network } from "../../models/allocation/network.ts";
import { contentHash } from "./content-hash.ts";
import { datasetRef, ownFirst, visibleTo } from "./dataset-refs.ts";
import type { Db } from "./db.ts";
import type { NewId } from "./ids.ts";
import { catalogueOwnerId } from "./organisations.ts";
import { after, type Page, type PageRequest, toPage } from "./pagination.ts";
import { deletePlansWhere } from "./plans.ts";
import type { DatasetStats } from "./records.ts";
import { datasets, plans, scenarios } from "./schema.ts";
import { freeSlug, slugify } from "./slugs.ts";

export interface DatasetSummary {
  id: string;
  name: string;
  /** Stable handle, accepted wherever the id is. */
  slug: string;
  contentHash: string;
  stats: DatasetStats;
  /** In the shared catalogue: every organisation reads it, none can change it. */
  shared: boolean;
  createdAt: Date;
}

export interface Dataset extends DatasetSummary {
  network: Network;
}

/**
 * A network made ready to store: its hash, stats and JSON text. A worker thread can make it, so a
 * large upload never has the main thread serialise or hash its network.
 */
export interface PreparedNetwork {
  contentHash: string;
  stats: DatasetStats;
  /** JSON.stringify of the validated network, as the network column stores it. */
  networkJson: string;
}

export async function prepareNetwork(network: Network): Promise<PreparedNetwork> {
  return {
    contentHash: await contentHash(network),
    stats: datasetStats(network),
    networkJson: JSON.stringify(network),
  };
}

export function datasetStats(network: Network): DatasetStats {
  const destinations = network.smelters.length + network.ports.length;
  return {
    modes: network.modes.length,
    plants: network.plants.length,
    smelters: network.smelters.length,
    ports: network.ports.length,
    lanes:
      network.lanes?.length ??
      network.plants.length *
        destinations *
        network.modes.filter((m) => m.impliedLanes !== false).length,
  };
}

const summaryColumns = {
  id: datasets.id,
  organisationId: datasets.organisationId,
  name: datasets.name,
  slug: datasets.slug,
  contentHash: datasets.contentHash,
  stats: datasets.stats,
  createdAt: datasets.createdAt,
};

/** A slug the organisation (or the catalogue it sees) already uses. */
export class SlugTakenError extends Error {
  override name = "SlugTakenError";
  constructor(readonly slug: string) {
    super(`the slug ${slug} is taken`);
  }
}

/** What still refers to a dataset or scenario: found by a delete that was not asked to cascade. */
export interface Referrer {
  kind: "scenario" | "plan";
  id: string;
}

/** How a delete ended: the referrers listed are at most `referrersListed`, `total` counts all. */
export type DeleteOutcome =
  | { status: "deleted" }
  | { status: "notFound" }
  | { status: "shared" }
  | { status: "inUse"; referencedBy: Referrer[]; total: number };

/** At most this many referrers are named in an in_use answer; the total is always given. */
export const referrersListed = 100;

type Deps = { db: Db; newId: NewId; clock: () => Date };

/**
 * Slugs the organisation sees (its own and the catalogue's) that share `base`'s first 40
 * characters: every candidate freeSlug can make from it (a long base is cut to make room for -2).
 */
async function slugsLike(db: Db, organisationId: string, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: datasets.slug })
    .from(datasets)
    .where(
      and(
        visibleTo(organisationId),
        // Slugs hold no % or _, so the prefix is a literal LIKE pattern.
        like(datasets.slug, `${base.slice(0, 40)}%`),
      ),
    );
  return new Set(rows.map((r) => r.slug));
}

async function findByHash(db: Db, organisationId: string, hash: string) {
  const [existing] = await db
    .select(summaryColumns)
    .from(datasets)
    .where(and(eq(datasets.organisationId, organisationId), eq(datasets.contentHash, hash)));
  return existing === undefined ? undefined : withShared(existing);
}

/**
 * Inserts a prepared network, or finds the organisation's row with the same content hash (its
 * first name and slug stay). A slug asked for must be free in the organisation and the catalogue
 * (else SlugTakenError); without one, the name's slug, with -2, -3, ... if taken.
 */
async function insertPrepared(
  deps: Deps,
  organisationId: string,
  input: { name: string; slug?: string | undefined },
  prepared: PreparedNetwork,
): Promise<{ dataset: DatasetSummary; created: boolean }> {
  const { db, newId, clock } = deps;
  const existing = await findByHash(db, organisationId, prepared.contentHash);
  if (existing !== undefined) return { dataset: existing, created: false };
  // A few rounds: another create may take the chosen slug between the read and the insert.
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken = await slugsLike(db, organisationId, input.slug ?? slugify(input.name));
    let slug: string;
    if (input.slug !== undefined) {
      if (taken.has(input.slug)) throw new SlugTakenError(input.slug);
      slug = input.slug;
    } else {
      slug = freeSlug(slugify(input.name), taken);
    }
    const [inserted] = await db
      .insert(datasets)
      .values({
        id: newId("ds"),
        organisationId,
        name: input.name,
        slug,
        contentHash: prepared.contentHash,
        // The JSON text as it is: the column's json mode would serialise it a second time.
        network: sql`${prepared.networkJson}`,
        // Counted by the database from the text it stores, for the storage quota.
        bytes: sql`length(CAST(${prepared.networkJson} AS BLOB))`,
        stats: prepared.stats,
        createdAt: clock(),
      })
      // Unique indexes, not a read-then-write, decide: two identical requests at once get one row.
      .onConflictDoNothing()
      .returning(summaryColumns);
    if (inserted !== undefined) return { dataset: withShared(inserted), created: true };
    const same = await findByHash(db, organisationId, prepared.contentHash);
    if (same !== undefined) return { dataset: same, created: false };
    // Not the content, so the slug: taken meanwhile.
  }
  throw new Error(`no free slug for dataset ${prepared.contentHash} after 5 attempts`);
}

export function createDatasetRepository(db: Db, newId: NewId, clock: () => Date) {
  const createPrepared = (
    organisationId: string,
    input: { name: string; slug?: string | undefined },
    prepared: PreparedNetwork,
  ) => insertPrepared({ db, newId, clock }, organisationId, input, prepared);

  return {
    /**
     * Stores a validated network, or finds the organisation's dataset with the same content (then
     * `created` is false and the first name stays). The hash covers the network only, so renaming
     * does not make new content.
     */
    async create(
      organisationId: string,
      input: { name: string; slug?: string | undefined; network: Network },
    ): Promise<{ dataset: Dataset; created: boolean }> {
      const prepared = await prepareNetwork(input.network);
      const { dataset, created } = await createPrepared(organisationId, input, prepared);
      // Same content hash, same network: the stored one equals the input.
      return { dataset: { ...dataset, network: input.network }, created };
    },

    /** `create` for a network prepared elsewhere; answers the summary, never parsing the network. */
    createPrepared,

    /** Whether the organisation already stores this content (so storing it again adds nothing). */
    async holds(organisationId: string, hash: string): Promise<boolean> {
      const rows = await db
        .select({ id: datasets.id })
        .from(datasets)
        .where(and(eq(datasets.organisationId, organisationId), eq(datasets.contentHash, hash)))
        .limit(1);
      return rows.length > 0;
    },

    /** The organisation's dataset with this id or slug, or the catalogue's. */
    async get(organisationId: string, ref: string): Promise<Dataset | undefined> {
      const [row] = await db
        .select()
        .from(datasets)
        .where(datasetRef(organisationId, ref))
        .orderBy(ownFirst)
        .limit(1);
      return row === undefined ? undefined : toDataset(row);
    },

    /** The organisation's datasets and the catalogue's, newest first, optionally filtered. */
    async list(
      organisationId: string,
      filter: { slug?: string | undefined; contentHash?: string | undefined },
      page: PageRequest,
    ): Promise<Page<DatasetSummary>> {
      const rows = await db
        .select(summaryColumns)
        .from(datasets)
        .where(
          and(
            visibleTo(organisationId),
            filter.slug === undefined ? undefined : eq(datasets.slug, filter.slug),
            filter.contentHash === undefined
              ? undefined
              : eq(datasets.contentHash, filter.contentHash),
            after(datasets, page.after),
          ),
        )
        .orderBy(desc(datasets.createdAt), desc(datasets.id))
        .limit(page.limit + 1);
      return toPage(rows.map(withShared), page.limit);
    },

    /**
     * Deletes the organisation's dataset (by id or slug). Refused while scenarios or plans refer to
     * it, unless `cascade`, which deletes them (and the plans' flows) in the same transaction. The
     * catalogue's datasets are never deleted.
     */
    async remove(
      organisationId: string,
      ref: string,
      options: { cascade: boolean },
    ): Promise<DeleteOutcome> {
      const [row] = await db
        .select({ id: datasets.id, organisationId: datasets.organisationId })
        .from(datasets)
        .where(datasetRef(organisationId, ref))
        .orderBy(ownFirst)
        .limit(1);
      if (row === undefined) return { status: "notFound" };
      if (row.organisationId !== organisationId) return { status: "shared" };
      const own = and(eq(datasets.organisationId, organisationId), eq(datasets.id, row.id));
      if (options.cascade) {
        await db.batch([
          ...deletePlansWhere(db, eq(plans.datasetId, row.id)),
          db.delete(scenarios).where(eq(scenarios.datasetId, row.id)),
          db.delete(datasets).where(own),
        ]);
        return { status: "deleted" };
      }
      // One statement: a scenario or plan stored meanwhile keeps the dataset.
      const deleted = await db
        .delete(datasets)
        .where(
          and(
            own,
            notExists(
              db
                .select({ id: scenarios.id })
                .from(scenarios)
                .where(eq(scenarios.datasetId, row.id)),
            ),
            notExists(db.select({ id: plans.id }).from(plans).where(eq(plans.datasetId, row.id))),
          ),
        )
        .returning({ id: datasets.id });
      if (deleted.length > 0) return { status: "deleted" };
      const [scenarioRows, planRows, scenarioCount, planCount] = await Promise.all([
        db
          .select({ id: scenarios.id })
          .from(scenarios)
          .where(eq(scenarios.datasetId, row.id))
          .orderBy(asc(scenarios.createdAt), asc(scenarios.id))
          .limit(referrersListed),
        db
          .select({ id: plans.id })
          .from(plans)
          .where(eq(plans.datasetId, row.id))
          .orderBy(asc(plans.createdAt), asc(plans.id))
          .limit(referrersListed),
        db.$count(scenarios, eq(scenarios.datasetId, row.id)),
        db.$count(plans, eq(plans.datasetId, row.id)),
      ]);
      const referencedBy: Referrer[] = [
        ...scenarioRows.map((r) => ({ kind: "scenario" as const, id: r.id })),
        ...planRows.map((r) => ({ kind: "plan" as const, id: r.id })),
      ].slice(0, referrersListed);
      const total = scenarioCount + planCount;
      // Nothing refers to it and nothing was deleted: another request deleted it first.
      if (total === 0) return { status: "notFound" };
      return { status: "inUse", referencedBy, total };
    },

    async isEmpty(organisationId: string): Promise<boolean> {
      const rows = await db
        .select({ id: datasets.id })
        .from(datasets)
        .where(eq(datasets.organisationId, organisationId))
        .limit(1);
      return rows.length === 0;
    },
  };
}

export type DatasetRepository = ReturnType<typeof createDatasetRepository>;

function withShared<T extends { organisationId: string }>(
  row: T,
): Omit<T, "organisationId"> & { shared: boolean } {
  const { organisationId, ...rest } = row;
  return { ...rest, shared: organisationId === catalogueOwnerId };
}

// Bytes are the quota's business (usage.ts), not the dataset's.
const toDataset = ({ bytes: _, ...row }: typeof datasets.$inferSelect): Dataset => withShared(row);
