ALTER TABLE `orders` ADD `email` varchar(254);--> statement-breakpoint
ALTER TABLE `orders` ADD `refunded_minor` int DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `orders_email_idx` ON `orders` (`email`);