ALTER TABLE "sensor_readings" ALTER COLUMN "value" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sensor_readings" ADD COLUMN "data" jsonb;--> statement-breakpoint
ALTER TABLE "sensor_readings" ADD CONSTRAINT "sensor_readings_value_or_data" CHECK (("value" IS NULL) <> ("data" IS NULL));