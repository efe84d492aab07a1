// Deep links: the view the page shows, kept in the URL fragment so the address bar is a link to it.
// `#plan=<planId>` opens a saved plan, `#compare=<planIdA>,<planIdB>` a comparison of two. A login
// link's `key=` may share the fragment (`#key=afk_...&plan=...`): it is read by api.ts, never written.

/** A view a link can open. */
export type DeepLink = { kind: "plan"; planId: string } | { kind: "compare"; a: string; b: string };

/** What a fragment asks for: nothing, a view, or something that is not a link the page makes. */
export type FragmentView =
  | { kind: "none" }
  | DeepLink
  | {
      kind: "malformed";
      /** The offending part as written, shortened, to quote back to the reader. */
      text: string;
      /** Why it is not a link, in words. */
      reason: string;
    };

/** The fragment parameter that carries the API key (see readApiKey in api.ts). */
export const keyParameter = "key";

// Ids are issued as a prefix and random base32 (`pl_7h2k9x4m3q8rv0tz`); accept any short word-like
// id, so that the API, not the page, decides which exist.
const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export const isPlanId = (id: string): boolean => idPattern.test(id);

const quote = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

const parameters = (hash: string) => new URLSearchParams(hash.replace(/^#/, ""));

/** The fragment's view; the key and parameters the page does not know are left aside. */
export function parseFragment(hash: string): FragmentView {
  const params = parameters(hash);
  const plans = params.getAll("plan");
  const compares = params.getAll("compare");
  if (plans.length + compares.length === 0) return { kind: "none" };
  if (plans.length + compares.length > 1) {
    return {
      kind: "malformed",
      text: quote(
        [...plans.map((p) => `plan=${p}`), ...compares.map((c) => `compare=${c}`)].join("&"),
      ),
      reason: "it names more than one view; a link opens one plan or one comparison",
    };
  }
  const [planId] = plans;
  if (planId !== undefined) {
    if (!isPlanId(planId)) {
      return {
        kind: "malformed",
        text: quote(`plan=${planId}`),
        reason:
          planId === ""
            ? "it names no plan"
            : `“${quote(planId)}” is not a plan id (ids look like pl_7h2k9x4m3q8rv0tz)`,
      };
    }
    return { kind: "plan", planId };
  }
  const pair = compares[0] ?? "";
  const ids = pair.split(",");
  const [a, b] = ids;
  if (ids.length !== 2 || a === undefined || b === undefined) {
    return {
      kind: "malformed",
      text: quote(`compare=${pair}`),
      reason: "a comparison names two plans, separated by a comma",
    };
  }
  const bad = [a, b].find((id) => !isPlanId(id));
  if (bad !== undefined) {
    return {
      kind: "malformed",
      text: quote(`compare=${pair}`),
      reason:
        bad === ""
          ? "a comparison names two plans, separated by a comma"
          : `“${quote(bad)}” is not a plan id (ids look like pl_7h2k9x4m3q8rv0tz)`,
    };
  }
  return { kind: "compare", a, b };
}

/** Whether the fragment carries an API key (a login link). */
export const hasKey = (hash: string): boolean => {
  const key = parameters(hash).get(keyParameter);
  return key !== null && key !== "";
};

/** The fragment for a view, with its `#`; the empty string for none. Never holds a key. */
export function formatFragment(link: DeepLink | null): string {
  if (link === null) return "";
  // Ids are word-like (isPlanId); encoding still keeps anything else from breaking the fragment.
  const id = encodeURIComponent;
  return link.kind === "plan" ? `#plan=${id(link.planId)}` : `#compare=${id(link.a)},${id(link.b)}`;
}

/** The fragment with the key taken out and every other part left as written; "" when nothing is left. */
export function withoutKey(hash: string): string {
  const parts = hash
    .replace(/^#/, "")
    .split("&")
    .filter((part) => part !== "" && !new URLSearchParams(part).has(keyParameter));
  return parts.length === 0 ? "" : `#${parts.join("&")}`;
}

/** The page's own address (path and query, no fragment) with the view's fragment: what to share. */
export function linkUrl(
  location: Pick<Location, "origin" | "pathname" | "search">,
  link: DeepLink | null,
): string {
  return `${location.origin}${location.pathname}${location.search}${formatFragment(link)}`;
}

/** The same view: so an unchanged address is not rewritten. */
export function sameLink(x: DeepLink | null, y: DeepLink | null): boolean {
  return formatFragment(x) === formatFragment(y);
}
