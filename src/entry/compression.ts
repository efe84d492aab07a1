// node:zlib's br and gzip as the app's response encoders (src/http/shared/compression.ts): Node has no brotli CompressionStream.

import type { Transform } from "node:stream";
import { Duplex } from "node:stream";
import { constants, createBrotliCompress, createGzip } from "node:zlib";
import type { Encoders } from "../http/shared/compression.ts";

// Node's web-stream types and the DOM's (which the app's types use) differ only in name.
const webPair = (transform: Transform) =>
  Duplex.toWeb(transform) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;

/**
 * Brotli at quality 5 (text mode) and gzip at level 6: settings for answers made per request.
 * Measured on the cities plan (165 KB) and the page (199 KB): br q4 19.8 / 66.6 KB, q5 18.2 /
 * 62.2 KB at about the same time (4-7 ms / 29-36 ms), q9 17.3 / 61.7 KB at 440 / 660 ms; gzip 6
 * 19.8 / 66.0 KB. zlib runs on libuv's thread pool, so a large plan is compressed beside the event
 * loop.
 */
export const nodeEncoders: Encoders = {
  br: () =>
    webPair(
      createBrotliCompress({
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
    ),
  gzip: () => webPair(createGzip({ level: 6 })),
};
