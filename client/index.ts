// The typed anodeflow client: openapi-fetch over the generated types (schema.d.ts), plus the API
// key, bounded retries that honour Retry-After, an Idempotency-Key on every POST, problem+json as
// a typed error, and waiting for jobs (Prefer: respond-async).
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.d.ts";

export type { components, paths };
export type Schemas = components["schemas"];
export type Job = Schemas["Job"];
export type ProblemBody = Schemas["Problem"];
export type ProblemCode = ProblemBody["code"];

/** Send as `headers` on POST /v1/sweeps or /v1/batches to get a job (202, Location) instead of waiting. */
export const respondAsync = { Prefer: "respond-async" } as const;

/**
 * An answer that is not a success: the server's problem+json (RFC 9457), or one made from a
 * failed job's problem or from an answer that is not a problem (a proxy's, say: code
 * `unexpected_response`).
 */
export class AnodeflowProblem extends Error {
  override name = "AnodeflowProblem";
  readonly status: number;
  /** The server's stable code; a failed job may carry one the document does not list (job_interrupted). */
  readonly code: ProblemCode | "unexpected_response" | (string & {});
  readonly detail: string;
  /** Each offending field (pointer into the body, or a query parameter), when the server lists them. */
  readonly errors: NonNullable<ProblemBody["errors"]>;
  /** X-Request-Id of the answer: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** The whole body as received, for fields this class does not lift (quota, ...). */
  readonly body: unknown;

  constructor(problem: {
    status: number;
    code: string;
    detail: string;
    /** A problem's or a failed job's `errors`. */
    errors?: unknown;
    requestId?: string | undefined;
    body?: unknown;
  }) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.errors = Array.isArray(problem.errors) ? (problem.errors as this["errors"]) : [];
    this.requestId = problem.requestId;
    this.body = problem.body ?? problem;
  }
}

/** A job ended as cancelled (DELETE /v1/jobs/{id}) before it had a result. */
export class JobCancelled extends Error {
  override name = "JobCancelled";
  constructor(readonly job: Job) {
    super(`job ${job.id} was cancelled`);
  }
}

/** waitForJob waited its `maxWaitMs` and the job still runs; the job goes on on the server. */
export class JobStillRunning extends Error {
  override name = "JobStillRunning";
  constructor(
    readonly job: Job,
    readonly waitedMs: number,
  ) {
    super(`job ${job.id} still running after ${waitedMs} ms of waiting`);
  }
}

export interface RetryOptions {
  /** Tries of one request in all, the first included (default 4). */
  maxAttempts?: number;
  /** Wait before the next try when the answer has no Retry-After: this, doubled each try (default 500). */
  baseDelayMs?: number;
  /**
   * The longest wait the client accepts (default 60 000): an answer whose Retry-After asks for
   * more is returned (and surfaces as its problem) instead of waited for.
   */
  maxDelayMs?: number;
}

export interface AnodeflowClientOptions {
  /** The server, without /v1: `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** `afk_...`, sent as `Authorization: Bearer`; leave out for a server with AUTH=off. */
  apiKey?: string;
  /** Defaults to the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  retry?: RetryOptions;
  /** How the client waits between tries and polls (tests pass one that records and resolves at once). */
  sleep?: (ms: number) => Promise<void>;
  /** Makes each POST's Idempotency-Key (default crypto.randomUUID). */
  idempotencyKey?: () => string;
}

export interface WaitOptions {
  /** Wait between polls when the job's answer has no Retry-After (default 1000). */
  pollIntervalMs?: number;
  /** Give up (JobStillRunning) once the waits add up to this (default 600 000). */
  maxWaitMs?: number;
  /** Called with each state read while the job runs. */
  onProgress?: (job: Job) => void;
}

/** The success answer of an openapi-fetch call (its problem answers throw AnodeflowProblem). */
type CallResult<D> = Promise<{ data?: D; error?: unknown; response: Response }>;

export type AnodeflowClient = Client<paths> & {
  /**
   * The same authenticated, retrying fetch the typed calls use, for what the document does not
   * type (uploading raw file bytes, say). It returns error answers; it does not throw them.
   */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Polls GET /v1/jobs/{id} until the job is no longer running; `job` is its id or Location. */
  waitForJob(job: string, options?: WaitOptions): Promise<Job>;
  /**
   * The result of a call sent with `headers: respondAsync`: on 202 it waits for the job and
   * returns its result (a failed job throws its problem as AnodeflowProblem); a server that ran it
   * at once (Workers ignore the preference) answered with the result itself.
   */
  jobResult<D>(call: CallResult<D>, options?: WaitOptions): Promise<Exclude<D, Job>>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110 10.2.3); undefined if absent or unreadable. */
