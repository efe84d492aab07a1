// The quotas of a dataset upload: held while its row is written, waived for content the organisation stores already.
import { withQuota } from "../shared/quotas.ts";
import type { Services } from "../shared/types.ts";

/**
 * Runs `write` with one dataset and `bytes` (the stored JSON's UTF-8 length) held against the
 * organisation's quotas. Past a quota, an upload of content the organisation holds still answers
 * with that dataset, as ever: nothing new is stored.
 */
export function withDatasetQuota<T>(
  services: Pick<Services, "repositories" | "limits" | "quotaHolds">,
  organisationId: string,
  upload: { bytes: number; contentHash: string },
  write: () => Promise<T>,
): Promise<T> {
  return withQuota(
    services,
    organisationId,
    { datasets: 1, storedBytes: upload.bytes },
    write,
    () => services.repositories.datasets.holds(organisationId, upload.contentHash),
  );
}
