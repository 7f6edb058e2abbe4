CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(16) NOT NULL,
	"name" text NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"capacity_class" varchar(8),
	"flood_limits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"normal_level" double precision,
	"design_flood_level" double precision,
	"check_flood_level" double precision,
	"crest_level" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assets_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"kind" varchar(24) NOT NULL,
	"name" text NOT NULL,
	"unit" varchar(12) NOT NULL,
	"min_value" double precision,
	"max_value" double precision,
	"interval_seconds" integer DEFAULT 60 NOT NULL,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "devices_token_id_unique" UNIQUE("token_id")
);
--> statement-breakpoint
CREATE TABLE "ingest_dead_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"channel" varchar(12) NOT NULL,
	"device_id" uuid,
	"reason" text NOT NULL,
	"payload" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sensor_readings" (
	"device_id" uuid NOT NULL,
	"key" varchar(40) NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "sensor_readings_device_id_key_ts_pk" PRIMARY KEY("device_id","key","ts")
);
--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "devices_asset_idx" ON "devices" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "ingest_dead_letters_at_idx" ON "ingest_dead_letters" USING btree ("at");--> statement-breakpoint
CREATE INDEX "ingest_dead_letters_device_idx" ON "ingest_dead_letters" USING btree ("device_id") WHERE device_id IS NOT NULL;