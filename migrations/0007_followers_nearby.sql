CREATE TABLE "case_followers" (
	"case_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_followers_case_id_user_id_pk" PRIMARY KEY("case_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "case_followers" ADD CONSTRAINT "case_followers_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_followers_user_idx" ON "case_followers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "cases_open_nearby_idx" ON "cases" USING btree ("category_code","lat","lon") WHERE state IN ('PENDING_ACCEPT','REGISTERED','DISPATCHED','PROCESSING','EXTENSION_REQUESTED','SUSPENDED','VERIFYING');