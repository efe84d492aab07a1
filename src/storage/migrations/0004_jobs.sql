CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`progress` text NOT NULL,
	`result` text,
	`problem` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_organisation_created` ON `jobs` (`organisation_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_status` ON `jobs` (`status`);