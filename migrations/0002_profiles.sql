CREATE TABLE "prediction_profiles" (
	"version_id" integer NOT NULL,
	"environment" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"basis" text NOT NULL,
	"source" text NOT NULL,
	"model_id" integer NOT NULL,
	"rows" bigint NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "prediction_profiles_version_id_environment_hour_basis_source_pk" PRIMARY KEY("version_id","environment","hour","basis","source")
);
--> statement-breakpoint
CREATE TABLE "profile_bases" (
	"version_id" integer PRIMARY KEY NOT NULL,
	"basis" text NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prediction_profiles" ADD CONSTRAINT "prediction_profiles_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_profiles" ADD CONSTRAINT "prediction_profiles_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_bases" ADD CONSTRAINT "profile_bases_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prediction_profiles_model_hour_idx" ON "prediction_profiles" USING btree ("model_id","hour");