// The shared catalogue's first datasets, read from data/ on a first start: npm start and npm run dev:worker alike.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseNetwork } from "../../models/allocation/network.ts";
import type { Db } from "../storage/db.ts";
import { randomId } from "../storage/ids.ts";
import { catalogueOwnerId } from "../storage/organisations.ts";
import { createRepositories } from "../storage/repositories.ts";

// The repository root, whether this runs as src/entry/seed.ts or compiled (npm start) as
// dist/node/src/entry/seed.js.
const root = new URL(
  import.meta.url.includes("/dist/node/src/") ? "../../../../" : "../../",
  import.meta.url,
);

/**
 * The catalogue every organisation sees, oldest first (the page opens the oldest one), with the
 * slugs clients name them by on any install (migration 0006 gives an older catalogue the same).
 */
export const seedNetworks = [
  { slug: "china-2024", path: "data/china-2024/network.json" },
  { slug: "china-2024-calibrated", path: "data/china-2024/calibrated.json" },
  { slug: "china-2024-cities", path: "data/china-2024-cities/network.json" },
  { slug: "china-2024-cities-calibrated", path: "data/china-2024-cities/calibrated.json" },
].map(({ slug, path }) => ({ slug, path: fileURLToPath(new URL(path, root)) }));

/**
 * On the first start, the default datasets, into the shared catalogue: every organisation, including
 * one made later, can read and plan them, and none can change them. Returns what it stored.
 */
export async function seed(
  db: Db,
  networks: readonly { slug: string; path: string }[] = seedNetworks,
): Promise<string[]> {
  const probe = createRepositories({ db, newId: randomId, clock: () => new Date() });
  if (!(await probe.datasets.isEmpty(catalogueOwnerId))) return [];
  const seeded: string[] = [];
  const start = Date.now();
  for (const [i, { slug, path }] of networks.entries()) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue;
    }
    const parsed = parseNetwork(JSON.parse(text));
    if (!parsed.ok) {
      const problems = parsed.issues.map((x) => `${x.pointer || "/"}: ${x.message}`).join("; ");
      console.warn(`not seeding ${path}, which is not a valid network: ${problems}`);
      continue;
    }
    // One millisecond apart, so "oldest first" is the order above even on a fast disk.
    const { datasets } = createRepositories({
      db,
      newId: randomId,
      clock: () => new Date(start + i),
    });
    const { dataset } = await datasets.create(catalogueOwnerId, {
      name: parsed.network.name,
      slug,
      network: parsed.network,
    });
    seeded.push(`${dataset.slug} (${dataset.id}, ${dataset.name})`);
  }
  return seeded;
}
