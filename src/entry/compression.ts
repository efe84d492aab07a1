// node:zlib's br and gzip as the app's response encoders (src/http/shared/compression.ts): Node has no brotli CompressionStream.

import type { Transform } from "node:stream";
import { Duplex } from "node:stream";
import { constants, createBrotliCompress, createGzip } from "node:zlib";
import type { Encoders } from "../http/shared/compression.ts";

// Node's web-stream types and the DOM's (which the app's types use) differ only in name.
const webPair = (transform: Transform) =>
  Duplex.toWeb(transform) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;

/**
 * Brotli at quality 4 (text mode) and gzip at level 6: the usual settings for answers made per
 * request. Brotli's default, 11, is for assets compressed once and took far longer per plan.
 * zlib runs on libuv's thread pool, so a large plan is compressed beside the event loop.
 */
export const nodeEncoders: Encoders = {
  br: () =>
    webPair(
      createBrotliCompress({
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 4,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
    ),
  gzip: () => webPair(createGzip({ level: 6 })),
};
