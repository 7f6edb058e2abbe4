CREATE TABLE "party_service_corrections" (
	"transfer_id" uuid PRIMARY KEY NOT NULL,
	"reverses_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"corrected_at" timestamp with time zone NOT NULL,
	CONSTRAINT "party_service_corrections_points" CHECK (points > 0)
);
--> statement-breakpoint
CREATE INDEX "party_service_corrections_member_idx" ON "party_service_corrections" USING btree ("member_id","corrected_at");