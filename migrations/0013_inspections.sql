CREATE TABLE "inspection_items" (
	"inspection_id" uuid NOT NULL,
	"item" varchar(24) NOT NULL,
	"result" varchar(8),
	"note" text,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"checked_at" timestamp with time zone,
	"case_id" uuid,
	CONSTRAINT "inspection_items_inspection_id_item_pk" PRIMARY KEY("inspection_id","item")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"state" varchar(10) DEFAULT 'open' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"track" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "inspection_items" ADD CONSTRAINT "inspection_items_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspections_asset_idx" ON "inspections" USING btree ("asset_id","started_at");--> statement-breakpoint
CREATE INDEX "inspections_inspector_idx" ON "inspections" USING btree ("inspector_id","started_at");--> statement-breakpoint
-- a failed inspection item (一键巡库) opens a 1202 case with the source patrol
UPDATE case_categories SET sources = sources || '["patrol"]'::jsonb WHERE code = '1202' AND NOT sources ? 'patrol';
