CREATE TABLE "sensor_rule_sets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" varchar(8) NOT NULL,
	"target" varchar(80) NOT NULL,
	"version" integer NOT NULL,
	"overrides" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alarms" ADD COLUMN "rules" text;--> statement-breakpoint
CREATE UNIQUE INDEX "sensor_rule_sets_version_uq" ON "sensor_rule_sets" USING btree ("scope","target","version");