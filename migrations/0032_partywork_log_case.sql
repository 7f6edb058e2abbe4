ALTER TABLE "party_visit_logs" ADD COLUMN "case_id" uuid;--> statement-breakpoint
-- A visit log opens a case in one tap (issue 17: 孔奶奶 unwell → the grid worker's case → the family
-- doctor): a care need a 联户 visit found, led by the grid worker of the grid. Raised by staff channels only
-- (the case is the grid worker's, whoever taps), never offered to Open311: a neighbour's health is not published.
INSERT INTO case_categories (code, name, name_en, lead_kind, limit_value, limit_unit, urgent_limit_value, urgent_limit_unit, sign_limit_value, sign_limit_unit, sources, duplicate_radius_m, auto_escalate) VALUES
  ('1601', '关爱帮扶（走访发现）', 'Care needed (found on a visit)', 'grid_worker', 2, 'working_days', 4, 'hours', 2, 'working_hours', '["grid_worker","hotline"]', 0, false)
ON CONFLICT (code) DO NOTHING;
