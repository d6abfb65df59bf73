CREATE TABLE "training_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"from_version" integer,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"trigger_kind" text NOT NULL,
	"alert_id" integer,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"required_approvals" integer DEFAULT 0 NOT NULL,
	"approved_by" text[] DEFAULT '{}'::text[] NOT NULL,
	"pipeline" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"target_ref" text,
	"target_url" text,
	"message" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"registered_version" integer,
	"request_channel" jsonb,
	"retry_of" integer
);
--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "training_run_id" integer;--> statement-breakpoint
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_runs_model_idx" ON "training_runs" USING btree ("model_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_runs_one_open_uq" ON "training_runs" USING btree ("model_id") WHERE "training_runs"."status" in ('awaiting_approval', 'requested', 'running');