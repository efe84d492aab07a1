import { describe, expect, it } from "vitest";
import { apiKeyStorageKey, createApiClient, ProblemError, readApiKey } from "../../web/src/api.ts";

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

const at = (hash: string) => ({ hash, pathname: "/", search: "?dataset=ds_1" });

describe("the page's API key", () => {
  it("comes from the URL fragment, is stored, and leaves the address bar", () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    expect(readApiKey(at("#key=afk_a_b"), storage, (url) => replaced.push(url))).toBe("afk_a_b");
    expect(storage.items.get(apiKeyStorageKey)).toBe("afk_a_b");
    expect(replaced).toEqual(["/?dataset=ds_1"]);
  });

  it("comes from storage on a later visit, and is absent when neither has one", () => {
    const replaced: string[] = [];
    const stored = memoryStorage({ [apiKeyStorageKey]: "afk_c_d" });
    expect(readApiKey(at(""), stored, (url) => replaced.push(url))).toBe("afk_c_d");
    expect(readApiKey(at(""), memoryStorage(), (url) => replaced.push(url))).toBeUndefined();
    expect(readApiKey(at("#key="), undefined, (url) => replaced.push(url))).toBeUndefined();
    expect(replaced).toEqual([]);
  });
});

describe("the page's API client", () => {
  it("sends the key as a bearer token, and nothing when there is none", async () => {
    const seen: (string | null)[] = [];
    const fetcher = async (_: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get("authorization"));
      return Response.json({ items: [], nextCursor: null });
    };
    await createApiClient("afk_x_y", fetcher).datasets();
    await createApiClient(undefined, fetcher).datasets();
    expect(seen).toEqual(["Bearer afk_x_y", null]);
  });

  it("turns a problem+json answer into a ProblemError with its title, detail and pointers", async () => {
    const problem = {
      type: "about:blank",
      title: "Unprocessable Content",
      status: 422,
      detail: "The request body is invalid: 1 problem",
      instance: "/v1/solve",
      code: "validation_failed",
      errors: [{ pointer: "/changes/0/factor", message: "Too small" }],
    };
    const client = createApiClient(undefined, async () =>
      Response.json(problem, {
        status: 422,
        headers: { "content-type": "application/problem+json" },
      }),
    );
    const error = await client.solve("ds_1", []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem).toEqual({
      title: problem.title,
      detail: problem.detail,
      status: 422,
      code: "validation_failed",
      errors: problem.errors,
    });
  });

  it("words an answer that is not problem+json, and a request that got no answer", async () => {
    const proxy = createApiClient(
      undefined,
      async () => new Response("upstream timed out", { status: 502, statusText: "Bad Gateway" }),
    );
    const bad = (await proxy.datasets().catch((e: unknown) => e)) as ProblemError;
    expect(bad.problem).toEqual({
      title: "Bad Gateway",
      detail: "upstream timed out",
      status: 502,
    });

    const offline = createApiClient(undefined, async () => {
      throw new TypeError("Failed to fetch");
    });
    const none = (await offline.datasets().catch((e: unknown) => e)) as ProblemError;
    expect(none.problem.title).toBe("No answer from the server");
  });

  it("lets a cancelled solve reject as an abort, not as a problem", async () => {
    const controller = new AbortController();
    const client = createApiClient(undefined, (_, init) => {
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () =>
          reject(new DOMException("aborted", "AbortError")),
        );
      });
    });
    const solving = client.solve("ds_1", [], controller.signal);
    controller.abort();
    await expect(solving).rejects.toMatchObject({ name: "AbortError" });
  });

  it("posts a sweep with the dataset, the changes and the parameter", async () => {
    const sent: { path: string; method?: string; body: unknown }[] = [];
    const client = createApiClient(undefined, async (path, init) => {
      sent.push({ path: String(path), method: init?.method, body: JSON.parse(String(init?.body)) });
      return Response.json({ status: "optimal", breakpoints: [], pieces: [] });
    });
    const changes = [{ kind: "scaleModeCost", mode: "rail", factor: 1 }] as const;
    const parameter = { change: 0, field: "factor", from: 0.5, to: 2 };
    const answer = await client.sweep("ds_1", [...changes], parameter);
    expect(answer.status).toBe("optimal");
    expect(sent).toEqual([
      { path: "/v1/sweeps", method: "POST", body: { datasetId: "ds_1", changes, parameter } },
    ]);
  });
});
