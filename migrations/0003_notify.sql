CREATE TABLE "notification_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"level" varchar(10) NOT NULL,
	"kind" varchar(16) DEFAULT 'dingtalk' NOT NULL,
	"url" text NOT NULL,
	"secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_log" (
	"event_id" bigint NOT NULL,
	"channel_id" uuid NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_log_event_id_channel_id_pk" PRIMARY KEY("event_id","channel_id")
);
--> statement-breakpoint
CREATE INDEX "notification_channels_region_idx" ON "notification_channels" USING btree ("region_code","level");