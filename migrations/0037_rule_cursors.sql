CREATE TABLE "device_rule_cursors" (
	"device_id" uuid PRIMARY KEY NOT NULL,
	"judged_to" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_rule_cursors" ADD CONSTRAINT "device_rule_cursors_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;