export function retryAfterMs(response: Response, now: () => number = Date.now): number | undefined {
  const value = response.headers.get("retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/** 429 and 503 say nothing was done; a 409 idempotency_key_in_use says the first try still runs. */
async function isRetryable(response: Response): Promise<boolean> {
  if (response.status === 429 || response.status === 503) return true;
  if (response.status !== 409) return false;
  try {
    const body = (await response.clone().json()) as { code?: unknown };
    return body.code === "idempotency_key_in_use";
  } catch {
    return false;
  }
}

/** The AnodeflowProblem of an error answer, for answers read through the raw `client.fetch`. */
export async function toProblem(response: Response): Promise<AnodeflowProblem> {
  const text = await response.text();
  const requestId = response.headers.get("x-request-id") ?? undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const problem = body as Partial<ProblemBody> | undefined;
  if (typeof problem?.code === "string" && typeof problem.detail === "string") {
    return new AnodeflowProblem({
      status: response.status,
      code: problem.code,
      detail: problem.detail,
      errors: problem.errors,
      requestId: problem.requestId ?? requestId,
      body,
    });
  }
  return new AnodeflowProblem({
    status: response.status,
    code: "unexpected_response",
    detail: `${response.status} ${response.statusText}: ${text.slice(0, 200)}`,
    requestId,
    body: text,
  });
}

export function createAnodeflowClient(options: AnodeflowClientOptions): AnodeflowClient {
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const sleep = options.sleep ?? defaultSleep;
  const newKey = options.idempotencyKey ?? (() => crypto.randomUUID());
  const maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 4);
  const baseDelayMs = options.retry?.baseDelayMs ?? 500;
  const maxDelayMs = options.retry?.maxDelayMs ?? 60_000;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");

  const send = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const first =
      typeof input === "string" && input.startsWith("/")
        ? new Request(`${baseUrl}${input}`, init)
        : new Request(input, init);
    const headers = new Headers(first.headers);
    if (options.apiKey !== undefined && !headers.has("authorization"))
      headers.set("authorization", `Bearer ${options.apiKey}`);
    // One key for every try of this POST: a try that reached the server before its answer was
    // lost is answered from the first, not done twice.
    if (first.method === "POST" && !headers.has("idempotency-key"))
      headers.set("idempotency-key", newKey());
    const request = new Request(first, { headers });
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= maxAttempts;
      let response: Response;
      try {
        response = await baseFetch(last ? request : request.clone());
      } catch (error) {
        // A lost connection is tried again only for reads: a POST or DELETE may have been done.
        const safe = request.method === "GET" || request.method === "HEAD";
        if (last || !safe || !(error instanceof TypeError)) throw error;
        await sleep(baseDelayMs * 2 ** (attempt - 1));
        continue;
      }
      if (last || !(await isRetryable(response))) return response;
      const wait = retryAfterMs(response) ?? Math.min(baseDelayMs * 2 ** (attempt - 1), maxDelayMs);
      if (wait > maxDelayMs) return response;
      await response.body?.cancel();
      await sleep(wait);
    }
  };

  const problems: Middleware = {
    async onResponse({ response }) {
      if (!response.ok) throw await toProblem(response);
      return undefined;
    },
  };
  const api = createClient<paths>({ baseUrl, fetch: (request: Request) => send(request) });
  api.use(problems);

  const jobId = (job: string) => job.replace(/^.*\/v1\/jobs\//, "").replace(/[?#].*$/, "");

  const waitForJob = async (job: string, wait: WaitOptions = {}): Promise<Job> => {
    const pollIntervalMs = wait.pollIntervalMs ?? 1000;
    const maxWaitMs = wait.maxWaitMs ?? 600_000;
    let waitedMs = 0;
    for (;;) {
      const { data, response } = await api.GET("/v1/jobs/{id}", {
        params: { path: { id: jobId(job) } },
      });
      if (data === undefined) throw new Error(`GET /v1/jobs/${jobId(job)} answered no job`);
      if (data.status !== "running") return data;
      wait.onProgress?.(data);
      const next = retryAfterMs(response) ?? pollIntervalMs;
      if (waitedMs + next > maxWaitMs) throw new JobStillRunning(data, waitedMs);
      await sleep(next);
      waitedMs += next;
    }
  };

  const jobResult = async <D>(call: CallResult<D>, wait?: WaitOptions) => {
    const { data, response } = await call;
    if (response.status !== 202) return data as Exclude<D, Job>;
    const location = response.headers.get("location") ?? (data as Job | undefined)?.id;
    if (location === undefined || location === null) throw new Error("a 202 without a job");
    const job = await waitForJob(location, wait);
    if (job.status === "succeeded") return job.result as Exclude<D, Job>;
    if (job.status === "cancelled") throw new JobCancelled(job);
    const problem = job.problem ?? { status: 500, code: "internal", detail: "failed" };
    throw new AnodeflowProblem({ ...problem, body: job });
  };

  return Object.assign(api, { fetch: send, waitForJob, jobResult });
}

/**
 * The data of a call whose problems throw (every call of this client): for the success answers
 * that always carry a body, so the result is not `T | undefined`.
 */
export async function expectData<D>(call: CallResult<D>): Promise<D> {
  const { data, response } = await call;
  if (data === undefined) throw new Error(`${response.status} answer without a body`);
  return data;
}
