CREATE TABLE "calendar_overrides" (
	"date" varchar(10) PRIMARY KEY NOT NULL,
	"working" boolean NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "case_categories" (
	"code" varchar(4) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"lead_kind" varchar(24) NOT NULL,
	"limit_value" integer NOT NULL,
	"limit_unit" varchar(16) NOT NULL,
	"urgent_limit_value" integer NOT NULL,
	"urgent_limit_unit" varchar(16) NOT NULL,
	"sign_limit_value" integer DEFAULT 2 NOT NULL,
	"sign_limit_unit" varchar(16) DEFAULT 'working_hours' NOT NULL,
	"auto_escalate" boolean DEFAULT true NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"sources" jsonb NOT NULL,
	"duplicate_radius_m" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_timeline" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"action" varchar(24) NOT NULL,
	"from_state" varchar(24),
	"to_state" varchar(24) NOT NULL,
	"level" varchar(10) NOT NULL,
	"note" text,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"no" varchar(20) NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category_code" varchar(4),
	"severity" varchar(8) DEFAULT 'normal' NOT NULL,
	"state" varchar(24) NOT NULL,
	"level" varchar(10) DEFAULT 'village' NOT NULL,
	"source" varchar(12) NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"reporter_id" uuid,
	"assignee_id" uuid,
	"assigned_org_id" uuid,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"registered_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"feedback_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"rated_at" timestamp with time zone,
	"sign_deadline" timestamp with time zone,
	"deadline" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"requested_until" timestamp with time zone,
	"supervision" integer DEFAULT 0 NOT NULL,
	"overdue_at" timestamp with time zone,
	"closed_on_time" boolean,
	"rework_count" integer DEFAULT 0 NOT NULL,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"extension_count" integer DEFAULT 0 NOT NULL,
	"rating" varchar(24),
	"merged_into" uuid,
	"report_count" integer DEFAULT 1 NOT NULL,
	"client_key" varchar(80),
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_event_codes" (
	"vendor" varchar(24) NOT NULL,
	"event_code" varchar(40) NOT NULL,
	"category_code" varchar(4) NOT NULL,
	"description" text,
	CONSTRAINT "vendor_event_codes_vendor_event_code_pk" PRIMARY KEY("vendor","event_code")
);
--> statement-breakpoint
ALTER TABLE "case_timeline" ADD CONSTRAINT "case_timeline_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_category_code_case_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."case_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_event_codes" ADD CONSTRAINT "vendor_event_codes_category_code_case_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."case_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_timeline_case_idx" ON "case_timeline" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_no_uq" ON "cases" USING btree ("no");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_client_key_uq" ON "cases" USING btree ("reporter_id","client_key");--> statement-breakpoint
CREATE INDEX "cases_region_idx" ON "cases" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "cases_open_deadline_idx" ON "cases" USING btree ("deadline") WHERE state IN ('PROCESSING','EXTENSION_REQUESTED');--> statement-breakpoint
CREATE INDEX "cases_open_sign_deadline_idx" ON "cases" USING btree ("sign_deadline") WHERE state = 'DISPATCHED';--> statement-breakpoint
CREATE INDEX "cases_state_idx" ON "cases" USING btree ("state","level");--> statement-breakpoint
CREATE INDEX "cases_category_reported_idx" ON "cases" USING btree ("category_code","reported_at");