import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiKeyStorageKey, readApiKey } from "../../web/src/api.ts";
import {
  type DeepLink,
  formatFragment,
  hasKey,
  isPlanId,
  linkUrl,
  parseFragment,
  sameLink,
  withoutKey,
} from "../../web/src/deep-link.ts";

const planA = "pl_7h2k9x4m3q8rv0tz";
const planB = "pl_0123456789abcdef";
const key = "afk_3v8k2m9q7r4t6x0f_0123456789abcdefghjkmnpqrstvwxyz01234567";

const idChars = "0123456789abcdefghjkmnpqrstvwxyzABCXYZ_-".split("");
const planId = fc
  .tuple(
    fc.constantFrom(..."0123456789abcdefghjkmnpqrstvwxyzQ".split("")),
    fc.array(fc.constantFrom(...idChars), { maxLength: 99 }),
  )
  .map(([first, rest]) => first + rest.join(""));
const link: fc.Arbitrary<DeepLink> = fc.oneof(
  planId.map((id) => ({ kind: "plan" as const, planId: id })),
  fc.tuple(planId, planId).map(([a, b]) => ({ kind: "compare" as const, a, b })),
);

describe("deep links in the URL fragment", () => {
  it("formats a plan and a comparison, and reads them back", () => {
    expect(formatFragment({ kind: "plan", planId: planA })).toBe(`#plan=${planA}`);
    expect(formatFragment({ kind: "compare", a: planA, b: planB })).toBe(
      `#compare=${planA},${planB}`,
    );
    expect(formatFragment(null)).toBe("");
    expect(parseFragment(`#plan=${planA}`)).toEqual({ kind: "plan", planId: planA });
    expect(parseFragment(`#compare=${planA},${planB}`)).toEqual({
      kind: "compare",
      a: planA,
      b: planB,
    });
    // A comma some tool percent-encoded is still a comma.
    expect(parseFragment(`#compare=${planA}%2C${planB}`)).toEqual({
      kind: "compare",
      a: planA,
      b: planB,
    });
  });

  it("round-trips every view, with or without the leading #", () => {
    fc.assert(
      fc.property(link, (view) => {
        const fragment = formatFragment(view);
        expect(parseFragment(fragment)).toEqual(view);
        expect(parseFragment(fragment.slice(1))).toEqual(view);
        expect(sameLink(parseFragment(fragment) as DeepLink, view)).toBe(true);
      }),
    );
  });

  it("reads the view beside a login link's key, in either order, and ignores unknown parameters", () => {
    expect(parseFragment(`#key=${key}&plan=${planA}`)).toEqual({ kind: "plan", planId: planA });
    expect(parseFragment(`#plan=${planA}&key=${key}`)).toEqual({ kind: "plan", planId: planA });
    expect(parseFragment(`#key=${key}&compare=${planA},${planB}&zoom=2`)).toEqual({
      kind: "compare",
      a: planA,
      b: planB,
    });
    expect(parseFragment(`#key=${key}`)).toEqual({ kind: "none" });
    expect(parseFragment("")).toEqual({ kind: "none" });
    expect(parseFragment("#")).toEqual({ kind: "none" });
    expect(parseFragment("#zoom=2")).toEqual({ kind: "none" });
  });

  it("never writes a key: not in the fragment, not in the link to share", () => {
    fc.assert(
      fc.property(link, (view) => {
        expect(formatFragment(view)).not.toMatch(/key=/);
        const url = linkUrl(
          { origin: "https://plan.example", pathname: "/", search: "?x=1" },
          view,
        );
        expect(url).toBe(`https://plan.example/?x=1${formatFragment(view)}`);
        expect(url).not.toMatch(/key=|afk_/);
      }),
    );
    expect(linkUrl({ origin: "http://127.0.0.1:8787", pathname: "/", search: "" }, null)).toBe(
      "http://127.0.0.1:8787/",
    );
  });

  it("takes the key out of a fragment and leaves the rest as written", () => {
    expect(withoutKey(`#key=${key}`)).toBe("");
    expect(withoutKey(`#key=${key}&plan=${planA}`)).toBe(`#plan=${planA}`);
    expect(withoutKey(`#plan=${planA}&key=${key}`)).toBe(`#plan=${planA}`);
    expect(withoutKey(`#key=${key}&compare=${planA}%2C${planB}&`)).toBe(
      `#compare=${planA}%2C${planB}`,
    );
    expect(withoutKey(`#plan=${planA}`)).toBe(`#plan=${planA}`);
    expect(withoutKey("")).toBe("");
    expect(hasKey(`#plan=${planA}&key=${key}`)).toBe(true);
    expect(hasKey("#key=")).toBe(false);
    expect(hasKey(`#plan=${planA}`)).toBe(false);
    fc.assert(
      fc.property(link, (view) => {
        const fragment = formatFragment(view);
        expect(withoutKey(`#key=${key}&${fragment.slice(1)}`)).toBe(fragment);
        expect(hasKey(withoutKey(`#${fragment.slice(1)}&key=${key}`))).toBe(false);
      }),
    );
  });

  it("calls malformed what names no plan, a bad id, one plan to compare, or two views", () => {
    const malformed = [
      "#plan=",
      "#plan",
      "#plan=pl_ok&plan=pl_other",
      `#plan=${planA}&compare=${planA},${planB}`,
      "#plan=../../v1/keys",
      "#plan=pl%20x",
      "#plan=%E0%A4%A",
      `#plan=${"x".repeat(101)}`,
      "#plan=_leading",
      "#compare=",
      `#compare=${planA}`,
      `#compare=${planA},`,
      `#compare=,${planB}`,
      `#compare=${planA},${planB},pl_third`,
      `#compare=${planA};${planB}`,
      `#compare=${planA},pl/x`,
    ];
    for (const hash of malformed) {
      const view = parseFragment(hash);
      expect(view.kind, hash).toBe("malformed");
      if (view.kind !== "malformed") continue;
      expect(view.reason.length).toBeGreaterThan(5);
      expect(view.text.length).toBeLessThanOrEqual(60);
    }
    const long = parseFragment(`#plan=${"x".repeat(500)}`);
    expect(long.kind === "malformed" && long.text.endsWith("…")).toBe(true);
    expect(parseFragment("#plan=pl%20x")).toMatchObject({ reason: /“pl x” is not a plan id/ });
    expect(parseFragment(`#compare=${planA}`)).toMatchObject({ reason: /two plans/ });
  });

  it("never throws, whatever the fragment holds", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const view = parseFragment(text);
        expect(["none", "plan", "compare", "malformed"]).toContain(view.kind);
        if (view.kind === "plan") expect(isPlanId(view.planId)).toBe(true);
        expect(() => withoutKey(text)).not.toThrow();
      }),
    );
  });
});

describe("the key beside a deep link", () => {
  it("is stored and taken out of the address bar, and the view stays in the fragment", () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (name: string) => items.get(name) ?? null,
      setItem: (name: string, value: string) => void items.set(name, value),
    };
    const replaced: string[] = [];
    const location = { hash: `#key=${key}&plan=${planA}`, pathname: "/", search: "" };
    expect(readApiKey(location, storage, (url) => replaced.push(url))).toBe(key);
    expect(items.get(apiKeyStorageKey)).toBe(key);
    expect(replaced).toEqual([`/#plan=${planA}`]);
    expect(parseFragment(replaced[0]?.slice(1) ?? "")).toEqual({ kind: "plan", planId: planA });
  });
});
