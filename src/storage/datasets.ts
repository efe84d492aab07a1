// Datasets: networks stored immutably under a content hash, so the same network is stored once.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Network } from "../../models/allocation/network.ts";
import { contentHash } from "./content-hash.ts";
import type { Db } from "./db.ts";
import type { NewId } from "./ids.ts";
import { catalogueOwnerId } from "./organisations.ts";
import { after, type Page, type PageRequest, toPage } from "./pagination.ts";
import type { DatasetStats } from "./records.ts";
import { datasets } from "./schema.ts";

export interface DatasetSummary {
  id: string;
  name: string;
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
  contentHash: datasets.contentHash,
  stats: datasets.stats,
  createdAt: datasets.createdAt,
};

/** An organisation sees its own datasets and the shared catalogue's. */
const visibleTo = (organisationId: string) =>
  inArray(datasets.organisationId, [organisationId, catalogueOwnerId]);

/** Inserts a prepared network, or finds the organisation's row with the same content hash. */
async function insertPrepared(
  deps: { db: Db; newId: NewId; clock: () => Date },
  organisationId: string,
  name: string,
  prepared: PreparedNetwork,
): Promise<{ dataset: DatasetSummary; created: boolean }> {
  const { db, newId, clock } = deps;
  const [inserted] = await db
    .insert(datasets)
    .values({
      id: newId("ds"),
      organisationId,
      name,
      contentHash: prepared.contentHash,
      // The JSON text as it is: the column's json mode would serialise it a second time.
      network: sql`${prepared.networkJson}`,
      // Counted by the database from the text it stores, for the storage quota.
      bytes: sql`length(CAST(${prepared.networkJson} AS BLOB))`,
      stats: prepared.stats,
      createdAt: clock(),
    })
    // A unique index, not a read-then-write, so two identical requests at once still get one row.
    .onConflictDoNothing({ target: [datasets.organisationId, datasets.contentHash] })
    .returning(summaryColumns);
  if (inserted !== undefined) return { dataset: withShared(inserted), created: true };
  const [existing] = await db
    .select(summaryColumns)
    .from(datasets)
    .where(
      and(
        eq(datasets.organisationId, organisationId),
        eq(datasets.contentHash, prepared.contentHash),
      ),
    );
  if (existing === undefined)
    throw new Error(`dataset ${prepared.contentHash} neither inserted nor found`);
  return { dataset: withShared(existing), created: false };
}

export function createDatasetRepository(db: Db, newId: NewId, clock: () => Date) {
  const createPrepared = (organisationId: string, name: string, prepared: PreparedNetwork) =>
    insertPrepared({ db, newId, clock }, organisationId, name, prepared);

  return {
    /**
     * Stores a validated network, or finds the organisation's dataset with the same content (then
     * `created` is false and the first name stays). The hash covers the network only, so renaming
     * does not make new content.
     */
    async create(
      organisationId: string,
      input: { name: string; network: Network },
    ): Promise<{ dataset: Dataset; created: boolean }> {
      const prepared = await prepareNetwork(input.network);
      const { dataset, created } = await createPrepared(organisationId, input.name, prepared);
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

    /** The organisation's dataset with this id, or the catalogue's. */
    async get(organisationId: string, id: string): Promise<Dataset | undefined> {
      const [row] = await db
        .select()
        .from(datasets)
        .where(and(visibleTo(organisationId), eq(datasets.id, id)));
      return row === undefined ? undefined : toDataset(row);
    },

    /** The organisation's datasets and the catalogue's, newest first. */
    async list(organisationId: string, page: PageRequest): Promise<Page<DatasetSummary>> {
      const rows = await db
        .select(summaryColumns)
        .from(datasets)
        .where(and(visibleTo(organisationId), after(datasets, page.after)))
        .orderBy(desc(datasets.createdAt), desc(datasets.id))
        .limit(page.limit + 1);
      return toPage(rows.map(withShared), page.limit);
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
