// Bundles `npm run plan`'s entry into one file, dist/node/src/entry/cli.js, over the one tsc wrote
// (`npm run build` runs it after tsc). Loaded module by module, the CLI resolved and compiled ~170
// files (94 of them zod's, 64 locales it never uses) before reading its network: ~0.2 s of CPU of a
// 250k-lane run's ~2.5 s. One file, zod tree-shaken to what the schemas use, loads in a fraction.
// exceljs, highs and javascript-lp-solver stay outside: each is imported only when a run needs it.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const cliBundlePath = here("../../dist/node/src/entry/cli.js");

/** Leaves the packages loaded on demand to Node (the bare names only: their package.json files are read in). */
const onDemand: Plugin = {
  name: "on-demand-packages",
  setup(build) {
    build.onResolve({ filter: /^(exceljs|highs|javascript-lp-solver)$/ }, (args) => ({
      path: args.path,
      external: true,
    }));
  },
};

/**
 * zod's `z` and `z.core` namespaces re-export its 60-odd locales (`z.locales`, `z.core.locales`),
 * which esbuild keeps in full once a namespace object is used (366 kB of a 1.1 MB bundle). Nothing
 * here calls them: English, the default, is registered by zod's schemas module itself. So those
 * lines are dropped from the two namespace modules as they are bundled; if a zod release moves
 * them, the bundle just keeps the locales (with a warning).
 */
const withoutLocales: Plugin = {
  name: "zod-without-locales",
  setup(build) {
    const line = 'export * as locales from "../locales/index.js";';
    build.onLoad(
      { filter: /zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/ },
      async (args) => {
        const source = await readFile(args.path, "utf8");
        if (!source.includes(line)) {
          return { warnings: [{ text: `no locales line in ${args.path}: the bundle keeps them` }] };
        }
        return { contents: source.replace(line, ""), loader: "js" };
      },
    );
  },
};

export async function buildCli(): Promise<{ path: string; inputs: number }> {
  const result = await build({
    entryPoints: [here("cli.ts")],
    outfile: cliBundlePath,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    plugins: [onDemand, withoutLocales],
    metafile: true,
    logLevel: "warning",
  });
  return { path: cliBundlePath, inputs: Object.keys(result.metafile.inputs).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { path, inputs } = await buildCli();
  console.log(`bundled ${path} from ${inputs} files`);
}
