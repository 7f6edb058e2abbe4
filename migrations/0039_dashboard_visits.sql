CREATE TABLE "dashboard_visit_facts" (
	"log_id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"area_code" varchar(18) NOT NULL,
	"valued" boolean NOT NULL,
	"event_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_visit_rollup" (
	"day" date NOT NULL,
	"area_code" varchar(18) NOT NULL,
	"visits" integer NOT NULL,
	"valued" integer NOT NULL,
	CONSTRAINT "dashboard_visit_rollup_day_area_code_pk" PRIMARY KEY("day","area_code")
);
--> statement-breakpoint
CREATE INDEX "dashboard_visit_rollup_area_idx" ON "dashboard_visit_rollup" USING btree ("area_code" text_pattern_ops,"day");