-- Readings partitioned by month (Asia/Shanghai months): a year of 1,000 devices at one reading a minute is
-- ~525 M rows; per-month partitions keep each index small, let range scans touch only the months they ask
-- for, and make retention a DROP TABLE. Partitions are made ahead by sensor_readings_add_month(), called
-- here for the last 13 and the next 2 months and by the server's sweeper every hour; the DEFAULT
-- partition only catches what falls outside them (ingest refuses readings over a year old).
ALTER TABLE "sensor_readings" RENAME TO "sensor_readings_unpartitioned";--> statement-breakpoint
ALTER TABLE "sensor_readings_unpartitioned" RENAME CONSTRAINT "sensor_readings_device_id_key_ts_pk" TO "sensor_readings_unpartitioned_pk";--> statement-breakpoint
CREATE TABLE "sensor_readings" (
	"device_id" uuid NOT NULL,
	"key" varchar(40) NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "sensor_readings_device_id_key_ts_pk" PRIMARY KEY("device_id","key","ts")
) PARTITION BY RANGE ("ts");--> statement-breakpoint
CREATE TABLE "sensor_readings_default" PARTITION OF "sensor_readings" DEFAULT;--> statement-breakpoint
CREATE FUNCTION sensor_readings_add_month(m timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  first timestamp := date_trunc('month', m AT TIME ZONE 'Asia/Shanghai');
  part text := 'sensor_readings_' || to_char(first, 'YYYYMM');
BEGIN
  IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF sensor_readings FOR VALUES FROM (%L) TO (%L)', part,
    first AT TIME ZONE 'Asia/Shanghai', (first + interval '1 month') AT TIME ZONE 'Asia/Shanghai');
  RETURN true;
END $$;--> statement-breakpoint
SELECT sensor_readings_add_month(now() + make_interval(months => g)) FROM generate_series(-13, 2) g;--> statement-breakpoint
INSERT INTO "sensor_readings" SELECT * FROM "sensor_readings_unpartitioned";--> statement-breakpoint
DROP TABLE "sensor_readings_unpartitioned";
