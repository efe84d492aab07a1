// The shape of one bundled migration, shared by the generated bundle and the migrator.
import type { MigrationMeta } from "drizzle-orm/migrator";

/** A migration as the bundle holds it: drizzle's reading of one SQL file, and the file's name. */
export interface BundledMigration extends MigrationMeta {
  /** `0000_initial.sql`: what `wrangler d1 migrations apply` records in d1_migrations. */
  name: string;
}
