ALTER TABLE "cases" ADD COLUMN "fixed_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "late_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "late_level" varchar(10);--> statement-breakpoint
CREATE INDEX "cases_late_at_idx" ON "cases" USING btree ("late_at");