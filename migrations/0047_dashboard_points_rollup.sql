CREATE TABLE "dashboard_points_people" (
	"month" varchar(7) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"holder_id" uuid NOT NULL,
	CONSTRAINT "dashboard_points_people_month_village_code_holder_id_pk" PRIMARY KEY("month","village_code","holder_id")
);
--> statement-breakpoint
CREATE TABLE "dashboard_points_rollup" (
	"day" date NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"rule_key" text NOT NULL,
	"rule_name" text NOT NULL,
	"earned" integer NOT NULL,
	CONSTRAINT "dashboard_points_rollup_day_village_code_rule_key_pk" PRIMARY KEY("day","village_code","rule_key")
);
--> statement-breakpoint
CREATE INDEX "dashboard_points_people_village_idx" ON "dashboard_points_people" USING btree ("village_code" text_pattern_ops,"month");--> statement-breakpoint
CREATE INDEX "dashboard_points_rollup_village_idx" ON "dashboard_points_rollup" USING btree ("village_code" text_pattern_ops,"day");