// A dataset upload prepared on a worker thread: what crosses between the threads, and what the dataset repository stores of it.
import type { PreparedNetwork } from "../../storage/datasets.ts";
import type { DatasetStats } from "../../storage/records.ts";

/** An upload ready to store; its JSON as bytes, which move between threads without a copy. */
export interface PreparedUpload {
  name: string;
  /** The slug asked for; undefined: the name's. */
  slug: string | undefined;
  contentHash: string;
  stats: DatasetStats;
  /** The validated network's JSON text, UTF-8: its length is what the storage quota counts. */
  json: Uint8Array<ArrayBuffer>;
}

/** The upload as the dataset repository stores it. */
export const toPreparedNetwork = (upload: PreparedUpload): PreparedNetwork => ({
  contentHash: upload.contentHash,
  stats: upload.stats,
  networkJson: new TextDecoder().decode(upload.json),
});
