// Builds the planner page into one self-contained file, dist/web/index.html (script, styles and map
// inlined), which the Node server reads and the Worker bundles. `npm run build:web`.
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build, transform } from "esbuild";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const pagePath = here("../dist/web/index.html");

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** The npm packages in the bundle with their licences, for the notice the licences ask for. */
async function bundledPackages(inputs: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const input of inputs) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1]) names.add(match[1]);
  }
  const notices = await Promise.all(
    [...names].sort().map(async (name) => {
      const manifest = JSON.parse(
        await readFile(here(`../node_modules/${name}/package.json`), "utf8"),
      ) as { version: string; license?: string };
      return `${name} ${manifest.version} (${manifest.license ?? "see its package"})`;
    }),
  );
  return notices;
}

export interface BuiltPage {
  path: string;
  bytes: number;
  /** Every file bundled into the script, relative to the repository. */
  inputs: string[];
}

export async function buildPage(): Promise<BuiltPage> {
  const result = await build({
    entryPoints: [here("src/main.tsx")],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    target: ["chrome115", "firefox115", "safari16"],
    jsx: "automatic",
    jsxImportSource: "preact",
    metafile: true,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error("esbuild wrote no script");
  // A literal "</script" would end the inline script early; escaped, it means the same in JS.
  const js = output.text.replaceAll("</script", "<\\/script");
  const css = (
    await transform(await readFile(here("styles.css"), "utf8"), { loader: "css", minify: true })
  ).code.replaceAll("</style", "<\\/style");
  // Hashes let the one inline script and style run while the policy refuses everything else.
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(js)}`,
    `style-src ${sha256(css)}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const notice = [
    "anodeflow planner (MIT). Bundled:",
    ...(await bundledPackages(Object.keys(result.metafile.inputs))),
    "China's province outlines from DCW-GMT 2.1.1, LGPL-3.0-or-later (data/china-provinces).",
  ].join("\n  ");
  const template = await readFile(here("index.html"), "utf8");
  const html = template
    .replace("__CSP__", () => policy)
    .replace("/* __CSS__ */", () => css)
    .replace("/* __JS__ */", () => js)
    .replace("<html", () => `<!--\n  ${notice}\n-->\n<html`);
  await mkdir(dirname(pagePath), { recursive: true });
  await writeFile(pagePath, html);
  return {
    path: pagePath,
    bytes: Buffer.byteLength(html),
    inputs: Object.keys(result.metafile.inputs),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { path, bytes } = await buildPage();
  console.log(`built ${path} (${Math.round(bytes / 1024)} KiB)`);
}
