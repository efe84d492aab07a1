// Sending events to webhooks in the Standard Webhooks scheme (https://www.standardwebhooks.com):
// signed with HMAC-SHA256 through Web Crypto, retried with exponential backoff, every attempt stored.
import type { WebhookSettings } from "../../config.ts";
import type { DeliveryAttempt, WebhookEvent } from "../../storage/records.ts";
import type { Repositories } from "../../storage/repositories.ts";
import type { Delivery } from "../../storage/webhooks.ts";
import { destinationRefusal } from "./destinations.ts";
import type { Logger, MessageQueue, ResolveHost, WebhookSender } from "./types.ts";

function base64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function unbase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const secretPrefix = "whsec_";

/** A new signing secret: `whsec_` and the base64 of 32 random bytes (the key HMAC uses). */
export function newWebhookSecret(): string {
  return secretPrefix + base64(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The `webhook-signature` header: `v1,` and the base64 HMAC-SHA256, keyed with the secret's
 * decoded bytes, of `${id}.${timestamp}.${body}`.
 */
export async function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    unbase64(secret.slice(secretPrefix.length)),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signed = await crypto.subtle.sign(
    "HMAC",
    key,
    new TextEncoder().encode(`${id}.${timestamp}.${body}`),
  );
  return `v1,${base64(new Uint8Array(signed))}`;
}

/** The wait after failed attempt `attempt` (1-based): the base, then 4 times longer each time. */
export function retryDelayMs(attempt: number, settings: WebhookSettings): number {
  return settings.retryBaseMs * 4 ** (attempt - 1);
}

/** What went wrong with a fetch, for the attempt's record (Node puts the cause below "fetch failed"). */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `no answer within ${timeoutMs} ms`;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail === undefined ? error.message : `${error.message}: ${detail}`;
}

export interface WebhookSenderDeps {
  repositories: Repositories;
  settings: WebhookSettings;
  clock: () => Date;
  log: Logger;
  /** The runtime's name resolution (Node's dns.lookup); without it only literal hosts are checked. */
  resolveHost?: ResolveHost | undefined;
  /** globalThis.fetch unless given. */
  fetch?: typeof fetch;
}

/**
 * One attempt at `delivery`, stored with its outcome; answers the wait before the next attempt, or
 * undefined when there is none (a success, the last attempt, or the webhook deleted since).
 */
export async function attemptDelivery(
  deps: WebhookSenderDeps,
  delivery: Delivery,
): Promise<number | undefined> {
  const { repositories, settings, clock } = deps;
  const send = deps.fetch ?? ((input, init) => fetch(input, init));
  // Deleted since: its deliveries went with it.
  const target = await repositories.webhooks.target(delivery.webhookId);
  if (target === undefined) return undefined;
  const number = delivery.attempts.length + 1;
  const at = clock();
  const started = performance.now();
  let statusCode: number | null = null;
  // Checked again at each attempt: a name may resolve elsewhere now than at creation.
  let error =
    (await destinationRefusal(target.url, settings.allowPrivate, deps.resolveHost)) ?? null;
  if (error === null) {
    try {
      // Real time, not the injected clock: receivers compare it with theirs.
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await send(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "anodeflow-webhooks",
          "webhook-id": delivery.id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": await signWebhook(
            target.secret,
            delivery.id,
            timestamp,
            delivery.payload,
          ),
        },
        body: delivery.payload,
        // A redirect could point anywhere, a private address included: it counts as a failure.
        redirect: "manual",
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => {});
      if (statusCode < 200 || statusCode > 299)
        error =
          statusCode >= 300 && statusCode < 400
            ? `answered ${statusCode}; redirects are not followed`
            : `answered ${statusCode}`;
    } catch (failure) {
      error = describeFailure(failure, settings.timeoutMs);
    }
  }
  const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
  const last = number >= settings.maxAttempts;
  const delayMs = error === null || last ? undefined : retryDelayMs(number, settings);
  const nextAttemptAt = delayMs === undefined ? null : new Date(clock().getTime() + delayMs);
  const record: DeliveryAttempt = {
    attempt: number,
    at: at.toISOString(),
    statusCode,
    error,
    durationMs,
    nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
  };
  const attempts = [...delivery.attempts, record];
  const status = error === null ? "succeeded" : last ? "failed" : "pending";
  await repositories.webhooks.recordAttempts(delivery.id, { status, attempts, nextAttemptAt });
  return delayMs;
}

/** The payload of an event as each of its deliveries carries it. */
const eventPayload = (event: WebhookEvent, at: Date, data: Record<string, unknown>) =>
  JSON.stringify({ type: event, timestamp: at.toISOString(), data });

