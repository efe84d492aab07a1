// Webhooks (where an organisation's events go) and their deliveries (each event, every attempt).
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "./db.ts";
import type { NewId } from "./ids.ts";
import { after, type Page, type PageRequest, toPage } from "./pagination.ts";
import type { DeliveryAttempt, DeliveryStatus, WebhookEvent } from "./records.ts";
import { webhookDeliveries, webhooks } from "./schema.ts";

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  createdAt: Date;
}

/** A webhook as the sender needs it: with its organisation and signing secret. */
export interface WebhookTarget extends Webhook {
  organisationId: string;
  secret: string;
}

export interface Delivery {
  id: string;
  webhookId: string;
  event: WebhookEvent;
  payload: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function createWebhookRepository(db: Db, newId: NewId, clock: () => Date) {
  return {
    async create(
      organisationId: string,
      input: { url: string; events: WebhookEvent[]; description?: string | undefined },
      secret: string,
    ): Promise<Webhook> {
      const [row] = await db
        .insert(webhooks)
        .values({
          id: newId("wh"),
          organisationId,
          url: input.url,
          events: input.events,
          description: input.description ?? null,
          secret,
          createdAt: clock(),
        })
        .returning();
      if (row === undefined) throw new Error("webhook insert returned no row");
      return toWebhook(row);
    },

    /** Every webhook of the organisation, newest first (never their secrets). */
    async list(organisationId: string): Promise<Webhook[]> {
      const rows = await db
        .select()
        .from(webhooks)
        .where(eq(webhooks.organisationId, organisationId))
        .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
      return rows.map(toWebhook);
    },

    async get(organisationId: string, id: string): Promise<Webhook | undefined> {
      const [row] = await db
        .select()
        .from(webhooks)
        .where(and(eq(webhooks.organisationId, organisationId), eq(webhooks.id, id)));
      return row === undefined ? undefined : toWebhook(row);
    },

    /** Deletes the webhook and its deliveries; false when the organisation has no such webhook. */
    async delete(organisationId: string, id: string): Promise<boolean> {
      const [row] = await db
        .select({ id: webhooks.id })
        .from(webhooks)
        .where(and(eq(webhooks.organisationId, organisationId), eq(webhooks.id, id)));
      if (row === undefined) return false;
      // SQLite enforces the cascade only with PRAGMA foreign_keys on, so it is said here.
      await db.batch([
        db.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)),
        db.delete(webhooks).where(eq(webhooks.id, id)),
      ]);
      return true;
    },

    /** The organisation's webhooks subscribed to `event`, with their secrets. */
    async subscribed(organisationId: string, event: WebhookEvent): Promise<WebhookTarget[]> {
      const rows = await db
        .select()
        .from(webhooks)
        .where(eq(webhooks.organisationId, organisationId));
      return rows.filter((row) => row.events.includes(event)).map(toTarget);
    },

    /** A webhook with its secret, by id alone (the sender's own lookups); undefined once deleted. */
    async target(id: string): Promise<WebhookTarget | undefined> {
      const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
      return row === undefined ? undefined : toTarget(row);
    },

    async createDelivery(
      target: WebhookTarget,
      event: WebhookEvent,
      payload: string,
    ): Promise<Delivery> {
      const now = clock();
      const [row] = await db
        .insert(webhookDeliveries)
        .values({
          id: newId("dl"),
          organisationId: target.organisationId,
          webhookId: target.id,
          event,
          payload,
          status: "pending",
          attempts: [],
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (row === undefined) throw new Error("delivery insert returned no row");
      return toDelivery(row);
    },

    /** Stores the attempts so far and where the delivery stands. */
    async recordAttempts(
      id: string,
      state: { status: DeliveryStatus; attempts: DeliveryAttempt[]; nextAttemptAt: Date | null },
    ): Promise<void> {
      await db
        .update(webhookDeliveries)
        .set({ ...state, updatedAt: clock() })
        .where(eq(webhookDeliveries.id, id));
    },

    /** A webhook's deliveries, newest first; undefined when the organisation has no such webhook. */
    async deliveries(
      organisationId: string,
      webhookId: string,
      page: PageRequest,
    ): Promise<Page<Delivery> | undefined> {
      if ((await this.get(organisationId, webhookId)) === undefined) return undefined;
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.organisationId, organisationId),
            eq(webhookDeliveries.webhookId, webhookId),
            after(webhookDeliveries, page.after),
          ),
        )
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(page.limit + 1);
      return toPage(rows.map(toDelivery), page.limit);
    },

    /** A delivery by id alone (a queue consumer's lookup); undefined once its webhook is deleted. */
    async delivery(id: string): Promise<Delivery | undefined> {
      const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
      return row === undefined ? undefined : toDelivery(row);
    },

    /** Deliveries with attempts left, of every organisation: a restarted server resumes them. */
    async pending(): Promise<Delivery[]> {
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.status, "pending"));
      return rows.map(toDelivery);
    },
  };
}

export type WebhookRepository = ReturnType<typeof createWebhookRepository>;

function toWebhook(row: typeof webhooks.$inferSelect): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    createdAt: row.createdAt,
  };
}

function toTarget(row: typeof webhooks.$inferSelect): WebhookTarget {
  return { ...toWebhook(row), organisationId: row.organisationId, secret: row.secret };
}

function toDelivery(row: typeof webhookDeliveries.$inferSelect): Delivery {
  const { organisationId: _, ...delivery } = row;
  return delivery;
}
