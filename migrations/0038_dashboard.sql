CREATE TABLE "dashboard_case_facts" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"category_code" varchar(4) NOT NULL,
	"source" varchar(12) NOT NULL,
	"state" varchar(24) NOT NULL,
	"level" varchar(10) NOT NULL,
	"closed_day" date,
	"event_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_case_rollup" (
	"day" date NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"category_code" varchar(4) NOT NULL,
	"source" varchar(12) NOT NULL,
	"state" varchar(24) NOT NULL,
	"level" varchar(10) NOT NULL,
	"cases" integer NOT NULL,
	CONSTRAINT "dashboard_case_rollup_day_village_code_category_code_source_state_level_pk" PRIMARY KEY("day","village_code","category_code","source","state","level")
);
--> statement-breakpoint
CREATE TABLE "dashboard_closed_rollup" (
	"day" date NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"category_code" varchar(4) NOT NULL,
	"source" varchar(12) NOT NULL,
	"level" varchar(10) NOT NULL,
	"cases" integer NOT NULL,
	CONSTRAINT "dashboard_closed_rollup_day_village_code_category_code_source_level_pk" PRIMARY KEY("day","village_code","category_code","source","level")
);
--> statement-breakpoint
CREATE TABLE "screen_kiosks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"last_seen_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "dashboard_case_rollup_village_idx" ON "dashboard_case_rollup" USING btree ("village_code" text_pattern_ops,"day");--> statement-breakpoint
CREATE INDEX "dashboard_closed_rollup_village_idx" ON "dashboard_closed_rollup" USING btree ("village_code" text_pattern_ops,"day");--> statement-breakpoint
CREATE UNIQUE INDEX "screen_kiosks_token_uq" ON "screen_kiosks" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "screen_kiosks_region_idx" ON "screen_kiosks" USING btree ("region_code" text_pattern_ops);