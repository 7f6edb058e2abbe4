-- case_categories.points moves to the points module's earning rules (issue 16): a category that paid
-- its reporters becomes a rule of its own (report_closed_<code>, for that category, everywhere), which
-- the points module prefers over the general report_closed rule; then the column goes.
INSERT INTO "points_rules" ("id", "region_code", "key", "version", "name_zh", "name_en", "ledger", "amount", "trigger", "category_code", "cap_day", "cap_month", "cap_year", "needs_photo", "needs_gps", "skip_review", "public_notice", "active")
SELECT gen_random_uuid(), '', 'report_closed_' || c."code", 1, left('报事办结：' || c."name", 80), left('Report closed: ' || coalesce(c."name_en", c."name"), 120), 'resident', c."points", 'case.closed', c."code", 10, 60, NULL, false, false, true, true, true
FROM "case_categories" c WHERE c."points" > 0;
--> statement-breakpoint
ALTER TABLE "case_categories" DROP COLUMN "points";
