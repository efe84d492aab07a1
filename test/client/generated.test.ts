// The checked-in client files must be what `npm run client:generate` makes from today's API.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  clientDir,
  type GeneratedFile,
  generateClientFiles,
  generatedFiles,
} from "../../client/generate.ts";

let fresh: Record<GeneratedFile, string>;
beforeAll(async () => {
  fresh = await generateClientFiles();
});

describe("client/ generated files", () => {
  it.each(generatedFiles)("client/%s matches a fresh generation from the app", async (name) => {
    const committed = await readFile(join(clientDir, name), "utf8").catch(() => "");
    // One message that says what to do, not a diff of a 400 KB file.
    expect(
      committed === fresh[name],
      `client/${name} is out of date with the API: run npm run client:generate and commit it`,
    ).toBe(true);
  });

  it("types every path of the document", () => {
    const document = JSON.parse(fresh["openapi.json"]) as { paths: Record<string, object> };
    const paths = Object.keys(document.paths);
    expect(paths).toContain("/v1/jobs/{id}");
    for (const path of paths) expect(fresh["schema.d.ts"]).toContain(`    "${path}": {`);
  });
});
