// Large JSON bodies parsed off the event loop: the parse and its problems as the routes' own validators give them, and problems as values that cross threads.
import type { z } from "@hono/zod-openapi";
import type { Context, HonoRequest } from "hono";
import {
  ApiError,
  type ProblemCode,
  type ProblemItem,
  type QuotaProblem,
  validationHook,
} from "./problems.ts";

/** A problem as a plain value: an error's class does not survive the trip back from a worker. */
export interface ProblemValue {
  code: ProblemCode;
  detail: string;
  errors?: ProblemItem[];
  headers?: Record<string, string>;
  quota?: QuotaProblem;
}

export const toProblemValue = (error: ApiError): ProblemValue => ({
  code: error.code,
  detail: error.detail,
  ...(error.errors === undefined ? {} : { errors: error.errors }),
  ...(error.headers === undefined ? {} : { headers: error.headers }),
  ...(error.quota === undefined ? {} : { quota: error.quota }),
});

export const fromProblemValue = (problem: ProblemValue) =>
  new ApiError(problem.code, problem.detail, problem.errors, problem.headers, problem.quota);

/**
 * JSON.parse and the route's schema, failing exactly as Hono's validator and validationHook do on
 * the main thread: 400 malformed_json, or 422 validation_failed with a pointer per issue.
 */
export function parseJsonBody<S extends z.ZodType>(
  text: string,
  schema: S,
  /** When given, gets the milliseconds of the JSON parse (parse) and of the schema (validate). */
  phases?: Record<string, number>,
): z.output<S> {
  let value: unknown;
  const started = performance.now();
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("malformed_json", "Malformed JSON in request body");
  }
  const parsed = performance.now();
  const result = schema.safeParse(value);
  if (phases) {
    phases.parse = parsed - started;
    phases.validate = performance.now() - parsed;
  }
  if (!result.success) validationHook({ target: "json", success: false, error: result.error });
  return result.data as z.output<S>;
}

const isJson = (contentType: string | undefined) =>
  contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";

/**
 * A body as it arrived: chunks that each own their whole buffer (on Node, the one its HTTP parser
 * made for the chunk), so a worker can be given them by transfer and the event loop never copies
 * 14 MiB into fresh memory (~80 ms on this machine, page faults mostly).
 */
export type BodyChunks = Uint8Array<ArrayBuffer>[];

const ownsItsBuffer = (chunk: Uint8Array): chunk is Uint8Array<ArrayBuffer> =>
  chunk.buffer instanceof ArrayBuffer &&
  chunk.byteOffset === 0 &&
  chunk.byteLength === chunk.buffer.byteLength;

async function readChunks(stream: ReadableStream<Uint8Array>): Promise<BodyChunks> {
  const chunks: BodyChunks = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    // A view into a larger buffer is copied: moving that buffer would take what else it holds.
    chunks.push(ownsItsBuffer(chunk) ? chunk : new Uint8Array(chunk));
  }
  return chunks;
}

const lengthOf = (chunks: BodyChunks) => chunks.reduce((n, chunk) => n + chunk.byteLength, 0);

/** How much the event loop copies before it lets other work run (fresh memory: ~5 ms per MiB). */
const copySliceBytes = 512 * 1024;

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The chunks in one buffer, copied a slice at a time with the event loop let in between. */
async function joinChunks(chunks: BodyChunks): Promise<Uint8Array<ArrayBuffer>> {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const bytes = new Uint8Array(lengthOf(chunks));
  let offset = 0;
  let sinceYield = 0;
  for (const chunk of chunks) {
    if (sinceYield >= copySliceBytes) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
    sinceYield += chunk.byteLength;
  }
  return bytes;
}

/**
 * The Node request under the body, as @hono/node-server passes it (`c.env.incoming`), while
 * nothing has read it: no web stream over it, no listener, no byte taken. Under other runtimes
 * (tests' `app.request`, Workers) there is none.
 */
