// Handlers of the webhook routes.
import type { Delivery, Webhook } from "../../storage/webhooks.ts";
import { ApiError } from "../shared/problems.ts";
import { pageRequest } from "../shared/schemas.ts";
import type { AppRouteHandler, Services, WebhookSender } from "../shared/types.ts";
import { newWebhookSecret } from "../shared/webhooks.ts";
import type * as routes from "./webhooks.routes.ts";

/** The sender, or the 501 that says this deployment (Workers) has none. */
function senderOf(services: Services): WebhookSender {
  if (services.webhooks === undefined)
    throw new ApiError(
      "webhooks_unavailable",
      "Webhooks are off on this deployment (Cloudflare Workers without a JOBS queue binding): its work ends with each request, so no delivery could be retried. Bind the queue (README, Cloudflare Workers) or use the Node server.",
    );
  return services.webhooks;
}

const toWebhookBody = (webhook: Webhook) => ({
  id: webhook.id,
  url: webhook.url,
  events: webhook.events,
  description: webhook.description,
  createdAt: webhook.createdAt.toISOString(),
});

const toDeliveryBody = (delivery: Delivery) => ({
  id: delivery.id,
  webhookId: delivery.webhookId,
  event: delivery.event,
  status: delivery.status,
  payload: delivery.payload,
  attempts: delivery.attempts,
  nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
  createdAt: delivery.createdAt.toISOString(),
});

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { services, organisationId } = c.var;
  const sender = senderOf(services);
  const body = c.req.valid("json");
  const refused = await sender.refusal(body.url);
  if (refused !== undefined)
    throw new ApiError("destination_not_allowed", `Webhooks may not deliver to ${body.url}`, [
      { pointer: "/url", message: refused },
    ]);
  const secret = newWebhookSecret();
  const webhook = await services.repositories.webhooks.create(organisationId, body, secret);
  c.header("Location", `/v1/webhooks/${webhook.id}`);
  return c.json({ ...toWebhookBody(webhook), secret }, 201);
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { services, organisationId } = c.var;
  senderOf(services);
  const items = await services.repositories.webhooks.list(organisationId);
  return c.json({ items: items.map(toWebhookBody) }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { services, organisationId } = c.var;
  senderOf(services);
  const { id } = c.req.valid("param");
  const webhook = await services.repositories.webhooks.get(organisationId, id);
  if (webhook === undefined) throw new ApiError("not_found", `No webhook ${id}`);
  return c.json(toWebhookBody(webhook), 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const { services, organisationId } = c.var;
  senderOf(services);
  const { id } = c.req.valid("param");
  if (!(await services.repositories.webhooks.delete(organisationId, id)))
    throw new ApiError("not_found", `No webhook ${id}`);
  return c.body(null, 204);
};

export const deliveries: AppRouteHandler<typeof routes.deliveries> = async (c) => {
  const { services, organisationId } = c.var;
  senderOf(services);
  const { id } = c.req.valid("param");
  const page = await services.repositories.webhooks.deliveries(
    organisationId,
    id,
    pageRequest(c.req.valid("query")),
  );
  if (page === undefined) throw new ApiError("not_found", `No webhook ${id}`);
  return c.json({ items: page.items.map(toDeliveryBody), nextCursor: page.nextCursor }, 200);
};
