// The drizzle schema of the database; drizzle-kit generates the migrations in ./migrations from it.
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { Network } from "../../models/allocation/network.ts";
import type { Plan, PlanTotals } from "../../models/allocation/plan-schema.ts";
import type { Change } from "../../models/allocation/scenario.ts";
import type {
  DatasetStats,
  DeliveryAttempt,
  DeliveryStatus,
  JobKind,
  JobProblem,
  JobProgress,
  JobStatus,
  Provenance,
  Role,
  WebhookEvent,
} from "./records.ts";

/** A plan as stored: its flows live in plan_flows, one row each. */
export type PlanWithoutFlows = Omit<Plan, "flows">;

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull();

export const datasets = sqliteTable(
  "datasets",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    name: text("name").notNull(),
    /**
     * A stable handle ([a-z0-9-], e.g. china-2024) accepted wherever a dataset id is; unique in the
     * organisation and, checked on create, against the shared catalogue's.
     */
    slug: text("slug").notNull(),
    contentHash: text("content_hash").notNull(),
    network: text("network", { mode: "json" }).$type<Network>().notNull(),
    stats: text("stats", { mode: "json" }).$type<DatasetStats>().notNull(),
    /** UTF-8 bytes of the stored network JSON: what the organisation's storage quota counts. */
    bytes: integer("bytes").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    // Identical content in one organisation is one dataset: creation is idempotent.
    uniqueIndex("datasets_organisation_hash").on(t.organisationId, t.contentHash),
    uniqueIndex("datasets_organisation_slug").on(t.organisationId, t.slug),
    index("datasets_organisation_created").on(t.organisationId, t.createdAt, t.id),
    // Usage sums bytes from the index alone: in the row, bytes sits past the network's JSON, so
    // reading it walked every stored network's overflow pages (~0.1 s per 4 x 14 MiB on the
    // event loop, growing with what is stored).
    index("datasets_organisation_bytes").on(t.organisationId, t.bytes),
  ],
);

export const scenarios = sqliteTable(
  "scenarios",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    datasetId: text("dataset_id")
      .notNull()
      .references(() => datasets.id),
    name: text("name").notNull(),
    description: text("description"),
    changes: text("changes", { mode: "json" }).$type<Change[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("scenarios_organisation_created").on(t.organisationId, t.createdAt, t.id),
    index("scenarios_dataset").on(t.datasetId),
  ],
);

export const plans = sqliteTable(
  "plans",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    scenarioId: text("scenario_id")
      .notNull()
      .references(() => scenarios.id),
    // Denormalised from the scenario so plans can be listed by dataset without a join.
    datasetId: text("dataset_id")
      .notNull()
      .references(() => datasets.id),
    status: text("status").$type<Plan["status"]>().notNull(),
    objectiveValue: real("objective_value"),
    totals: text("totals", { mode: "json" }).$type<PlanTotals>(),
    plan: text("plan", { mode: "json" }).$type<PlanWithoutFlows>().notNull(),
    provenance: text("provenance", { mode: "json" }).$type<Provenance>().notNull(),
    /** UTF-8 bytes of the plan's JSON, flows included: what the storage quota counts. */
    bytes: integer("bytes").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index("plans_organisation_created").on(t.organisationId, t.createdAt, t.id),
    index("plans_scenario").on(t.scenarioId),
    index("plans_dataset").on(t.datasetId),
    // As datasets_organisation_bytes: usage never reads a plan's JSON to sum its bytes.
    index("plans_organisation_bytes").on(t.organisationId, t.bytes),
  ],
);

export const planFlows = sqliteTable(
  "plan_flows",
  {
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** Position in the plan's flow list, which keeps the plan's order. */
    position: integer("position").notNull(),
    fromId: text("from_id").notNull(),
    toId: text("to_id").notNull(),
    modeId: text("mode_id").notNull(),
    tonnes: real("tonnes").notNull(),
    distanceKm: real("distance_km").notNull(),
    costPerT: real("cost_per_t").notNull(),
    cost: real("cost").notNull(),
    co2T: real("co2_t").notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.position] })],
);

/** Who owns data: each API key belongs to one organisation. */
export const organisations = sqliteTable("organisations", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: createdAt(),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    role: text("role").$type<Role>().notNull(),
    /** A note on who holds the key, such as the system that calls with it. */
    name: text("name"),
    /** sha-256 of the secret, hex: the secret itself is shown once and never stored. */
    secretHash: text("secret_hash").notNull(),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("api_keys_organisation").on(t.organisationId, t.createdAt)],
);

/** The first answer to each Idempotency-Key, so a retried create returns it instead of acting twice. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    organisationId: text("organisation_id").notNull(),
    key: text("key").notNull(),
    /** sha-256 of method, path and body: the same key with another request is refused. */
    fingerprint: text("fingerprint").notNull(),
    /** Null while the first request runs. */
    status: integer("status"),
    contentType: text("content_type"),
    location: text("location"),
    body: text("body"),
    /** A running first request holds the key until then; after it, a crash is assumed. */
    lockedUntil: integer("locked_until", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.key] }),
    index("idempotency_keys_expires").on(t.expiresAt),
  ],
);

/**
 * Work answered later (`Prefer: respond-async`): its state, what it has done so far, and its
 * result or the problem that ended it.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    /**
     * What the job does: "sweep" (POST /v1/sweeps), "batch" (POST /v1/batches), "plan" (POST
     * /v1/scenarios/{id}/plans) or "dataset" (POST /v1/datasets).
     */
    kind: text("kind").$type<JobKind>().notNull(),
    status: text("status").$type<JobStatus>().notNull(),
    progress: text("progress", { mode: "json" }).$type<JobProgress>().notNull(),
    result: text("result", { mode: "json" }).$type<unknown>(),
    problem: text("problem", { mode: "json" }).$type<JobProblem>(),
    /**
     * What a queued job is to do (a JobTask, src/http/shared/jobs.ts), for the queue consumer that
     * runs it (Workers); null for jobs run in the process that took the request (Node).
     */
    task: text("task", { mode: "json" }).$type<unknown>(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("jobs_organisation_created").on(t.organisationId, t.createdAt, t.id),
    index("jobs_status").on(t.status),
  ],
);

/** Where an organisation wants its events sent, signed with the secret (Standard Webhooks). */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<WebhookEvent[]>().notNull(),
    description: text("description"),
    /**
     * `whsec_` + base64 of the signing key. Kept as is, unlike an API key's hash: every delivery
     * is signed with it. Shown to the caller once, at creation.
     */
    secret: text("secret").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("webhooks_organisation_created").on(t.organisationId, t.createdAt, t.id)],
);

/** One event for one webhook: the exact body sent, and every attempt at sending it. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    /** Also the `webhook-id` header, the same on every attempt, so receivers can deduplicate. */
    id: text("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event").$type<WebhookEvent>().notNull(),
    /** The JSON body as signed and sent, byte for byte. */
    payload: text("payload").notNull(),
    status: text("status").$type<DeliveryStatus>().notNull(),
    attempts: text("attempts", { mode: "json" }).$type<DeliveryAttempt[]>().notNull(),
    /** When the next attempt is due; null once the delivery has ended. */
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("webhook_deliveries_webhook_created").on(t.webhookId, t.createdAt, t.id),
    index("webhook_deliveries_status").on(t.status),
  ],
);
