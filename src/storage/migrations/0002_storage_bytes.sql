ALTER TABLE `datasets` ADD `bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `datasets` SET `bytes` = length(CAST(`network` AS BLOB));--> statement-breakpoint
-- Plans stored before this migration: their flows (kept in rows) counted at about 140 bytes each as JSON.
UPDATE `plans` SET `bytes` = length(CAST(`plan` AS BLOB)) + 140 * (SELECT count(*) FROM `plan_flows` WHERE `plan_flows`.`plan_id` = `plans`.`id`);
