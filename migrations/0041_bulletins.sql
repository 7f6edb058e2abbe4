CREATE TABLE "bulletins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(8) NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"scope" varchar(12) NOT NULL,
	"period_start" varchar(10) NOT NULL,
	"period_end" varchar(10) NOT NULL,
	"year" integer NOT NULL,
	"serial" integer NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" varchar(64) NOT NULL,
	"xlsx" "bytea" NOT NULL,
	"xlsx_sha256" varchar(64) NOT NULL,
	"pdf" "bytea",
	"pdf_sha256" varchar(64),
	"generated_by" uuid,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_notifications" ADD COLUMN "link" text;--> statement-breakpoint
CREATE UNIQUE INDEX "bulletins_period_uq" ON "bulletins" USING btree ("kind","region_code","period_start");--> statement-breakpoint
CREATE INDEX "bulletins_scope_idx" ON "bulletins" USING btree ("scope" text_pattern_ops,"period_start");