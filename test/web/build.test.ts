import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPage } from "../../web/build.ts";

describe("the page build", () => {
  it("bundles the page's own code, preact, d3 and the outlines, and nothing of the server", async () => {
    const { inputs } = await buildPage();
    const outside = inputs.filter(
      (input) =>
        !input.startsWith("web/src/") &&
        input !== "data/china-provinces/provinces.json" &&
        !/(^|\/)node_modules\/(preact|d3-geo|d3-array)\//.test(input),
    );
    // Types come from models/ and src/http (the public formats); code from there never ships.
    expect(outside).toEqual([]);
  });

  it("writes one self-contained page whose policy admits exactly its inline script and style", async () => {
    const { path, bytes } = await buildPage();
    const html = readFileSync(path, "utf8");
    expect(bytes).toBeLessThan(400 * 1024);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|https?:\/\/(?!www\.w3\.org)/);
    const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    const script = /<script type="module">([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(policy).toContain(`script-src ${hash(script)}`);
    expect(policy).toContain(`style-src ${hash(style)}`);
    expect(policy).toContain("default-src 'none'");
    expect(html).toMatch(/LGPL-3\.0-or-later/);
  });

  it("closes every rule of styles.css: none is nested in another by a missing brace", () => {
    const css = readFileSync(new URL("../../web/styles.css", import.meta.url), "utf8");
    let depth = 0;
    const nested: string[] = [];
    css.split("\n").forEach((line, i) => {
      // A rule written at the left margin starts at the top level (inside @media it is indented).
      if (/^[^\s@}].*\{\s*$/.test(line) && depth !== 0) nested.push(`${i + 1}: ${line}`);
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    });
    expect(nested).toEqual([]);
    expect(depth).toBe(0);
  });
});
