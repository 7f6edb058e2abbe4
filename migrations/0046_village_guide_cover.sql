ALTER TABLE "village_guides" ADD COLUMN "cover_media_id" varchar(64);--> statement-breakpoint
ALTER TABLE "village_guides" ADD COLUMN "contact" text;