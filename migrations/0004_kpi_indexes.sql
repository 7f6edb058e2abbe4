CREATE INDEX "case_timeline_at_idx" ON "case_timeline" USING btree ("at");--> statement-breakpoint
CREATE INDEX "cases_reported_at_idx" ON "cases" USING btree ("reported_at");--> statement-breakpoint
CREATE INDEX "cases_deadline_idx" ON "cases" USING btree ("deadline");--> statement-breakpoint
CREATE INDEX "cases_closed_at_idx" ON "cases" USING btree ("closed_at");--> statement-breakpoint
CREATE INDEX "cases_rated_at_idx" ON "cases" USING btree ("rated_at");