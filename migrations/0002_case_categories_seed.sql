-- Case numbers (20261122-000123) come from this sequence.
CREATE SEQUENCE IF NOT EXISTS case_no_seq;
--> statement-breakpoint
-- Event categories the demo and every installation start with (DOMAIN.md §2). Editable by admins
-- afterwards; this migration only inserts what is missing.
INSERT INTO case_categories (code, name, name_en, lead_kind, limit_value, limit_unit, urgent_limit_value, urgent_limit_unit, sign_limit_value, sign_limit_unit, points, sources, duplicate_radius_m) VALUES
  ('0101', '私搭乱建', 'Illegal construction', 'enforcement', 20, 'working_days', 4, 'hours', 1, 'working_days', 5, '["grid_worker","resident","tourist","hotline"]', 50),
  ('0102', '暴露垃圾', 'Exposed garbage', 'cleaning', 4, 'working_hours', 2, 'working_hours', 1, 'working_hours', 2, '["camera","grid_worker","resident","tourist","open311"]', 50),
  ('0107', '焚烧垃圾/草皮', 'Open burning', 'grid_worker', 1, 'hours', 30, 'minutes', 10, 'minutes', 5, '["camera","grid_worker","resident","tourist","hotline","open311"]', 300),
  ('0108', '垃圾桶满溢', 'Overflowing bin', 'cleaning', 4, 'working_hours', 1, 'hours', 30, 'minutes', 1, '["camera","grid_worker","resident","open311"]', 30),
  ('0201', '非法小广告', 'Illegal posters', 'cleaning', 1, 'working_days', 4, 'working_hours', 1, 'working_days', 1, '["grid_worker","resident","open311"]', 50),
  ('0501', '占道经营', 'Street vending', 'enforcement', 4, 'working_hours', 1, 'hours', 30, 'minutes', 1, '["camera","grid_worker","resident","tourist"]', 50),
  ('0502', '违章停车', 'Illegal parking', 'enforcement', 2, 'working_hours', 30, 'minutes', 30, 'minutes', 1, '["camera","grid_worker","resident"]', 30),
  ('1101', '秸秆焚烧', 'Straw burning', 'enforcement', 1, 'hours', 30, 'minutes', 10, 'minutes', 5, '["camera","grid_worker","resident","hotline"]', 300),
  ('1201', '非法垂钓/捕捞', 'Illegal fishing', 'water_bureau', 1, 'hours', 30, 'minutes', 15, 'minutes', 2, '["camera","grid_worker","resident"]', 200),
  ('1202', '水库隐患', 'Reservoir hazard', 'water_bureau', 60, 'minutes', 15, 'minutes', 10, 'minutes', 5, '["sensor","grid_worker","hotline"]', 500),
  ('1203', '地质灾害隐患', 'Landslide risk', 'department', 60, 'minutes', 15, 'minutes', 10, 'minutes', 5, '["sensor","grid_worker","resident","hotline"]', 500),
  ('1301', '矛盾纠纷', 'Dispute', 'mediation', 5, 'working_days', 1, 'working_days', 1, 'working_days', 2, '["resident","grid_worker","hotline"]', 0),
  ('1401', '景区拉客', 'Tourist harassment', 'market_regulation', 1, 'working_days', 4, 'working_hours', 2, 'working_hours', 2, '["tourist","resident","grid_worker"]', 100),
  ('1501', '咨询/办事需求', 'Question or service request', 'command_room', 5, 'working_days', 1, 'working_days', 5, 'minutes', 0, '["resident","tourist","hotline","open311"]', 0)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
INSERT INTO vendor_event_codes (vendor, event_code, category_code, description) VALUES
  ('dahua', '887', '0501', 'street vendor'),
  ('dahua', '890', '0102', 'exposed garbage'),
  ('dahua', '893', '0502', 'illegal parking'),
  ('dahua', '895', '0108', 'overflowing bin'),
  ('hikvision', 'smokeDetection', '0107', 'smoke'),
  ('hikvision', 'fireDetection', '0107', 'fire'),
  ('hikvision', 'illegalParking', '0502', 'illegal parking'),
  ('generic', 'smoke_fire', '0107', 'smoke or fire'),
  ('generic', 'person_at_water', '1201', 'person at the water (fishing)'),
  ('generic', 'street_vendor', '0501', 'street vendor'),
  ('generic', 'bin_overflow', '0108', 'overflowing bin'),
  ('generic', 'exposed_garbage', '0102', 'exposed garbage'),
  ('generic', 'illegal_parking', '0502', 'illegal parking')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Urgent categories climb to the next level by themselves when a time limit passes; the others go
-- up the supervision ladder (催办 → 督办 → 通报) and are escalated by people.
UPDATE case_categories SET auto_escalate = (code IN ('0107', '1101', '1201', '1202', '1203'));
