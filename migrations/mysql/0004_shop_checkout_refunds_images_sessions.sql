CREATE TABLE `guests` (
	`id` varchar(36) NOT NULL,
	`email` varchar(254) NOT NULL,
	`created_at` bigint NOT NULL,
	`claimed_by` varchar(36),
	`claimed_at` bigint,
	CONSTRAINT `guests_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`token_hash` char(64) NOT NULL,
	`family_id` varchar(36) NOT NULL,
	`subject_id` varchar(36) NOT NULL,
	`subject_kind` varchar(8) NOT NULL,
	`session_version` int NOT NULL,
	`created_at` bigint NOT NULL,
	`expires_at` bigint NOT NULL,
	`retired_at` bigint,
	CONSTRAINT `refresh_tokens_token_hash` PRIMARY KEY(`token_hash`)
);
--> statement-breakpoint
ALTER TABLE `orders` ADD `email` varchar(254);--> statement-breakpoint
ALTER TABLE `orders` ADD `refunded_minor` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `contact` json;--> statement-breakpoint
ALTER TABLE `orders` ADD `shipping_address` json;--> statement-breakpoint
ALTER TABLE `orders` ADD `billing_address` json;--> statement-breakpoint
ALTER TABLE `orders` ADD `totals` json;--> statement-breakpoint
ALTER TABLE `products` ADD `tax_class` varchar(16) DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `images` json DEFAULT ('[]') NOT NULL;--> statement-breakpoint
ALTER TABLE `variants` ADD `weight_grams` int;--> statement-breakpoint
CREATE INDEX `guests_claimed_by_idx` ON `guests` (`claimed_by`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_family_idx` ON `refresh_tokens` (`family_id`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_subject_idx` ON `refresh_tokens` (`subject_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `orders_email_idx` ON `orders` (`email`);