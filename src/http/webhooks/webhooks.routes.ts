// Contracts of /v1/webhooks: where the organisation's events are sent, and every delivery made.
import { createRoute, z } from "@hono/zod-openapi";
import { plainText } from "../../../models/text.ts";
import { deliveryStatuses, webhookEvents } from "../../storage/records.ts";
import { authorised } from "../shared/auth.ts";
import { requestExamples } from "../shared/examples.ts";
import { jsonBodyProblems, keyProblems, problems } from "../shared/problems.ts";
import { idParamSchema, pageQuerySchema, pageSchema, timestampSchema } from "../shared/schemas.ts";

const eventSchema = z
  .enum(webhookEvents)
  .describe(
    "job.succeeded, job.failed, job.cancelled: a job (Prefer: respond-async) ended with that status; plan.created: a plan was stored (POST /v1/scenarios/{id}/plans or a batch)",
  );

export const newWebhookSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .describe(
        "Where each event is POSTed. Loopback, private, link-local and unique-local destinations (by the host and by what it resolves to) are refused unless the server sets WEBHOOK_ALLOW_PRIVATE=true",
      )
      .openapi({ example: "https://erp.example.com/hooks/anodeflow" }),
    events: z
      .array(eventSchema)
      .min(1)
      .refine((events) => new Set(events).size === events.length, "an event is listed twice")
      .describe("The events to send"),
    description: plainText(1, 500).optional().openapi({ example: "nightly batches to the ERP" }),
  })
  .openapi("NewWebhook");

export const webhookSchema = z
  .object({
    id: z.string().openapi({ example: "wh_5k2m9x4q7r3t8v0z" }),
    url: z.string(),
    events: z.array(eventSchema),
    description: z.string().nullable(),
    createdAt: timestampSchema,
  })
  .openapi("Webhook");

export const createdWebhookSchema = webhookSchema
  .extend({
    secret: z
      .string()
      .describe(
        "The signing secret, `whsec_` and base64: shown this once. Verify each delivery with it (Standard Webhooks: base64 HMAC-SHA256, keyed with the base64-decoded part after `whsec_`, of `{webhook-id}.{webhook-timestamp}.{body}`, sent as `v1,<signature>` in webhook-signature)",
      )
      .openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw1o8D2Frjw4E=" }),
  })
  .openapi("CreatedWebhook");

export const deliverySchema = z
  .object({
    id: z
      .string()
      .describe("Also the webhook-id header, the same on every attempt: deduplicate by it")
      .openapi({ example: "dl_9q3k7m2x8r4t0v6z" }),
    webhookId: z.string(),
    event: eventSchema,
    status: z
      .enum(deliveryStatuses)
      .describe(
        "pending while attempts remain, succeeded once the destination answered 2xx, failed after the last attempt",
      ),
    payload: z
      .string()
      .describe(
        'The JSON body sent, byte for byte as signed: `{ "type": event, "timestamp", "data" }`',
      ),
    attempts: z
      .array(
        z.object({
          attempt: z.number().int().describe("1 for the first"),
          at: z.iso.datetime().describe("When it was sent (UTC, ISO 8601)"),
          statusCode: z
            .number()
            .int()
            .nullable()
            .describe("The destination's HTTP status; null when none came"),
          error: z
            .string()
            .nullable()
            .describe(
              "Why it failed (network error, timeout, refused address, status); null on success",
            ),
          durationMs: z.number().describe("Milliseconds until the answer or the failure"),
          nextAttemptAt: z.iso
            .datetime()
            .nullable()
            .describe("When the next attempt is due; null after a success or the last attempt"),
        }),
      )
      .describe("Every attempt, oldest first"),
    nextAttemptAt: z.iso.datetime().nullable().describe("When the next attempt is due, if any"),
    createdAt: timestampSchema,
  })
  .openapi("WebhookDelivery");

const webhookParams = idParamSchema("Webhook", "wh_5k2m9x4q7r3t8v0z");
const unavailable = "webhooks_unavailable" as const;

export const create = createRoute({
  ...authorised("admin"),
  method: "post",
  path: "/v1/webhooks",
  tags: ["Webhooks"],
  operationId: "createWebhook",
  summary: "Send the organisation's events to a URL",
  description:
    "Each event is POSTed as JSON, signed in the Standard Webhooks scheme (headers webhook-id, webhook-timestamp, webhook-signature) with the secret in this answer, which is shown once. A destination that does not answer 2xx is tried again after WEBHOOK_RETRY_BASE_MS, then 4 times longer each time, WEBHOOK_MAX_ATTEMPTS attempts in all (30 s, 2 min, 8 min, 32 min by default); redirects are not followed. On Cloudflare Workers only with the JOBS queue bound (else 501 webhooks_unavailable), where destinations are checked by their literal host alone (no name resolution).",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: newWebhookSchema, example: requestExamples.newWebhook },
      },
    },
  },
  responses: {
    201: {
      description: "Created; the answer holds the signing secret, once",
      headers: { Location: { schema: { type: "string" }, description: "URL of the webhook" } },
      content: { "application/json": { schema: createdWebhookSchema } },
    },
    ...problems(...jsonBodyProblems, ...keyProblems, "destination_not_allowed", unavailable),
  },
});

export const list = createRoute({
  ...authorised("admin"),
  method: "get",
  path: "/v1/webhooks",
  tags: ["Webhooks"],
  operationId: "listWebhooks",
  summary: "List the organisation's webhooks, newest first",
  responses: {
    200: {
      description: "Every webhook of the organisation; never a secret",
      content: { "application/json": { schema: z.object({ items: z.array(webhookSchema) }) } },
    },
    ...problems(...keyProblems, unavailable),
  },
});

export const get = createRoute({
  ...authorised("admin"),
  method: "get",
  path: "/v1/webhooks/{id}",
  tags: ["Webhooks"],
  operationId: "getWebhook",
  summary: "A webhook (without its secret)",
  request: { params: webhookParams },
  responses: {
    200: { description: "The webhook", content: { "application/json": { schema: webhookSchema } } },
    ...problems(...keyProblems, "not_found", unavailable),
  },
});

export const remove = createRoute({
  ...authorised("admin"),
  method: "delete",
  path: "/v1/webhooks/{id}",
  tags: ["Webhooks"],
  operationId: "deleteWebhook",
  summary: "Delete a webhook and its deliveries",
  description: "No event is sent to it from now on; a retry that was due is dropped.",
  request: { params: webhookParams },
  responses: {
    204: { description: "Deleted" },
    ...problems(...keyProblems, "not_found", unavailable),
  },
});

export const deliveries = createRoute({
  ...authorised("admin"),
  method: "get",
  path: "/v1/webhooks/{id}/deliveries",
  tags: ["Webhooks"],
  operationId: "listWebhookDeliveries",
  summary: "A webhook's deliveries, newest first, with every attempt",
  request: { params: webhookParams, query: pageQuerySchema },
  responses: {
    200: {
      description: "A page of deliveries",
      content: {
        "application/json": { schema: pageSchema(deliverySchema, "WebhookDeliveryPage") },
      },
    },
    ...problems(...keyProblems, "invalid_parameter", "not_found", unavailable),
  },
});
