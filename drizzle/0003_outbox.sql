CREATE SEQUENCE "public"."event_position" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "stock_events" (
	"position" bigint DEFAULT nextval('event_position') NOT NULL,
	"offer_id" bigint NOT NULL,
	"distributor_id" bigint NOT NULL,
	"available" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "stock_events_position_pk" PRIMARY KEY("position"),
	CONSTRAINT "stock_events_position_unique" UNIQUE("position")
);
--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "position" bigint DEFAULT nextval('event_position') NOT NULL;--> statement-breakpoint
ALTER TABLE "register_events" ADD COLUMN "position" bigint DEFAULT nextval('event_position') NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_events" ADD CONSTRAINT "stock_events_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_events_offer_idx" ON "stock_events" USING btree ("offer_id","position");--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_position_unique" UNIQUE("position");--> statement-breakpoint
ALTER TABLE "register_events" ADD CONSTRAINT "register_events_position_unique" UNIQUE("position");