// Content negotiation on Accept: whether a request asks for a media type before JSON.

/**
 * Whether the request's Accept header prefers `mediaType` to application/json: it names it with
 * a quality above 0 and at least JSON's (a bare `*\/*` or no header keeps JSON).
 */
export function accepts(
  c: { req: { header(name: string): string | undefined } },
  mediaType: string,
) {
  const header = c.req.header("accept");
  if (header === undefined) return false;
  let wanted = 0;
  let json = 0;
  for (const part of header.split(",")) {
    const [type = "", ...params] = part.split(";").map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(quality)) continue;
    if (type === mediaType) wanted = Math.max(wanted, quality);
    if (type === "application/json") json = Math.max(json, quality);
  }
  return wanted > 0 && wanted >= json;
}
