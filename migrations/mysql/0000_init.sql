CREATE TABLE `dead_letters` (
	`id` varchar(64) NOT NULL,
	`message_id` varchar(64) NOT NULL,
	`queue` varchar(64) NOT NULL,
	`body` json NOT NULL,
	`error` text NOT NULL,
	`attempts` int NOT NULL,
	`failed_at` bigint NOT NULL,
	CONSTRAINT `dead_letters_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `inventory_ledger` (
	`id` varchar(64) NOT NULL,
	`sku` varchar(64) NOT NULL,
	`kind` varchar(16) NOT NULL,
	`quantity` int NOT NULL,
	`reservation_id` varchar(64),
	`order_id` varchar(36),
	`on_hand_after` int NOT NULL,
	`available_after` int NOT NULL,
	`occurred_at` bigint NOT NULL,
	CONSTRAINT `inventory_ledger_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` varchar(64) NOT NULL,
	`order_id` varchar(36) NOT NULL,
	`version` int NOT NULL,
	`type` varchar(40) NOT NULL,
	`payload` json NOT NULL,
	`occurred_at` bigint NOT NULL,
	CONSTRAINT `order_events_id` PRIMARY KEY(`id`),
	CONSTRAINT `order_events_order_version_uq` UNIQUE(`order_id`,`version`)
);
--> statement-breakpoint
CREATE TABLE `order_lines` (
	`order_id` varchar(36) NOT NULL,
	`line_no` int NOT NULL,
	`sku` varchar(64) NOT NULL,
	`product_id` varchar(36) NOT NULL,
	`title` varchar(200) NOT NULL,
	`unit_price_minor` int NOT NULL,
	`quantity` int NOT NULL,
	`line_total_minor` int NOT NULL,
	CONSTRAINT `order_lines_order_id_line_no_pk` PRIMARY KEY(`order_id`,`line_no`)
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`status` varchar(24) NOT NULL,
	`currency` char(3) NOT NULL,
	`total_minor` int NOT NULL,
	`version` int NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	`expires_at` bigint,
	CONSTRAINT `orders_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `processed_messages` (
	`message_id` varchar(64) NOT NULL,
	`type` varchar(40) NOT NULL,
	`processed_at` bigint NOT NULL,
	CONSTRAINT `processed_messages_message_id` PRIMARY KEY(`message_id`)
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` varchar(36) NOT NULL,
	`slug` varchar(160) NOT NULL,
	`title` varchar(200) NOT NULL,
	`description` text NOT NULL,
	`category` varchar(80) NOT NULL,
	`brand` varchar(80) NOT NULL,
	`status` varchar(16) NOT NULL,
	`attributes` json NOT NULL,
	`version` int NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `products_id` PRIMARY KEY(`id`),
	CONSTRAINT `products_slug_uq` UNIQUE(`slug`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(36) NOT NULL,
	`email` varchar(254) NOT NULL,
	`name` varchar(120),
	`password_hash` varchar(128) NOT NULL,
	`password_salt` varchar(64) NOT NULL,
	`role` varchar(16) NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_uq` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `variants` (
	`sku` varchar(64) NOT NULL,
	`product_id` varchar(36) NOT NULL,
	`title` varchar(200) NOT NULL,
	`price_minor` int NOT NULL,
	`currency` char(3) NOT NULL,
	`attributes` json NOT NULL,
	`position` int NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `variants_sku` PRIMARY KEY(`sku`)
);
--> statement-breakpoint
CREATE INDEX `dead_letters_failed_idx` ON `dead_letters` (`failed_at`);--> statement-breakpoint
CREATE INDEX `inventory_ledger_sku_idx` ON `inventory_ledger` (`sku`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `orders_user_idx` ON `orders` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`category`,`id`);--> statement-breakpoint
CREATE INDEX `products_brand_idx` ON `products` (`brand`,`id`);--> statement-breakpoint
CREATE INDEX `variants_product_idx` ON `variants` (`product_id`,`position`);