import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

// The TypeScript compiler's own pre-processor lists static, re-exported and dynamic imports.
const importsOf = (file: string) =>
  ts
    .preProcessFile(readFileSync(join(root, file), "utf8"), true, true)
    .importedFiles.map((f) => f.fileName);

describe("architecture", () => {
  it.each(sources("models"))("%s imports only zod and other model modules", (file) => {
    for (const specifier of importsOf(file)) {
      const allowed =
        specifier === "zod" || (specifier.startsWith(".") && !specifier.includes("src/"));
      expect(allowed, `${file} imports ${specifier}`).toBe(true);
    }
  });

  it.each(sources("src/http"))(
    "%s does not touch Node APIs, so the app runs on Workers",
    (file) => {
      for (const specifier of importsOf(file)) {
        expect(specifier.startsWith("node:"), `${file} imports ${specifier}`).toBe(false);
      }
    },
  );
});
