CREATE TABLE "credit_banks" (
	"code" varchar(32) PRIMARY KEY NOT NULL,
	"name_zh" varchar(80) NOT NULL,
	"name_en" varchar(120) NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_consents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"bank_code" varchar(32) NOT NULL,
	"granted_by" uuid NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"withdrawn_by" uuid,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credit_dividend_objections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dividend_id" uuid NOT NULL,
	"objector_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_dividend_shares" (
	"dividend_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"label" text NOT NULL,
	"head_user_id" uuid NOT NULL,
	"points" bigint NOT NULL,
	"payout_fen" bigint NOT NULL,
	CONSTRAINT "credit_dividend_shares_dividend_id_household_id_pk" PRIMARY KEY("dividend_id","household_id"),
	CONSTRAINT "credit_dividend_shares_payout" CHECK (payout_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "credit_dividends" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"title" varchar(80) NOT NULL,
	"period_from" varchar(10) NOT NULL,
	"period_to" varchar(10) NOT NULL,
	"pool_fen" bigint NOT NULL,
	"total_points" bigint NOT NULL,
	"households" integer NOT NULL,
	"status" varchar(10) NOT NULL,
	"notice_from" timestamp with time zone NOT NULL,
	"notice_until" timestamp with time zone NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"paid_at" timestamp with time zone,
	"paid_by" uuid,
	"file_sha256" varchar(64) NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_dividends_pool" CHECK (pool_fen > 0),
	CONSTRAINT "credit_dividends_status" CHECK (status IN ('noticed', 'objected', 'approved', 'paid', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "credit_extracts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bank_code" varchar(32) NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"month" varchar(7) NOT NULL,
	"tiers_version" integer NOT NULL,
	"bands" jsonb NOT NULL,
	"rows" jsonb NOT NULL,
	"row_count" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"signature" text NOT NULL,
	"json_sha256" varchar(64) NOT NULL,
	"json_signature" text NOT NULL,
	"key_id" varchar(16) NOT NULL,
	"public_key_pem" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_tiers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"version" integer NOT NULL,
	"bands" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_consents" ADD CONSTRAINT "credit_consents_bank_code_credit_banks_code_fk" FOREIGN KEY ("bank_code") REFERENCES "public"."credit_banks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_dividend_objections" ADD CONSTRAINT "credit_dividend_objections_dividend_id_credit_dividends_id_fk" FOREIGN KEY ("dividend_id") REFERENCES "public"."credit_dividends"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_dividend_shares" ADD CONSTRAINT "credit_dividend_shares_dividend_id_credit_dividends_id_fk" FOREIGN KEY ("dividend_id") REFERENCES "public"."credit_dividends"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_extracts" ADD CONSTRAINT "credit_extracts_bank_code_credit_banks_code_fk" FOREIGN KEY ("bank_code") REFERENCES "public"."credit_banks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_banks_token_uq" ON "credit_banks" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_consents_live_uq" ON "credit_consents" USING btree ("household_id","bank_code") WHERE withdrawn_at IS NULL;--> statement-breakpoint
CREATE INDEX "credit_consents_region_idx" ON "credit_consents" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "credit_dividend_objections_once_uq" ON "credit_dividend_objections" USING btree ("dividend_id","objector_id");--> statement-breakpoint
CREATE INDEX "credit_dividends_region_idx" ON "credit_dividends" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_dividends_period_uq" ON "credit_dividends" USING btree ("region_code","period_from","period_to") WHERE status <> 'withdrawn';--> statement-breakpoint
CREATE UNIQUE INDEX "credit_extracts_month_uq" ON "credit_extracts" USING btree ("bank_code","region_code","month");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_tiers_version_uq" ON "credit_tiers" USING btree ("region_code","version");