-- The default earning rules everywhere (region_code ''), from the seeds and village 积分制 practice
-- (issue 16): a village or township overrides a rule by writing its own version of the same key.
-- A report verified and closed pays its reporter; 满意 on a closed case pays the handling grid worker;
-- garbage sorting, 美丽庭院, tidy front yards, volunteering and 议事 meetings are claimed; a deduction
-- for clutter needs a photo. Caps per household and period, as villages cap them.
INSERT INTO "points_rules" ("id", "region_code", "key", "version", "name_zh", "name_en", "ledger", "amount", "trigger", "category_code", "cap_day", "cap_month", "cap_year", "needs_photo", "needs_gps", "skip_review", "public_notice", "active") VALUES
  ('01900000-0000-7000-8000-000000000001', '', 'report_closed', 1, '报事经核实办结', 'A report verified and closed', 'resident', 5, 'case.closed', NULL, 10, 60, NULL, false, false, true, true, true),
  ('01900000-0000-7000-8000-000000000002', '', 'rated_satisfied', 1, '办件获群众满意评价', 'A resident rated the handling satisfied', 'grid_worker', 3, 'case.rated', NULL, NULL, 90, NULL, false, false, true, true, true),
  ('01900000-0000-7000-8000-000000000003', '', 'garbage_sorting', 1, '垃圾分类检查合格', 'Garbage sorted right at the check', 'resident', 1, 'claim', NULL, 1, 25, NULL, false, false, false, true, true),
  ('01900000-0000-7000-8000-000000000004', '', 'beautiful_courtyard', 1, '美丽庭院', 'Beautiful courtyard (美丽庭院)', 'resident', 10, 'claim', NULL, NULL, 10, NULL, true, false, false, true, true),
  ('01900000-0000-7000-8000-000000000005', '', 'tidy_frontyard', 1, '宅前屋后无乱堆物', 'Nothing piled in front of or behind the house', 'resident', 5, 'claim', NULL, NULL, 25, NULL, true, false, false, true, true),
  ('01900000-0000-7000-8000-000000000006', '', 'volunteer_hour', 1, '志愿服务（每小时）', 'Volunteering (per hour)', 'resident', 2, 'claim', NULL, 8, 40, NULL, false, false, false, true, true),
  ('01900000-0000-7000-8000-000000000007', '', 'council_meeting', 1, '参加村民议事会', 'Took part in a village council meeting', 'resident', 2, 'claim', NULL, 2, 8, NULL, false, false, false, true, true),
  ('01900000-0000-7000-8000-000000000008', '', 'clutter_deduction', 1, '乱堆乱放（扣分）', 'Clutter piled outside (deduction)', 'resident', -5, 'claim', NULL, NULL, 25, NULL, true, false, false, true, true);