/** Deliveries attempted by this process's timers (Node); pending ones resumed on start. */
export function createWebhookSender(deps: WebhookSenderDeps): WebhookSender {
  const { repositories, settings, clock, log } = deps;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let closed = false;

  /** One attempt at `delivery`, stored; the next one scheduled unless it succeeded or was the last. */
  async function attempt(delivery: Delivery): Promise<void> {
    timers.delete(delivery.id);
    if (closed) return;
    const delayMs = await attemptDelivery(deps, delivery);
    if (delayMs === undefined) return;
    // The stored attempts, read back, are where the next one counts from.
    const stored = await repositories.webhooks.delivery(delivery.id);
    if (stored !== undefined) schedule(stored, delayMs);
  }

  function schedule(delivery: Delivery, delayMs: number): void {
    if (closed) return;
    const timer = setTimeout(() => {
      attempt(delivery).catch((error: unknown) =>
        log({
          level: "error",
          msg: "webhook attempt not stored",
          delivery: delivery.id,
          error: String(error),
        }),
      );
    }, delayMs);
    // A retry due later does not keep a process alive that has nothing else to do (Node).
    (timer as { unref?: () => void }).unref?.();
    timers.set(delivery.id, timer);
  }

  return {
    async emit(organisationId: string, event: WebhookEvent, data: Record<string, unknown>) {
      if (closed) return;
      try {
        const targets = await repositories.webhooks.subscribed(organisationId, event);
        for (const target of targets) {
          const payload = eventPayload(event, clock(), data);
          schedule(await repositories.webhooks.createDelivery(target, event, payload), 0);
        }
      } catch (error) {
        log({ level: "error", msg: "webhook event not stored", event, error: String(error) });
      }
    },
    refusal: (url) => destinationRefusal(url, settings.allowPrivate, deps.resolveHost),
    async resume() {
      const pending = await repositories.webhooks.pending();
      const now = clock().getTime();
      for (const delivery of pending)
        schedule(delivery, Math.max(0, (delivery.nextAttemptAt?.getTime() ?? now) - now));
      return pending.length;
    },
    close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The longest delay a Cloudflare Queue takes for a message or a retry: 12 hours. */
export const maxQueueDelaySeconds = 43_200;

/**
 * Deliveries attempted by a queue consumer (Workers, the JOBS queue): each event's delivery is a
 * message; `consumeDelivery` makes one attempt and says after how long the message is to come
 * back (msg.retry with that delay), the same backoff as on Node. Destinations are checked by their
 * literal host only: Workers cannot resolve names.
 */
export function createQueueWebhookSender(
  deps: Omit<WebhookSenderDeps, "resolveHost"> & { queue: MessageQueue },
): WebhookSender {
  const { repositories, settings, clock, log, queue } = deps;
  const inFlight = new Set<Promise<void>>();
  const emit = async (
    organisationId: string,
    event: WebhookEvent,
    data: Record<string, unknown>,
  ) => {
    try {
      const targets = await repositories.webhooks.subscribed(organisationId, event);
      for (const target of targets) {
        const payload = eventPayload(event, clock(), data);
        const delivery = await repositories.webhooks.createDelivery(target, event, payload);
        await queue.send({ type: "delivery", deliveryId: delivery.id });
      }
    } catch (error) {
      log({ level: "error", msg: "webhook event not stored", event, error: String(error) });
    }
  };
  return {
    emit(organisationId, event, data) {
      const sending = emit(organisationId, event, data);
      inFlight.add(sending);
      return sending.finally(() => inFlight.delete(sending));
    },
    refusal: (url) => destinationRefusal(url, settings.allowPrivate, undefined),
    // The queue keeps the pending deliveries' messages: nothing to resume, no timer to stop.
    resume: async () => 0,
    close() {},
    async settled() {
      await Promise.all([...inFlight]);
    },
  };
}

/**
 * The queue consumer's side of a delivery message: one attempt, recorded; answers the seconds
 * after which the message is to be retried (the backoff's wait, at most the queue's 12 hours), or
 * undefined when it is done (delivered, out of attempts, or its webhook deleted).
 */
export async function consumeDelivery(
  deps: WebhookSenderDeps,
  deliveryId: string,
): Promise<number | undefined> {
  const delivery = await deps.repositories.webhooks.delivery(deliveryId);
  // A message delivered twice (the queue delivers at least once) attempts nothing more.
  if (delivery === undefined || delivery.status !== "pending") return undefined;
  const delayMs = await attemptDelivery({ ...deps, resolveHost: undefined }, delivery);
  return delayMs === undefined
    ? undefined
    : Math.min(maxQueueDelaySeconds, Math.ceil(delayMs / 1000));
}
