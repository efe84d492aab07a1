-- SQLite adds a NOT NULL column only with a default; every row gets its slug below and the app always writes one.
ALTER TABLE `datasets` ADD `slug` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Existing datasets get their id as a handle (ds_0f3k... -> ds-0f3k...: unique, and [a-z0-9-] as ids are lower-case base32).
UPDATE `datasets` SET `slug` = replace(`id`, '_', '-');--> statement-breakpoint
-- The seeded catalogue's datasets by their name, as a fresh start seeds them (src/entry/node.ts); the oldest of a name only.
UPDATE `datasets` SET `slug` = CASE `name`
    WHEN 'China 2024 (provinces, paper''s 0.45 t/t)' THEN 'china-2024'
    WHEN 'China 2024 (provinces, calibrated 0.476 t/t)' THEN 'china-2024-calibrated'
    WHEN 'China 2024 (cities, paper''s 0.45 t/t)' THEN 'china-2024-cities'
    WHEN 'China 2024 (cities, calibrated 0.476 t/t)' THEN 'china-2024-cities-calibrated'
    ELSE `slug` END
  WHERE `organisation_id` = 'catalogue' AND `id` = (
    SELECT `d`.`id` FROM `datasets` `d` WHERE `d`.`organisation_id` = 'catalogue' AND `d`.`name` = `datasets`.`name`
    ORDER BY `d`.`created_at`, `d`.`id` LIMIT 1);--> statement-breakpoint
CREATE UNIQUE INDEX `datasets_organisation_slug` ON `datasets` (`organisation_id`,`slug`);
