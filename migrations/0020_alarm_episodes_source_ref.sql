CREATE TABLE "alarm_episodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"condition" varchar(24) NOT NULL,
	"township_code" varchar(12) NOT NULL,
	"case_id" uuid NOT NULL,
	"severity" varchar(10) NOT NULL,
	"grouped" boolean DEFAULT false NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "source_ref" varchar(120);--> statement-breakpoint
ALTER TABLE "alarms" ADD COLUMN "raised_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "alarms" ADD COLUMN "episode_id" uuid;--> statement-breakpoint
ALTER TABLE "alarm_episodes" ADD CONSTRAINT "alarm_episodes_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alarm_episodes_asset_idx" ON "alarm_episodes" USING btree ("asset_id","condition","opened_at");--> statement-breakpoint
CREATE INDEX "alarm_episodes_township_idx" ON "alarm_episodes" USING btree ("township_code","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_source_ref_uq" ON "cases" USING btree ("source","source_ref");