CREATE INDEX "points_transfers_earning_time_idx" ON "points_transfers" USING btree ("ledger","created_at") WHERE code IN ('award', 'deduction', 'correction') AND kind IN ('single', 'post');--> statement-breakpoint
-- Points accounts keep half of each page free (issue 19, the expiry of a million lots). Every ledger
-- transfer rewrites two accounts' totals, and an expiry rewrites every account once within seconds;
-- with room on its page the new version stays there (a HOT update) and none of the accounts' indexes
-- changes. Packed full (the default), each update moved the row to another page and added entries to
-- the primary key and to the holder index, whose random holder ids put them on pages all over it: the
-- million-lot expiry wrote 460,000 pages itself (177,000 with this), 78 s → 58 s on the same machine.
-- Pages written before this keep their fill until they are rewritten; new pages follow it.
ALTER TABLE "points_accounts" SET (fillfactor = 50);
