CREATE TABLE "mlflow_aliases" (
	"model_id" integer NOT NULL,
	"alias" text NOT NULL,
	"version" integer,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mlflow_aliases_model_id_alias_pk" PRIMARY KEY("model_id","alias")
);
--> statement-breakpoint
CREATE TABLE "mlflow_deliveries" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mlflow_models" (
	"model_id" integer PRIMARY KEY NOT NULL,
	"mlflow_name" text NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mlflow_models_mlflow_name_unique" UNIQUE("mlflow_name")
);
--> statement-breakpoint
CREATE TABLE "mlflow_versions" (
	"version_id" integer PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"version" integer NOT NULL,
	"run_id" text,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" text,
	"mlflow_user" text,
	"run_pending" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"mirrored_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mlflow_aliases" ADD CONSTRAINT "mlflow_aliases_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mlflow_models" ADD CONSTRAINT "mlflow_models_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mlflow_versions" ADD CONSTRAINT "mlflow_versions_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mlflow_versions" ADD CONSTRAINT "mlflow_versions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;