CREATE TABLE "party_deductions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "party_deductions_points" CHECK (points > 0)
);
--> statement-breakpoint
CREATE TABLE "party_index_formulas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(16) NOT NULL,
	"scope" varchar(18) NOT NULL,
	"version" integer NOT NULL,
	"params" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_index_formulas_kind" CHECK (kind IN ('member'))
);
--> statement-breakpoint
CREATE TABLE "party_member_index" (
	"user_id" uuid NOT NULL,
	"period_kind" varchar(5) NOT NULL,
	"period_start" date NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"branch_id" uuid NOT NULL,
	"formula_id" uuid NOT NULL,
	"formula_version" integer NOT NULL,
	"base" integer NOT NULL,
	"static_bonus" integer NOT NULL,
	"service_points" integer NOT NULL,
	"dynamic_bonus" integer NOT NULL,
	"deductions" integer NOT NULL,
	"total" integer NOT NULL,
	"valued_logs" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_member_index_user_id_period_kind_period_start_pk" PRIMARY KEY("user_id","period_kind","period_start"),
	CONSTRAINT "party_member_index_period" CHECK (period_kind IN ('week', 'month', 'year'))
);
--> statement-breakpoint
CREATE TABLE "party_ranking_settings" (
	"region_code" varchar(18) PRIMARY KEY NOT NULL,
	"scope" varchar(18) NOT NULL,
	"aggregates_only" boolean NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "party_deductions_member_idx" ON "party_deductions" USING btree ("member_id","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "party_index_formulas_version_uq" ON "party_index_formulas" USING btree ("kind","scope","version");--> statement-breakpoint
CREATE INDEX "party_member_index_rank_idx" ON "party_member_index" USING btree ("period_kind","period_start","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "party_member_index_branch_idx" ON "party_member_index" USING btree ("branch_id","period_kind","period_start");--> statement-breakpoint
CREATE INDEX "party_visit_logs_valued_idx" ON "party_visit_logs" USING btree ("member_id","reviewed_at") WHERE status = 'valued';--> statement-breakpoint
-- The member formula's first version, everywhere (柯城 邻礼通: base 报到 + 亮身份, a static bonus per post,
-- the dynamic bonus one index point per party service point, deductions one for one). Dated long ago:
-- every period, past ones too, has a version.
INSERT INTO party_index_formulas (kind, scope, version, params, note, created_at) VALUES
  ('member', '', 1, '{"reported":10,"identityShown":10,"posts":{"owners_committee":5,"branch_committee":5,"branch_secretary":8,"building_lead":3},"perPoint":1,"perDeduction":1}', '默认公式 / the default formula', '2000-01-01T00:00:00Z')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Half-full pages: a recompute rewrites a row's numbers in place (a HOT update, no index touched), since
-- no indexed column changes; a formula change rewrites a county's rows at once.
ALTER TABLE "party_member_index" SET (fillfactor = 50);
