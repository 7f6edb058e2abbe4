-- The similar-idea hint ranks through the index instead of scoring every candidate: a GiST trigram index
-- answers `ORDER BY search_text <->> words LIMIT n` (word_similarity's distance) nearest first, and stops
-- there. The GIN index could only find candidates (often most of a village's ideas: pg_trgm's padded
-- one-character trigrams are in nearly every text), each then scored and sorted. siglen 256 bytes: the
-- ideas' texts hold hundreds of trigrams, and the default 12-byte signature of an inner page is all ones,
-- which would make the walk visit every page (measured: 48 ms against 8 ms over 10,000 ideas).
DROP INDEX IF EXISTS "ideas_search_trgm_idx";--> statement-breakpoint
CREATE INDEX "ideas_search_trgm_gist_idx" ON "ideas" USING gist ("search_text" gist_trgm_ops(siglen=256));
