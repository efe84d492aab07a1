// The answer to a DELETE of a dataset, scenario or plan, from the repository's outcome: 204 or the problem.
import type { DeleteOutcome } from "../../storage/datasets.ts";
import { ApiError } from "./problems.ts";

/** Throws the problem of an outcome other than deleted: 404, 403 shared_read_only or 409 in_use. */
export function checkDeleted(outcome: DeleteOutcome, what: string, ref: string): void {
  switch (outcome.status) {
    case "deleted":
      return;
    case "notFound":
      throw new ApiError("not_found", `No ${what} ${ref}`);
    case "shared":
      throw new ApiError(
        "shared_read_only",
        `The ${what} ${ref} is in the shared catalogue, which no organisation can change or delete`,
      );
    case "inUse": {
      const listed =
        outcome.total > outcome.referencedBy.length
          ? `; the first ${outcome.referencedBy.length} are listed`
          : "";
      throw new ApiError(
        "in_use",
        `The ${what} ${ref} is still referred to by ${outcome.total} stored item${outcome.total === 1 ? "" : "s"} (see referencedBy${listed}); delete them first, or send ?cascade=true to delete them with it`,
        undefined,
        undefined,
        undefined,
        outcome.referencedBy,
      );
    }
  }
}
