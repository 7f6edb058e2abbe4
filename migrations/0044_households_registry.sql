CREATE TABLE "household_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"change" varchar(24) NOT NULL,
	"old_value" text,
	"new_value" text
);
--> statement-breakpoint
CREATE TABLE "household_people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"relation" varchar(12) NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"id_cipher" text,
	"id_hash" varchar(64),
	"id_masked" varchar(20),
	"birth_date" date,
	"phone_cipher" text,
	"phone_masked" varchar(20),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_people_relation" CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'other'))
);
--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "grid_code" varchar(18);--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "lon" double precision;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "household_history" ADD CONSTRAINT "household_history_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_people" ADD CONSTRAINT "household_people_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_history_household_idx" ON "household_history" USING btree ("household_id","at");--> statement-breakpoint
CREATE INDEX "household_people_household_idx" ON "household_people" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "household_people_user_uq" ON "household_people" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "household_people_id_hash_idx" ON "household_people" USING btree ("id_hash");--> statement-breakpoint
CREATE INDEX "households_grid_idx" ON "households" USING btree ("grid_code" text_pattern_ops);--> statement-breakpoint
-- the history is append-only: a change is a new row, never an edit of an old one
CREATE FUNCTION household_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'household_history is append-only';
END $$;--> statement-breakpoint
CREATE TRIGGER household_history_no_update BEFORE UPDATE ON "household_history" FOR EACH ROW EXECUTE FUNCTION household_history_append_only();--> statement-breakpoint
-- the registry's person records of the households made before it (their account members, names as on the account)
INSERT INTO "household_people" ("household_id", "user_id", "name", "relation", "created_at")
SELECT m.household_id, m.user_id, u.display_name, m.relation, m.joined_at FROM "household_members" m JOIN "users" u ON u.id = m.user_id;