interface NodeIncoming {
  readableDidRead: boolean;
  readableFlowing: boolean | null;
  readableEnded: boolean;
  listenerCount(event: string): number;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

function unreadIncoming(c: Context): NodeIncoming | undefined {
  const incoming = (c.env as { incoming?: Partial<NodeIncoming> } | undefined)?.incoming;
  if (
    incoming === undefined ||
    typeof incoming.on !== "function" ||
    typeof incoming.listenerCount !== "function" ||
    incoming.readableDidRead !== false ||
    // Node-server's web stream over the body pauses it (false) as it attaches; untouched, it is null.
    incoming.readableFlowing !== null ||
    incoming.listenerCount("data") > 0
  )
    return undefined;
  return incoming as NodeIncoming;
}

/**
 * The body's chunks straight from Node's request, each in the buffer Node's HTTP parser made for
 * it. Through the web stream (`c.req.raw.body`), Node's adapter copies every chunk into fresh
 * memory (`new Uint8Array(chunk)`): four 14 MiB uploads at once cost the event loop 30-70 ms
 * stalls, up to 32 socket reads of each connection landing in one turn of the loop. In flowing
 * mode each `data` event is one chunk as it was pushed, never a concatenation.
 */
function readIncoming(incoming: NodeIncoming): Promise<BodyChunks> {
  return new Promise((resolve, reject) => {
    const chunks: BodyChunks = [];
    incoming.on("data", (chunk) => {
      chunks.push(ownsItsBuffer(chunk) ? chunk : new Uint8Array(chunk));
      // One chunk per request per turn of the loop: read as fast as it comes, libuv takes up to 32
      // socket reads (2 MiB) at once, each into fresh memory that Node's parser allocates (page
      // faults: ~3 ms per MiB here), so four uploads held the loop 20-40 ms a turn. Paused, the
      // next chunk stays in the buffer and Node stops reading the socket until we resume.
      incoming.pause();
      setImmediate(() => incoming.resume());
    });
    incoming.on("end", () => resolve(chunks));
    incoming.on("error", reject);
    // A client that hangs up mid-body ends the stream without "end" (and without an error).
    incoming.on("close", () => {
      if (!incoming.readableEnded) reject(new Error("the client closed the connection mid-body"));
    });
  });
}

const isUnread = (req: HonoRequest) =>
  Object.keys(req.bodyCache).length === 0 && !req.raw.bodyUsed && req.raw.body !== null;

/** The body's chunks as they arrived, from Node's request where there is one, else the web stream. */
function readBody(c: Context): Promise<BodyChunks> {
  const incoming = unreadIncoming(c);
  return incoming === undefined
    ? readChunks(c.req.raw.body as ReadableStream<Uint8Array>)
    : readIncoming(incoming);
}

/** Whether the body is there to read: unread, both by Hono and under it. */
const bodyUnread = (c: Context) => unreadIncoming(c) !== undefined || isUnread(c.req);

/** Keeps the bytes in Hono's body cache, where the route's validator reads them as ever. */
function cache(req: HonoRequest, bytes: Promise<Uint8Array<ArrayBuffer>>) {
  // Hono keeps the promise there (its type names what the promise resolves to).
  req.bodyCache.arrayBuffer = bytes.then((b) => b.buffer) as unknown as ArrayBuffer;
}

/**
 * The body's bytes in one buffer of their own (Idempotency-Key fingerprints them), read once and
 * kept in Hono's body cache. Transferred to a worker afterwards, the cached buffer is empty:
 * nothing may read the body after that.
 */
export async function bodyBytes(c: Context): Promise<Uint8Array<ArrayBuffer>> {
  if (!bodyUnread(c)) return new Uint8Array(await c.req.arrayBuffer());
  const bytes = readBody(c).then(joinChunks);
  cache(c.req, bytes);
  return bytes;
}

/**
 * The body when it goes to a worker: application/json (the media type the routes declare; any
 * other keeps the main thread's 415) and more than `thresholdBytes` long, as declared or, for a
 * chunked body, as received. Otherwise undefined: a body with a Content-Length is left unread for
 * the route's validator, a smaller chunked one is read into the body cache, where it finds it.
 */
export async function largeJsonBody(
  c: Context,
  thresholdBytes: number,
): Promise<BodyChunks | undefined> {
  if (!isJson(c.req.header("content-type"))) return undefined;
  if (!bodyUnread(c)) {
    const bytes = await bodyBytes(c);
    return bytes.byteLength > thresholdBytes ? [bytes] : undefined;
  }
  const declared = Number(c.req.header("content-length"));
  if (Number.isSafeInteger(declared) && declared <= thresholdBytes) return undefined;
  const chunks = await readBody(c);
  if (lengthOf(chunks) > thresholdBytes) return chunks;
  cache(c.req, joinChunks(chunks));
  return undefined;
}

/** The text of a body, decoded as Hono's `req.text()` does: UTF-8, a leading BOM dropped. */
export function bodyText(chunks: BodyChunks): string {
  const bytes = new Uint8Array(lengthOf(chunks));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** The buffers to transfer with a body rather than copy: the main thread keeps no use for them. */
export const transferOf = (chunks: BodyChunks): ArrayBuffer[] => chunks.map((c) => c.buffer);

/**
 * Where a compiled worker module sits: beside the running module when it is compiled itself,
 * else in dist/node, which `npm run build` fills (worker threads cannot load TypeScript).
 */
export function compiledWorkerUrl(moduleUrl: string, sourcePath: string): URL {
  const name = sourcePath.replace(/^.*\//, "").replace(/\.ts$/, ".js");
  return moduleUrl.endsWith(".js")
    ? new URL(`./${name}`, moduleUrl)
    : new URL(`dist/node/${sourcePath.replace(/\.ts$/, ".js")}`, rootOf(moduleUrl));
}

/** The repository root of a module under src/. */
function rootOf(moduleUrl: string): URL {
  return new URL(moduleUrl.slice(0, moduleUrl.lastIndexOf("/src/") + 1));
}
