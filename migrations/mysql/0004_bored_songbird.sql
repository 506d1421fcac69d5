ALTER TABLE `orders` ADD `email` varchar(254);--> statement-breakpoint
ALTER TABLE `orders` ADD `refunded_minor` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `contact` json;--> statement-breakpoint
ALTER TABLE `orders` ADD `shipping_address` json;--> statement-breakpoint
ALTER TABLE `orders` ADD `billing_address` json;--> statement-breakpoint
ALTER TABLE `orders` ADD `totals` json;--> statement-breakpoint
ALTER TABLE `products` ADD `tax_class` varchar(16) DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE `variants` ADD `weight_grams` int;--> statement-breakpoint
CREATE INDEX `orders_email_idx` ON `orders` (`email`);