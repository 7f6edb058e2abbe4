CREATE TABLE "notify_deadline_warnings" (
	"case_id" uuid NOT NULL,
	"kind" varchar(16) NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notify_deadline_warnings_case_id_kind_deadline_pk" PRIMARY KEY("case_id","kind","deadline")
);
--> statement-breakpoint
CREATE TABLE "notify_robot_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_notifications" ADD COLUMN "kind" varchar(24);--> statement-breakpoint
ALTER TABLE "user_notifications" ADD COLUMN "alarm_id" uuid;--> statement-breakpoint
ALTER TABLE "user_notifications" ADD COLUMN "urgent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "user_notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "user_notifications" ADD COLUMN "sms_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "user_notifications" ADD COLUMN "sms_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notify_robot_messages_channel_key_uq" ON "notify_robot_messages" USING btree ("channel_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notify_robot_messages_due_idx" ON "notify_robot_messages" USING btree ("due_at") WHERE sent_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "user_notifications_key_user_uq" ON "user_notifications" USING btree ("dedupe_key","user_id");--> statement-breakpoint
CREATE INDEX "user_notifications_sms_due_idx" ON "user_notifications" USING btree ("sms_due_at") WHERE sms_at IS NULL AND sms_due_at IS NOT NULL;