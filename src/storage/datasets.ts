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

export function datasetStats(network: Network): DatasetStats {
  const destinations = network.smelters.length + network.ports.length;
  return {
    modes: network.modes.length,
    plants: network.plants.length,
    smelters: network.smelters.length,
    ports: network.ports.length,
    lanes: network.lanes?.length ?? network.plants.length * destinations * network.modes.length,
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

export function createDatasetRepository(db: Db, newId: NewId, clock: () => Date) {
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
      const hash = await contentHash(input.network);
      const id = newId("ds");
      const insert = db
        .insert(datasets)
        .values({
          id,
          organisationId,
          name: input.name,
          contentHash: hash,
          network: input.network,
          stats: datasetStats(input.network),
          createdAt: clock(),
        })
        // A unique index, not a read-then-write, so two identical requests at once still get one row.
        .onConflictDoNothing({ target: [datasets.organisationId, datasets.contentHash] })
        .returning();
      // Measured by the database, so a large network is not serialised once more to count it.
      const measure = db
        .update(datasets)
        .set({ bytes: sql`length(CAST(${datasets.network} AS BLOB))` })
        .where(eq(datasets.id, id));
      const [[inserted]] = await db.batch([insert, measure]);
      if (inserted !== undefined) return { dataset: toDataset(inserted), created: true };
      const [existing] = await db
        .select()
        .from(datasets)
        .where(and(eq(datasets.organisationId, organisationId), eq(datasets.contentHash, hash)));
      if (existing === undefined) throw new Error(`dataset ${hash} neither inserted nor found`);
      return { dataset: toDataset(existing), created: false };
    },

    /** Whether the organisation already stores this network (so storing it again adds nothing). */
    async holds(organisationId: string, network: Network): Promise<boolean> {
      const hash = await contentHash(network);
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
