// Sending events to webhooks in the Standard Webhooks scheme (https://www.standardwebhooks.com):
// signed with HMAC-SHA256 through Web Crypto, retried with exponential backoff, every attempt stored.
import type { WebhookSettings } from "../../config.ts";
import type { DeliveryAttempt, WebhookEvent } from "../../storage/records.ts";
import type { Repositories } from "../../storage/repositories.ts";
import type { Delivery } from "../../storage/webhooks.ts";
import { destinationRefusal } from "./destinations.ts";
import type { Logger, ResolveHost, WebhookSender } from "./types.ts";

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

export function createWebhookSender(deps: WebhookSenderDeps): WebhookSender {
  const { repositories, settings, clock, log } = deps;
  const send = deps.fetch ?? ((input, init) => fetch(input, init));
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let closed = false;

  const refusal = (url: string) => destinationRefusal(url, settings.allowPrivate, deps.resolveHost);

  /** One attempt at `delivery`, stored; the next one scheduled unless it succeeded or was the last. */
  async function attempt(delivery: Delivery): Promise<void> {
    timers.delete(delivery.id);
    if (closed) return;
    // Deleted since: its deliveries went with it.
    const target = await repositories.webhooks.target(delivery.webhookId);
    if (target === undefined) return;
    const number = delivery.attempts.length + 1;
    const at = clock();
    const started = performance.now();
    let statusCode: number | null = null;
    // Checked again at each attempt: a name may resolve elsewhere now than at creation.
    let error = (await refusal(target.url)) ?? null;
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
    if (delayMs !== undefined) schedule({ ...delivery, attempts, status, nextAttemptAt }, delayMs);
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
          const payload = JSON.stringify({ type: event, timestamp: clock().toISOString(), data });
          schedule(await repositories.webhooks.createDelivery(target, event, payload), 0);
        }
      } catch (error) {
        log({ level: "error", msg: "webhook event not stored", event, error: String(error) });
      }
    },
    refusal,
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
