ALTER TABLE "offers" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_distributor_external_id_key" UNIQUE("distributor_id","external_id");