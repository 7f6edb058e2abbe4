CREATE TABLE "party_area_formulas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(16) NOT NULL,
	"scope" varchar(18) NOT NULL,
	"version" integer NOT NULL,
	"params" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_area_formulas_kind" CHECK (kind IN ('grid', 'property', 'organisation'))
);
--> statement-breakpoint
CREATE TABLE "party_area_index" (
	"kind" varchar(16) NOT NULL,
	"unit_id" varchar(40) NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"period_kind" varchar(5) NOT NULL,
	"period_start" date NOT NULL,
	"unit_name" text NOT NULL,
	"formula_id" uuid NOT NULL,
	"formula_version" integer NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basically_satisfied" integer DEFAULT 0 NOT NULL,
	"unsatisfied" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"services" integer DEFAULT 0 NOT NULL,
	"solved" integer DEFAULT 0 NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	"satisfaction_part" double precision,
	"on_time_part" double precision,
	"score" double precision,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_area_index_kind_period_kind_period_start_unit_id_region_code_pk" PRIMARY KEY("kind","period_kind","period_start","unit_id","region_code"),
	CONSTRAINT "party_area_index_period" CHECK (period_kind IN ('week', 'month', 'year'))
);
--> statement-breakpoint
CREATE TABLE "party_org_services" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"served_on" date NOT NULL,
	"what" text NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	"case_id" uuid,
	"solved" boolean DEFAULT false NOT NULL,
	"logged_by" uuid NOT NULL,
	"logged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_org_services_households" CHECK (households >= 0)
);
--> statement-breakpoint
CREATE TABLE "party_service_orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(80) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"contact_name" varchar(40) NOT NULL,
	"contact_phone" varchar(20) NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_service_orgs_kind" CHECK (kind IN ('machine', 'enterprise', 'other'))
);
--> statement-breakpoint
CREATE TABLE "party_duties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(16) DEFAULT 'inactive_member' NOT NULL,
	"member_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"secretary_id" uuid,
	"window_no" integer NOT NULL,
	"last_visit_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "party_duties_kind" CHECK (kind IN ('inactive_member'))
);
--> statement-breakpoint
CREATE TABLE "party_exemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"reason" varchar(200) NOT NULL,
	"decided_on" date NOT NULL,
	"ends_on" date,
	"status" varchar(10) DEFAULT 'pending' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "party_exemptions_status" CHECK (status IN ('pending', 'approved', 'rejected')),
	CONSTRAINT "party_exemptions_decided" CHECK ((status = 'pending') = (decided_at IS NULL)),
	CONSTRAINT "party_exemptions_until" CHECK (ends_on IS NULL OR ends_on >= decided_on)
);
--> statement-breakpoint
CREATE TABLE "party_review_escalations" (
	"log_id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"escalated_at" timestamp with time zone NOT NULL,
	"notified" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_summaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(8) NOT NULL,
	"subject_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"month" date NOT NULL,
	"members" integer DEFAULT 1 NOT NULL,
	"exempt" integer DEFAULT 0 NOT NULL,
	"visits" integer NOT NULL,
	"valued" integer NOT NULL,
	"points" integer NOT NULL,
	"index_total" integer NOT NULL,
	"prev_visits" integer NOT NULL,
	"prev_valued" integer NOT NULL,
	"prev_points" integer NOT NULL,
	"prev_index_total" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "party_summaries_kind" CHECK (kind IN ('member', 'branch'))
);
--> statement-breakpoint
CREATE TABLE "party_targets" (
	"region_code" varchar(18) PRIMARY KEY NOT NULL,
	"visits_per_household" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_targets_range" CHECK (visits_per_household BETWEEN 0 AND 31)
);
--> statement-breakpoint
ALTER TABLE "party_duties" ADD CONSTRAINT "party_duties_branch_id_party_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."party_branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_exemptions" ADD CONSTRAINT "party_exemptions_branch_id_party_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."party_branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "party_area_formulas_version_uq" ON "party_area_formulas" USING btree ("kind","scope","version");--> statement-breakpoint
CREATE INDEX "party_area_index_rank_idx" ON "party_area_index" USING btree ("kind","period_kind","period_start","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "party_org_services_org_idx" ON "party_org_services" USING btree ("org_id","served_on");--> statement-breakpoint
CREATE INDEX "party_org_services_region_idx" ON "party_org_services" USING btree ("region_code" text_pattern_ops,"served_on");--> statement-breakpoint
CREATE INDEX "party_org_services_case_idx" ON "party_org_services" USING btree ("case_id") WHERE case_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "party_service_orgs_name_uq" ON "party_service_orgs" USING btree ("region_code","name");--> statement-breakpoint
CREATE UNIQUE INDEX "party_duties_window_uq" ON "party_duties" USING btree ("kind","member_id","window_no");--> statement-breakpoint
CREATE INDEX "party_duties_secretary_idx" ON "party_duties" USING btree ("secretary_id","done_at");--> statement-breakpoint
CREATE INDEX "party_duties_member_idx" ON "party_duties" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "party_exemptions_user_idx" ON "party_exemptions" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "party_exemptions_region_idx" ON "party_exemptions" USING btree ("region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE UNIQUE INDEX "party_exemptions_pending_uq" ON "party_exemptions" USING btree ("user_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "party_review_escalations_community_idx" ON "party_review_escalations" USING btree ("community_code","escalated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "party_summaries_uq" ON "party_summaries" USING btree ("kind","subject_id","month");--> statement-breakpoint
CREATE INDEX "party_summaries_branch_idx" ON "party_summaries" USING btree ("branch_id","month");--> statement-breakpoint
-- Version 1 of each area formula, everywhere (area-formula.ts DEFAULT_AREA_FORMULAS). Dated long ago:
-- every period, past ones too, has a version.
INSERT INTO party_area_formulas (kind, scope, version, params, note, created_at) VALUES
  ('grid', '', 1, '{"satisfactionWeight":0.6,"onTimeWeight":0.4,"basicallyCredit":0.8}', '默认公式 / the default formula', '2000-01-01T00:00:00Z'),
  ('property', '', 1, '{"satisfactionWeight":0.6,"onTimeWeight":0.4,"basicallyCredit":0.8}', '默认公式 / the default formula', '2000-01-01T00:00:00Z'),
  ('organisation', '', 1, '{"perService":1,"perSolved":5,"perHousehold":0}', '默认公式 / the default formula', '2000-01-01T00:00:00Z')
ON CONFLICT DO NOTHING;
