CREATE TABLE "points_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ledger" varchar(16) NOT NULL,
	"holder_id" uuid,
	"name" varchar(32),
	"region_code" varchar(18),
	"debits_must_not_exceed_credits" boolean NOT NULL,
	"debits_posted" bigint DEFAULT 0 NOT NULL,
	"credits_posted" bigint DEFAULT 0 NOT NULL,
	"debits_pending" bigint DEFAULT 0 NOT NULL,
	"credits_pending" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_accounts_one_owner" CHECK ((holder_id IS NULL) <> (name IS NULL)),
	CONSTRAINT "points_accounts_totals" CHECK (debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND credits_pending >= 0),
	CONSTRAINT "points_accounts_no_overdraft" CHECK (NOT debits_must_not_exceed_credits OR debits_posted + debits_pending <= credits_posted)
);
--> statement-breakpoint
CREATE TABLE "points_transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" varchar(8) NOT NULL,
	"ledger" varchar(16) NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"code" varchar(16) NOT NULL,
	"pending_id" uuid,
	"status" varchar(8) NOT NULL,
	"timeout_seconds" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"linked" boolean DEFAULT false NOT NULL,
	"rule_id" varchar(64),
	"rule_version" integer,
	"business_key" varchar(200),
	"reverses_id" uuid,
	"reason" text,
	"event_time" timestamp with time zone NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"balances_after" jsonb NOT NULL,
	CONSTRAINT "points_transfers_amount" CHECK (amount > 0),
	CONSTRAINT "points_transfers_two_accounts" CHECK (debit_account_id <> credit_account_id)
);
--> statement-breakpoint
ALTER TABLE "points_transfers" ADD CONSTRAINT "points_transfers_debit_account_id_points_accounts_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."points_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_transfers" ADD CONSTRAINT "points_transfers_credit_account_id_points_accounts_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."points_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "points_accounts_holder_uq" ON "points_accounts" USING btree ("ledger","holder_id") WHERE holder_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "points_accounts_name_uq" ON "points_accounts" USING btree ("ledger","name") WHERE name IS NOT NULL;--> statement-breakpoint
CREATE INDEX "points_transfers_debit_idx" ON "points_transfers" USING btree ("debit_account_id","created_at");--> statement-breakpoint
CREATE INDEX "points_transfers_credit_idx" ON "points_transfers" USING btree ("credit_account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "points_transfers_business_key_uq" ON "points_transfers" USING btree ("business_key") WHERE business_key IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "points_transfers_resolves_once_uq" ON "points_transfers" USING btree ("pending_id") WHERE pending_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "points_transfers_reverses_idx" ON "points_transfers" USING btree ("reverses_id") WHERE reverses_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "points_transfers_expiry_idx" ON "points_transfers" USING btree ("expires_at") WHERE status = 'pending' AND expires_at IS NOT NULL;