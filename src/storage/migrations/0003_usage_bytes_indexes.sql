CREATE INDEX `datasets_organisation_bytes` ON `datasets` (`organisation_id`,`bytes`);--> statement-breakpoint
CREATE INDEX `plans_organisation_bytes` ON `plans` (`organisation_id`,`bytes`);