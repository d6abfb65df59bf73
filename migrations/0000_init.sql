CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"platform" text NOT NULL,
	"channel" text,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "card_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"card_kind" text NOT NULL,
	"card_id" text NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_id" text NOT NULL,
	"thread_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployment_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"deployment_id" integer NOT NULL,
	"actor" text NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"environment" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"approved_by" text[] DEFAULT '{}'::text[] NOT NULL,
	"target" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"reason" text,
	"request_reason" text,
	"required_approvals" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"gates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"override_requested_by" text,
	"override_reason" text,
	"request_channel" jsonb,
	"rollback_of" integer,
	"plan" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"target_ref" text,
	"target_url" text,
	"deadline_at" timestamp with time zone,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"post_check" text,
	"post_check_detail" text
);
--> statement-breakpoint
CREATE TABLE "environment_locks" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"environment" text NOT NULL,
	"locked_by" text NOT NULL,
	"reason" text NOT NULL,
	"locked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"event" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"version" integer NOT NULL,
	"artifact_uri" text NOT NULL,
	"sha256" text,
	"framework" text,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dataset_uri" text,
	"dataset_sha256" text,
	"code_commit" text,
	"card" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"evaluation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_team" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"latest_version" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "models_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_name_unique" UNIQUE("name"),
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "prediction_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"environment" text NOT NULL,
	"prediction_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"features" jsonb NOT NULL,
	"prediction" jsonb NOT NULL,
	"label" jsonb,
	"labeled_at" timestamp with time zone,
	"sensitive" jsonb,
	"logged_by" text NOT NULL,
	"logged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_columns" (
	"version_id" integer NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"data" "bytea" NOT NULL,
	"categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "reference_columns_version_id_position_pk" PRIMARY KEY("version_id","position")
);
--> statement-breakpoint
CREATE TABLE "reference_datasets" (
	"version_id" integer PRIMARY KEY NOT NULL,
	"rows" integer NOT NULL,
	"columns" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"source" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_cooldowns" (
	"dedup_key" text PRIMARY KEY NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	"suppressed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"model" text NOT NULL,
	"environment" text NOT NULL,
	"feature" text NOT NULL,
	"tier" text NOT NULL,
	"dedup_key" text NOT NULL,
	"headline" text NOT NULL,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"acked_by" text,
	"acked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "schedule_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"schedule_id" integer,
	"slot_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"requested_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"posting_at" timestamp with time zone,
	"message" jsonb,
	"result" jsonb,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"models" text[] NOT NULL,
	"environment" text NOT NULL,
	"cron" text NOT NULL,
	"timezone" text NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"window_seconds" integer NOT NULL,
	"catch_up_seconds" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"model" text NOT NULL,
	"events" text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pending_commands" (
	"id" serial PRIMARY KEY NOT NULL,
	"actor" text NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"thread_id" text,
	"command" text NOT NULL,
	"verb" text NOT NULL,
	"risk" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"outcome" text
);
--> statement-breakpoint
ALTER TABLE "deployment_decisions" ADD CONSTRAINT "deployment_decisions_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environment_locks" ADD CONSTRAINT "environment_locks_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_columns" ADD CONSTRAINT "reference_columns_version_id_reference_datasets_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."reference_datasets"("version_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_datasets" ADD CONSTRAINT "reference_datasets_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_schedule_id_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "card_messages_ref_uq" ON "card_messages" USING btree ("platform","channel_id","message_id");--> statement-breakpoint
CREATE INDEX "card_messages_card_idx" ON "card_messages" USING btree ("card_kind","card_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deployment_decisions_one_per_actor_uq" ON "deployment_decisions" USING btree ("deployment_id","actor");--> statement-breakpoint
CREATE INDEX "deployments_model_env_idx" ON "deployments" USING btree ("model_id","environment","id");--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_one_running_uq" ON "deployments" USING btree ("model_id","environment") WHERE "deployments"."status" = 'running';--> statement-breakpoint
CREATE INDEX "deployments_post_check_idx" ON "deployments" USING btree ("post_check") WHERE "deployments"."post_check" = 'pending';--> statement-breakpoint
CREATE INDEX "deployments_pending_idx" ON "deployments" USING btree ("status") WHERE "deployments"."status" in ('awaiting_approval', 'approved', 'running');--> statement-breakpoint
CREATE INDEX "deployments_live_idx" ON "deployments" USING btree ("model_id","environment","finished_at") WHERE "deployments"."status" = 'succeeded';--> statement-breakpoint
CREATE UNIQUE INDEX "environment_locks_model_env_uq" ON "environment_locks" USING btree ("model_id","environment");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_model_version_uq" ON "model_versions" USING btree ("model_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_model_sha256_uq" ON "model_versions" USING btree ("model_id","sha256") WHERE "model_versions"."sha256" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "prediction_logs_model_prediction_uq" ON "prediction_logs" USING btree ("model_id","prediction_id");--> statement-breakpoint
CREATE INDEX "prediction_logs_window_idx" ON "prediction_logs" USING btree ("model_id","environment","at","id");--> statement-breakpoint
CREATE INDEX "prediction_logs_version_idx" ON "prediction_logs" USING btree ("version_id","at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reference_columns_name_uq" ON "reference_columns" USING btree ("version_id","name");--> statement-breakpoint
CREATE INDEX "alerts_dedup_idx" ON "alerts" USING btree ("dedup_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_runs_job_slot_uq" ON "schedule_runs" USING btree ("job","slot_at");--> statement-breakpoint
CREATE INDEX "schedule_runs_claimable_idx" ON "schedule_runs" USING btree ("slot_at") WHERE "schedule_runs"."state" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "schedules_key_uq" ON "schedules" USING btree ("key") WHERE "schedules"."key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_channel_model_uq" ON "subscriptions" USING btree ("platform","channel_id","model");--> statement-breakpoint
CREATE INDEX "subscriptions_model_idx" ON "subscriptions" USING btree ("model");--> statement-breakpoint
CREATE INDEX "pending_commands_expires_idx" ON "pending_commands" USING btree ("expires_at");