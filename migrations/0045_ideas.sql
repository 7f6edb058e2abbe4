CREATE TABLE "idea_milestones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"idea_id" uuid NOT NULL,
	"progress" integer NOT NULL,
	"note" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idea_milestones_progress" CHECK (progress BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "idea_officers" (
	"idea_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"stars" integer,
	"comment" text,
	"rated_at" timestamp with time zone,
	"named_by" uuid,
	"named_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idea_officers_idea_id_user_id_pk" PRIMARY KEY("idea_id","user_id"),
	CONSTRAINT "idea_officers_stars" CHECK (stars IS NULL OR stars BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "idea_supports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"idea_id" uuid NOT NULL,
	"voter_key" varchar(40) NOT NULL,
	"supporter_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ideas" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"title" varchar(60) NOT NULL,
	"body" text NOT NULL,
	"search_text" text NOT NULL,
	"proposer_id" uuid NOT NULL,
	"photo_media_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"state" varchar(16) NOT NULL,
	"support_mode" varchar(10) NOT NULL,
	"threshold" integer NOT NULL,
	"supports" integer DEFAULT 0 NOT NULL,
	"support_deadline" timestamp with time zone NOT NULL,
	"reached_threshold" boolean DEFAULT false NOT NULL,
	"review_since" timestamp with time zone,
	"answer_due" timestamp with time zone,
	"overdue_since" timestamp with time zone,
	"outcome" varchar(16),
	"outcome_reason" text,
	"merged_into" uuid,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"progress" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ideas_state" CHECK (state IN ('collecting', 'under_review', 'adopted', 'not_adopted', 'merged', 'done')),
	CONSTRAINT "ideas_mode" CHECK (support_mode IN ('person', 'household')),
	CONSTRAINT "ideas_progress" CHECK (progress BETWEEN 0 AND 100),
	CONSTRAINT "ideas_threshold" CHECK (threshold > 0),
	CONSTRAINT "ideas_outcome" CHECK ((state IN ('collecting', 'under_review')) = (outcome IS NULL) AND (outcome IS NULL OR length(outcome_reason) > 0) AND ((state = 'merged') = (merged_into IS NOT NULL)))
);
--> statement-breakpoint
CREATE TABLE "poll_ballots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"poll_id" uuid NOT NULL,
	"choices" integer[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "poll_paper_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"poll_id" uuid NOT NULL,
	"label" varchar(40) NOT NULL,
	"ballots" integer NOT NULL,
	"counts" jsonb NOT NULL,
	"clerk_a" uuid NOT NULL,
	"clerk_b" uuid,
	"entered_at" timestamp with time zone NOT NULL,
	"agreed_at" timestamp with time zone,
	CONSTRAINT "poll_paper_batches_clerks" CHECK (clerk_b IS NULL OR clerk_b <> clerk_a),
	CONSTRAINT "poll_paper_batches_ballots" CHECK (ballots >= 0)
);
--> statement-breakpoint
CREATE TABLE "poll_voters" (
	"poll_id" uuid NOT NULL,
	"voter_key" varchar(40) NOT NULL,
	"user_id" uuid NOT NULL,
	"voted_on" varchar(10) NOT NULL,
	CONSTRAINT "poll_voters_poll_id_voter_key_pk" PRIMARY KEY("poll_id","voter_key")
);
--> statement-breakpoint
CREATE TABLE "polls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"question" varchar(120) NOT NULL,
	"options" jsonb NOT NULL,
	"choice" varchar(10) NOT NULL,
	"voter_mode" varchar(10) NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"eligible" integer,
	"turnout" integer,
	"results" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "polls_choice" CHECK (choice IN ('single', 'approval')),
	CONSTRAINT "polls_mode" CHECK (voter_mode IN ('person', 'household')),
	CONSTRAINT "polls_times" CHECK (closes_at > opens_at)
);
--> statement-breakpoint
ALTER TABLE "idea_milestones" ADD CONSTRAINT "idea_milestones_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_officers" ADD CONSTRAINT "idea_officers_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_supports" ADD CONSTRAINT "idea_supports_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_paper_batches" ADD CONSTRAINT "poll_paper_batches_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_voters" ADD CONSTRAINT "poll_voters_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idea_milestones_idea_idx" ON "idea_milestones" USING btree ("idea_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "idea_supports_once_uq" ON "idea_supports" USING btree ("idea_id","voter_key");--> statement-breakpoint
CREATE INDEX "idea_supports_supporter_idx" ON "idea_supports" USING btree ("supporter_id");--> statement-breakpoint
CREATE INDEX "ideas_region_idx" ON "ideas" USING btree ("region_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "ideas_collecting_due_idx" ON "ideas" USING btree ("support_deadline") WHERE state = 'collecting';--> statement-breakpoint
CREATE INDEX "ideas_review_due_idx" ON "ideas" USING btree ("answer_due") WHERE state = 'under_review';--> statement-breakpoint
CREATE INDEX "poll_ballots_poll_idx" ON "poll_ballots" USING btree ("poll_id");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_paper_batches_label_uq" ON "poll_paper_batches" USING btree ("poll_id","label");--> statement-breakpoint
CREATE INDEX "polls_region_idx" ON "polls" USING btree ("region_code" text_pattern_ops,"closes_at");--> statement-breakpoint
CREATE INDEX "polls_open_due_idx" ON "polls" USING btree ("closes_at") WHERE closed_at IS NULL;--> statement-breakpoint
-- the similar-idea hint: word_similarity over the ideas' two-character words (search_text, written by the
-- service; pg_trgm 0042), through a GIN trigram index
CREATE INDEX "ideas_search_trgm_idx" ON "ideas" USING gin ("search_text" gin_trgm_ops);
