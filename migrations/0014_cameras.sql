CREATE TABLE "user_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" bigint NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"case_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"sms_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "camera_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"episode_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" varchar(12) NOT NULL,
	"ok" boolean NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "camera_detections" (
	"camera_id" uuid NOT NULL,
	"channel" integer NOT NULL,
	"category" varchar(4) NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"event_code" varchar(40) NOT NULL,
	"region" varchar(24) DEFAULT '' NOT NULL,
	"confidence" real NOT NULL,
	"episode_id" uuid NOT NULL,
	"boxes" jsonb,
	"media_id" varchar(64),
	CONSTRAINT "camera_detections_camera_id_channel_category_ts_pk" PRIMARY KEY("camera_id","channel","category","ts")
);
--> statement-breakpoint
CREATE TABLE "camera_episodes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"camera_id" uuid NOT NULL,
	"channel" integer NOT NULL,
	"category" varchar(4) NOT NULL,
	"region" varchar(24) DEFAULT '' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"detections" integer DEFAULT 0 NOT NULL,
	"max_confidence" real DEFAULT 0 NOT NULL,
	"triggered_at" timestamp with time zone,
	"action" varchar(12) DEFAULT 'none' NOT NULL,
	"action_due_at" timestamp with time zone,
	"case_id" uuid,
	"snapshot" varchar(64),
	"false_positive" boolean,
	"marked_by" uuid,
	"marked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "camera_policies" (
	"category_code" varchar(4) PRIMARY KEY NOT NULL,
	"overrides" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "cameras" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_id" uuid NOT NULL,
	"name" text NOT NULL,
	"vendor" varchar(24) DEFAULT 'generic' NOT NULL,
	"region_code" varchar(18) NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"view" text,
	"channels" integer DEFAULT 1 NOT NULL,
	"capabilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"speaker_url" text,
	"organisation_id" uuid,
	"last_event_at" timestamp with time zone,
	"last_heartbeat_at" timestamp with time zone,
	"offline_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cameras_token_id_unique" UNIQUE("token_id"),
	CONSTRAINT "cameras_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE INDEX "user_notifications_user_idx" ON "user_notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_notifications_event_user_uq" ON "user_notifications" USING btree ("event_id","user_id");--> statement-breakpoint
CREATE INDEX "camera_actions_episode_idx" ON "camera_actions" USING btree ("episode_id","id");--> statement-breakpoint
CREATE INDEX "camera_detections_episode_idx" ON "camera_detections" USING btree ("episode_id","ts");--> statement-breakpoint
CREATE INDEX "camera_episodes_camera_idx" ON "camera_episodes" USING btree ("camera_id","opened_at");--> statement-breakpoint
CREATE INDEX "camera_episodes_due_idx" ON "camera_episodes" USING btree ("action_due_at") WHERE action_due_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "camera_episodes_opened_idx" ON "camera_episodes" USING btree ("opened_at");--> statement-breakpoint
CREATE INDEX "cameras_region_idx" ON "cameras" USING btree ("region_code");