CREATE TABLE "place_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"place_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"asker_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"kind" varchar(12) NOT NULL,
	"name" varchar(60) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"photos" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone" varchar(20),
	"booking_url" varchar(300),
	"owner_household_id" uuid,
	"owner_organisation_id" uuid,
	"status" varchar(10) DEFAULT 'draft' NOT NULL,
	"reject_reason" text,
	"revision" jsonb,
	"revision_at" timestamp with time zone,
	"revision_reject_reason" text,
	"published_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "places_kind" CHECK (kind IN ('homestay', 'restaurant', 'sight', 'venue', 'shop', 'toilet', 'parking', 'product', 'enterprise', 'workshop')),
	CONSTRAINT "places_status" CHECK (status IN ('draft', 'pending', 'published', 'rejected')),
	CONSTRAINT "places_one_owner" CHECK (owner_household_id IS NULL OR owner_organisation_id IS NULL),
	CONSTRAINT "places_attrs_object" CHECK (jsonb_typeof(attrs) = 'object'),
	CONSTRAINT "places_revision_published" CHECK (revision IS NULL OR status = 'published')
);
--> statement-breakpoint
CREATE TABLE "village_guides" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"intro" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "place_questions" ADD CONSTRAINT "place_questions_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "place_questions_case_uq" ON "place_questions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "place_questions_place_idx" ON "place_questions" USING btree ("place_id","created_at");--> statement-breakpoint
CREATE INDEX "places_region_idx" ON "places" USING btree ("region_code" text_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "places_public_idx" ON "places" USING btree ("region_code","kind") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "places_lat_lon_idx" ON "places" USING btree ("lat","lon") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "places_queue_idx" ON "places" USING btree ("region_code") WHERE status = 'pending' OR revision IS NOT NULL;--> statement-breakpoint
CREATE INDEX "places_owner_household_idx" ON "places" USING btree ("owner_household_id");--> statement-breakpoint
CREATE INDEX "places_owner_org_idx" ON "places" USING btree ("owner_organisation_id");--> statement-breakpoint
-- search by name and description (ILIKE '%…%') and by similar name (`%`, similarity): trigram GIN indexes (pg_trgm, migration 0042)
CREATE INDEX "places_text_trgm_idx" ON "places" USING gin (("name" || ' ' || "description") gin_trgm_ops) WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "places_name_trgm_idx" ON "places" USING gin ("name" gin_trgm_ops) WHERE status = 'published';
