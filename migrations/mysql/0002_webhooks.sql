CREATE TABLE `webhook_attempts` (
	`delivery_id` varchar(40) NOT NULL,
	`attempt` int NOT NULL,
	`response_status` int,
	`duration_ms` int NOT NULL,
	`error` text,
	`started_at` bigint NOT NULL,
	CONSTRAINT `webhook_attempts_delivery_id_attempt_pk` PRIMARY KEY(`delivery_id`,`attempt`)
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` varchar(40) NOT NULL,
	`endpoint_id` varchar(40) NOT NULL,
	`event_id` varchar(64) NOT NULL,
	`event_type` varchar(40) NOT NULL,
	`payload` mediumtext NOT NULL,
	`status` varchar(16) NOT NULL,
	`attempts` int NOT NULL,
	`round_attempts` int NOT NULL,
	`lease_until` bigint NOT NULL,
	`last_error` text,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	`delivered_at` bigint,
	CONSTRAINT `webhook_deliveries_id` PRIMARY KEY(`id`),
	CONSTRAINT `webhook_deliveries_endpoint_event_uq` UNIQUE(`endpoint_id`,`event_id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` varchar(40) NOT NULL,
	`url` varchar(2048) NOT NULL,
	`description` varchar(200) NOT NULL,
	`event_types` json NOT NULL,
	`enabled` boolean NOT NULL,
	`secret` varchar(64) NOT NULL,
	`previous_secret` varchar(64),
	`previous_secret_expires_at` bigint,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `webhook_endpoints_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_created_idx` ON `webhook_deliveries` (`created_at`,`id`);