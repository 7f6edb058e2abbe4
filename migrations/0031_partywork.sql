CREATE TABLE "party_branches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"name" varchar(80) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_branches_kind" CHECK (kind IN ('village', 'residential', 'organ', 'enterprise', 'other'))
);
--> statement-breakpoint
CREATE TABLE "party_members" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"status" varchar(12) NOT NULL,
	"reported" boolean DEFAULT false NOT NULL,
	"identity_shown" boolean DEFAULT false NOT NULL,
	"posts" text[] DEFAULT '{}'::text[] NOT NULL,
	"relation_elsewhere" varchar(120),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_members_status" CHECK (status IN ('serving', 'retired', 'mobile'))
);
--> statement-breakpoint
CREATE TABLE "party_settings" (
	"region_code" varchar(18) PRIMARY KEY NOT NULL,
	"weekly_cap" integer NOT NULL,
	"geofence_m" integer NOT NULL,
	"min_gap_minutes" integer NOT NULL,
	"points_per_log" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_settings_ranges" CHECK (weekly_cap BETWEEN 0 AND 50 AND geofence_m BETWEEN 10 AND 5000 AND min_gap_minutes BETWEEN 0 AND 10080 AND points_per_log BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "party_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"kind" varchar(12) NOT NULL,
	"household_id" uuid,
	"subject" varchar(120) NOT NULL,
	"note" text,
	"frequency_days" integer NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"state" varchar(10) DEFAULT 'open' NOT NULL,
	"published_by" uuid NOT NULL,
	"member_id" uuid,
	"claimed_at" timestamp with time zone,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_tasks_kind" CHECK (kind IN ('household', 'building', 'issue')),
	CONSTRAINT "party_tasks_state" CHECK (state IN ('open', 'claimed', 'active', 'closed')),
	CONSTRAINT "party_tasks_member" CHECK ((state <> 'open' OR member_id IS NULL) AND (state NOT IN ('claimed', 'active') OR member_id IS NOT NULL)),
	CONSTRAINT "party_tasks_household" CHECK ((kind = 'household') = (household_id IS NOT NULL)),
	CONSTRAINT "party_tasks_frequency" CHECK (frequency_days BETWEEN 1 AND 366)
);
--> statement-breakpoint
CREATE TABLE "party_visit_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"household_id" uuid,
	"region_code" varchar(18) NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"accuracy_m" double precision NOT NULL,
	"distance_m" double precision,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"photo_id" varchar(64),
	"note" text NOT NULL,
	"needs" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" varchar(10) DEFAULT 'pending' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"reject_reason" text,
	"points" integer,
	"points_note" text,
	"transfer_id" uuid,
	CONSTRAINT "party_visit_logs_status" CHECK (status IN ('pending', 'valued', 'rejected')),
	CONSTRAINT "party_visit_logs_reviewed" CHECK ((status = 'pending') = (reviewed_at IS NULL))
);
--> statement-breakpoint
ALTER TABLE "party_members" ADD CONSTRAINT "party_members_branch_id_party_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."party_branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_visit_logs" ADD CONSTRAINT "party_visit_logs_task_id_party_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."party_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "party_branches_name_uq" ON "party_branches" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "party_branches_region_idx" ON "party_branches" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "party_members_branch_idx" ON "party_members" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "party_members_region_idx" ON "party_members" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "party_tasks_region_idx" ON "party_tasks" USING btree ("region_code" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "party_tasks_member_idx" ON "party_tasks" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "party_tasks_household_idx" ON "party_tasks" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "party_visit_logs_region_idx" ON "party_visit_logs" USING btree ("region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "party_visit_logs_member_idx" ON "party_visit_logs" USING btree ("member_id","visited_at");--> statement-breakpoint
CREATE INDEX "party_visit_logs_task_idx" ON "party_visit_logs" USING btree ("task_id","visited_at");