ALTER TABLE `inventory_ledger` MODIFY COLUMN `reservation_id` varchar(160);--> statement-breakpoint
ALTER TABLE `inventory_ledger` MODIFY COLUMN `order_id` varchar(64);--> statement-breakpoint
ALTER TABLE `order_events` MODIFY COLUMN `order_id` varchar(64) NOT NULL;--> statement-breakpoint
ALTER TABLE `order_lines` MODIFY COLUMN `order_id` varchar(64) NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` MODIFY COLUMN `id` varchar(64) NOT NULL;