// The storage quota of a dataset upload, shared by the main thread and the upload worker that stores a large one itself.
import type { Quotas } from "../../config.ts";
import type { Repositories } from "../../storage/repositories.ts";
import { quotaExcess } from "../shared/quotas.ts";

/**
 * Counts the upload against the quotas, unless the organisation holds the same content already:
 * then nothing new is stored and the create answers with that dataset as ever.
 */
export async function checkDatasetQuota(
  repositories: Pick<Repositories, "usage" | "datasets">,
  quotas: Quotas,
  upload: { organisationId: string; bytes: number; hash: () => Promise<string> },
): Promise<void> {
  const { organisationId, bytes, hash } = upload;
  const usage = await repositories.usage.of(organisationId);
  const excess = quotaExcess(usage, quotas, { datasets: 1, storedBytes: bytes });
  if (excess === undefined) return;
  if (await repositories.datasets.holds(organisationId, await hash())) return;
  throw excess;
}
