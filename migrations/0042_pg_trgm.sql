-- Similar-text search (ideas' "similar idea" hint, places' search by name): pg_trgm is a trusted
-- contrib extension (PostgreSQL 13+: a database owner may create it; PGlite loads it from its package).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
