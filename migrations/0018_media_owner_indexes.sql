CREATE INDEX "case_timeline_media_idx" ON "case_timeline" USING gin ("media" jsonb_path_ops) WHERE media <> '[]'::jsonb;--> statement-breakpoint
CREATE INDEX "cases_media_idx" ON "cases" USING gin ("media" jsonb_path_ops) WHERE media <> '[]'::jsonb;--> statement-breakpoint
CREATE INDEX "inspection_items_media_idx" ON "inspection_items" USING gin ("media" jsonb_path_ops) WHERE media <> '[]'::jsonb;--> statement-breakpoint
CREATE INDEX "camera_detections_media_idx" ON "camera_detections" USING btree ("media_id") WHERE media_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "camera_episodes_snapshot_idx" ON "camera_episodes" USING btree ("snapshot") WHERE snapshot IS NOT NULL;