CREATE TABLE "points_expiry_notices" (
	"account_id" uuid NOT NULL,
	"cycle" integer NOT NULL,
	"amount" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_expiry_notices_account_id_cycle_pk" PRIMARY KEY("account_id","cycle")
);
--> statement-breakpoint
CREATE TABLE "points_rank_lists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"ledger" varchar(16) NOT NULL,
	"kind" varchar(8) NOT NULL,
	"start" varchar(10) NOT NULL,
	"content" jsonb NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"content_hash" varchar(64) NOT NULL,
	"status" varchar(12) NOT NULL,
	"notice_until" timestamp with time zone NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "points_rank_objections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"list_id" uuid NOT NULL,
	"objector_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_rank_rollup" (
	"ledger" varchar(16) NOT NULL,
	"kind" varchar(8) NOT NULL,
	"start" varchar(10) NOT NULL,
	"subject" varchar(40) NOT NULL,
	"household_id" uuid,
	"holder_id" uuid,
	"region_code" varchar(18) NOT NULL,
	"earned" bigint NOT NULL,
	CONSTRAINT "points_rank_rollup_ledger_kind_start_subject_pk" PRIMARY KEY("ledger","kind","start","subject")
);
--> statement-breakpoint
CREATE TABLE "points_rank_rollup_state" (
	"ledger" varchar(16) NOT NULL,
	"kind" varchar(8) NOT NULL,
	"start" varchar(10) NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "points_rank_rollup_state_ledger_kind_start_pk" PRIMARY KEY("ledger","kind","start")
);
--> statement-breakpoint
CREATE TABLE "points_rank_settings" (
	"region_code" varchar(18) PRIMARY KEY NOT NULL,
	"aggregates_only" boolean DEFAULT false NOT NULL,
	"thresholds" jsonb,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "points_rank_objections" ADD CONSTRAINT "points_rank_objections_list_id_points_rank_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."points_rank_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "points_rank_lists_once_uq" ON "points_rank_lists" USING btree ("region_code","ledger","kind","start") WHERE status <> 'voided';--> statement-breakpoint
CREATE UNIQUE INDEX "points_rank_objections_once_uq" ON "points_rank_objections" USING btree ("list_id","objector_id");--> statement-breakpoint
CREATE INDEX "points_rank_rollup_region_idx" ON "points_rank_rollup" USING btree ("ledger","kind","start","region_code");