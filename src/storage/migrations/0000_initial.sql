CREATE TABLE `datasets` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`name` text NOT NULL,
	`content_hash` text NOT NULL,
	`network` text NOT NULL,
	`stats` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `datasets_organisation_hash` ON `datasets` (`organisation_id`,`content_hash`);--> statement-breakpoint
CREATE INDEX `datasets_organisation_created` ON `datasets` (`organisation_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `plan_flows` (
	`plan_id` text NOT NULL,
	`position` integer NOT NULL,
	`from_id` text NOT NULL,
	`to_id` text NOT NULL,
	`mode_id` text NOT NULL,
	`tonnes` real NOT NULL,
	`distance_km` real NOT NULL,
	`cost_per_t` real NOT NULL,
	`cost` real NOT NULL,
	`co2_t` real NOT NULL,
	PRIMARY KEY(`plan_id`, `position`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`dataset_id` text NOT NULL,
	`status` text NOT NULL,
	`objective_value` real,
	`totals` text,
	`plan` text NOT NULL,
	`provenance` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`scenario_id`) REFERENCES `scenarios`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plans_organisation_created` ON `plans` (`organisation_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `plans_scenario` ON `plans` (`scenario_id`);--> statement-breakpoint
CREATE INDEX `plans_dataset` ON `plans` (`dataset_id`);--> statement-breakpoint
CREATE TABLE `scenarios` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`dataset_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`changes` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scenarios_organisation_created` ON `scenarios` (`organisation_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `scenarios_dataset` ON `scenarios` (`dataset_id`);