// The layering rules, read from the import graph: every import resolved to a file, type-only ones included.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const graphRoots = ["models", "src", "web/src"];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter(
      (entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts"),
    )
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

// The TypeScript compiler's own pre-processor lists static, type-only, re-exported and dynamic imports.
const specifiersOf = (file: string) =>
  ts
    .preProcessFile(readFileSync(join(root, file), "utf8"), true, true)
    .importedFiles.map((f) => f.fileName);

/** The file a relative specifier names, relative to the repository root, or undefined if none. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const target = resolve(root, dirname(from), specifier);
  const candidates = [target, `${target}.ts`, `${target}.tsx`, join(target, "index.ts")];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  return found === undefined ? undefined : relative(root, found);
}

interface Import {
  specifier: string;
  /** The imported file, for a relative specifier. */
  file?: string;
}

/** Build output (the page the Workers entry inlines) exists only after a build, so it is not followed. */
const isBuildOutput = (from: string, specifier: string) =>
  relative(root, resolve(root, dirname(from), specifier)).startsWith("dist/");

const importsOf = (file: string): Import[] =>
  specifiersOf(file)
    .filter((specifier) => !isBuildOutput(file, specifier))
    .map((specifier) =>
      specifier.startsWith(".")
        ? { specifier, file: resolveRelative(file, specifier) ?? `unresolved:${specifier}` }
        : { specifier },
    );

const files = graphRoots.flatMap(sources);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const under = (file: string | undefined, dir: string) => file?.startsWith(`${dir}/`) === true;

/** Strongly connected components of more than one file (or a file importing itself), by Tarjan. */
function cycles(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || edges.get(node)?.includes(node)) found.push(component.sort());
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** One cycle through `component`'s first file, as "a -> b -> a", by breadth-first search. */
function cycleThrough(component: string[], edges: Map<string, string[]>): string {
  const start = component[0] ?? "";
  const members = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path: string[] = [];
        for (
          let at: string | undefined = node;
          at !== start && at !== undefined;
          at = previous.get(at)
        )
          path.unshift(at);
        return [start, ...path, start].join(" -> ");
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component.join(" -> ");
}

const isPipeline = (file: string | undefined) => under(file, "src/solve");

describe("architecture", () => {
  it("resolves every relative import of models/, src/ and web/src to a file", () => {
    const unresolved = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((i) => i.file?.startsWith("unresolved:"))
        .map((i) => `${file}: ${i.specifier}`),
    );
    expect(unresolved).toEqual([]);
  });

  // Curated data modules (typed constants under data/) are inputs, not runtime code.
  it.each(sources("models"))("%s imports only zod, model modules and curated data", (file) => {
    for (const { specifier, file: target } of graph.get(file) ?? []) {
      const allowed =
        target === undefined
          ? specifier === "zod"
          : under(target, "models") || (under(target, "data") && target.endsWith(".ts"));
      expect(allowed, `${file} imports ${specifier}`).toBe(true);
    }
  });

  it.each([...sources("src/solvers"), ...sources("src/storage")])(
    "%s does not import src/http, which sits above it",
    (file) => {
      for (const { specifier, file: target } of graph.get(file) ?? []) {
        expect(under(target, "src/http"), `${file} imports ${specifier}`).toBe(false);
      }
    },
  );

  it.each(sources("src/solvers"))(
    "%s is a backend or the registry, so it does not import the solve pipeline",
    (file) => {
      for (const { specifier, file: target } of graph.get(file) ?? []) {
        expect(isPipeline(target), `${file} imports ${specifier}`).toBe(false);
      }
    },
  );

  it.each(sources("src/http"))(
    "%s does not touch Node APIs, so the app runs on Workers",
    (file) => {
      for (const { specifier } of graph.get(file) ?? []) {
        expect(specifier.startsWith("node:"), `${file} imports ${specifier}`).toBe(false);
      }
    },
  );

  it("has no import cycle between files of models/, src/ and web/src, type-only imports included", () => {
    const edges = new Map(
      [...graph].map(([file, imports]) => [
        file,
        imports.flatMap((i) => (i.file !== undefined && graph.has(i.file) ? [i.file] : [])),
      ]),
    );
    const found = cycles(edges).map((component) => cycleThrough(component, edges));
    expect(found, `import cycles:\n${found.join("\n")}`).toEqual([]);
  });
});
