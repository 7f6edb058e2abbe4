CREATE TABLE "points_claim_votes" (
	"claim_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"decision" varchar(8) NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_claim_votes_claim_id_reviewer_id_pk" PRIMARY KEY("claim_id","reviewer_id")
);
--> statement-breakpoint
CREATE TABLE "points_claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"rule_id" uuid NOT NULL,
	"rule_key" varchar(48) NOT NULL,
	"rule_version" integer NOT NULL,
	"ledger" varchar(16) NOT NULL,
	"beneficiary_id" uuid NOT NULL,
	"household_id" uuid,
	"filed_by" uuid,
	"amount" integer NOT NULL,
	"source" varchar(16) NOT NULL,
	"source_id" varchar(64),
	"business_key" varchar(200) NOT NULL,
	"note" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"status" varchar(12) NOT NULL,
	"pending_transfer_id" uuid,
	"posted_transfer_id" uuid,
	"posted_amount" integer,
	"notice_from" timestamp with time zone,
	"notice_until" timestamp with time zone,
	"recheck_due" timestamp with time zone,
	"decision_reason" text,
	"decided_by" uuid,
	"event_time" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_objections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"objector_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"key" varchar(48) NOT NULL,
	"version" integer NOT NULL,
	"name_zh" varchar(80) NOT NULL,
	"name_en" varchar(120) NOT NULL,
	"ledger" varchar(16) NOT NULL,
	"amount" integer NOT NULL,
	"trigger" varchar(16) NOT NULL,
	"category_code" varchar(32),
	"cap_day" integer,
	"cap_month" integer,
	"cap_year" integer,
	"needs_photo" boolean DEFAULT false NOT NULL,
	"needs_gps" boolean DEFAULT false NOT NULL,
	"skip_review" boolean DEFAULT false NOT NULL,
	"public_notice" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_rules_amount" CHECK (amount <> 0 AND abs(amount) <= 10000),
	CONSTRAINT "points_rules_deduction_photo" CHECK (amount > 0 OR needs_photo)
);
--> statement-breakpoint
CREATE TABLE "points_scorers" (
	"region_code" varchar(18) NOT NULL,
	"user_id" uuid NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_scorers_region_code_user_id_pk" PRIMARY KEY("region_code","user_id")
);
--> statement-breakpoint
CREATE TABLE "points_settings" (
	"region_code" varchar(18) PRIMARY KEY NOT NULL,
	"quorum" integer DEFAULT 3 NOT NULL,
	"notice_days" integer DEFAULT 7 NOT NULL,
	"recheck_days" integer DEFAULT 5 NOT NULL,
	"yuan_per_point" double precision DEFAULT 0.2 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "points_claim_votes" ADD CONSTRAINT "points_claim_votes_claim_id_points_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."points_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_claims" ADD CONSTRAINT "points_claims_rule_id_points_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."points_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_objections" ADD CONSTRAINT "points_objections_claim_id_points_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."points_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "points_claims_business_key_uq" ON "points_claims" USING btree ("business_key");--> statement-breakpoint
CREATE INDEX "points_claims_region_status_idx" ON "points_claims" USING btree ("region_code","status","created_at");--> statement-breakpoint
CREATE INDEX "points_claims_beneficiary_idx" ON "points_claims" USING btree ("beneficiary_id","created_at");--> statement-breakpoint
CREATE INDEX "points_claims_cap_idx" ON "points_claims" USING btree ("rule_key","household_id","event_time");--> statement-breakpoint
CREATE INDEX "points_claims_due_idx" ON "points_claims" USING btree ("notice_until") WHERE status = 'noticed';--> statement-breakpoint
CREATE UNIQUE INDEX "points_objections_once_uq" ON "points_objections" USING btree ("claim_id","objector_id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_rules_version_uq" ON "points_rules" USING btree ("region_code","key","version");