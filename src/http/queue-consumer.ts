// The JOBS queue's consumer (Workers): runs a queued job, or makes one attempt at a webhook
// delivery, with the app's own services; the runtime entry only hands over the messages.

import type { WebhookSettings } from "../config.ts";
import { defaultWebhookSettings } from "./app.ts";
import { runJobTask } from "./jobs/job-tasks.ts";
import { consumeJob } from "./shared/jobs.ts";
import type { QueueMessage, Services } from "./shared/types.ts";
import { consumeDelivery } from "./shared/webhooks.ts";

/** What to do with a message once handled: acknowledge it, or have it come back after a delay. */
export type MessageOutcome = { ack: true } | { ack: false; delaySeconds: number };

/**
 * Handles one message. A job runs to its end here (its failure is the job's problem, so it is
 * acknowledged either way); a delivery that failed with attempts left comes back after the
 * backoff's wait. What cannot even be stored throws, and the queue retries the message.
 */
export async function consumeMessage(
  services: Services,
  message: QueueMessage,
  webhookSettings: WebhookSettings = defaultWebhookSettings,
): Promise<MessageOutcome> {
  if (message.type === "job") {
    await consumeJob(services, runJobTask, message.jobId);
    // The job's events are stored and sent before the invocation ends.
    await services.webhooks?.settled?.();
    return { ack: true };
  }
  const delaySeconds = await consumeDelivery(
    {
      repositories: services.repositories,
      settings: webhookSettings,
      clock: services.clock,
      log: services.log,
    },
    message.deliveryId,
  );
  return delaySeconds === undefined ? { ack: true } : { ack: false, delaySeconds };
}
