CREATE TABLE "shop_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"name" varchar(40) NOT NULL,
	"unit" varchar(20) NOT NULL,
	"photo_media_id" varchar(64),
	"price" integer NOT NULL,
	"limit_per_period" integer,
	"limit_period" varchar(8) DEFAULT 'month' NOT NULL,
	"exchange_days" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"stock_account_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shop_items_price" CHECK (price > 0),
	CONSTRAINT "shop_items_limit" CHECK (limit_per_period IS NULL OR limit_per_period > 0),
	CONSTRAINT "shop_items_period" CHECK (limit_period IN ('week', 'month', 'year'))
);
--> statement-breakpoint
CREATE TABLE "shop_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"village_code" varchar(18) NOT NULL,
	"household_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"points" integer NOT NULL,
	"channel" varchar(8) NOT NULL,
	"state" varchar(8) NOT NULL,
	"spend_transfer_id" uuid NOT NULL,
	"stock_transfer_id" uuid NOT NULL,
	"token" varchar(32) NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	CONSTRAINT "shop_orders_quantity" CHECK (quantity > 0 AND points > 0),
	CONSTRAINT "shop_orders_state" CHECK (state IN ('pending', 'redeemed', 'voided', 'expired')),
	CONSTRAINT "shop_orders_channel" CHECK (channel IN ('phone', 'counter')),
	CONSTRAINT "shop_orders_resolved" CHECK ((state = 'pending') = (resolved_at IS NULL))
);
--> statement-breakpoint
CREATE TABLE "shop_restocks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "shop_restocks_quantity" CHECK (quantity > 0)
);
--> statement-breakpoint
ALTER TABLE "shop_orders" ADD CONSTRAINT "shop_orders_item_id_shop_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."shop_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_restocks" ADD CONSTRAINT "shop_restocks_item_id_shop_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."shop_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shop_items_region_idx" ON "shop_items" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "shop_items_stock_account_uq" ON "shop_items" USING btree ("stock_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shop_orders_token_uq" ON "shop_orders" USING btree ("token");--> statement-breakpoint
CREATE INDEX "shop_orders_limit_idx" ON "shop_orders" USING btree ("item_id","household_id","created_at");--> statement-breakpoint
CREATE INDEX "shop_orders_household_idx" ON "shop_orders" USING btree ("household_id","created_at");--> statement-breakpoint
CREATE INDEX "shop_orders_village_idx" ON "shop_orders" USING btree ("village_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "shop_orders_due_idx" ON "shop_orders" USING btree ("expires_at") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "shop_restocks_item_idx" ON "shop_restocks" USING btree ("item_id","created_at");