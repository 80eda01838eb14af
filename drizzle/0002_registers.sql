CREATE TYPE "public"."register_status" AS ENUM('SUBMITTED', 'ACCEPTED', 'REJECTED', 'INVOICED', 'SHIPPED', 'CANCELLED');--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "invoice_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"invoice_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"order_id" bigint NOT NULL,
	"order_line_id" bigint NOT NULL,
	"offer_id" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" numeric NOT NULL,
	"vat_rate" numeric NOT NULL,
	"net" numeric NOT NULL,
	"vat" numeric NOT NULL,
	"gross" numeric NOT NULL,
	CONSTRAINT "invoice_lines_invoice_position_key" UNIQUE("invoice_id","position"),
	CONSTRAINT "invoice_lines_gross_is_net_plus_vat" CHECK ("invoice_lines"."gross" = "invoice_lines"."net" + "invoice_lines"."vat")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "invoices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"register_id" bigint NOT NULL,
	"distributor_id" bigint NOT NULL,
	"number" text NOT NULL,
	"date" date NOT NULL,
	"currency" text NOT NULL,
	"net" numeric NOT NULL,
	"vat" numeric NOT NULL,
	"gross" numeric NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_register_id_unique" UNIQUE("register_id"),
	CONSTRAINT "invoices_distributor_number_key" UNIQUE("distributor_id","number")
);
--> statement-breakpoint
CREATE TABLE "register_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "register_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"register_id" bigint NOT NULL,
	"status" "register_status" NOT NULL,
	"previous_status" "register_status",
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_orders" (
	"register_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	"previous_status" "order_status" NOT NULL,
	CONSTRAINT "register_orders_register_id_order_id_pk" PRIMARY KEY("register_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "registers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" bigint NOT NULL,
	"distributor_id" bigint NOT NULL,
	"ship_date" date NOT NULL,
	"status" "register_status" NOT NULL,
	"erp_reference" text,
	"reject_reason" text,
	"total" numeric NOT NULL,
	"currency" text NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registers_store_idempotency_key" UNIQUE("store_id","idempotency_key"),
	CONSTRAINT "registers_distributor_erp_reference_key" UNIQUE("distributor_id","erp_reference")
);
--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_distributor_id_organizations_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_events" ADD CONSTRAINT "register_events_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_orders" ADD CONSTRAINT "register_orders_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_orders" ADD CONSTRAINT "register_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_store_id_organizations_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_distributor_id_organizations_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "register_events_register_idx" ON "register_events" USING btree ("register_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "register_orders_one_open_per_order" ON "register_orders" USING btree ("order_id") WHERE "register_orders"."open";--> statement-breakpoint
CREATE INDEX "registers_store_idx" ON "registers" USING btree ("store_id","id");--> statement-breakpoint
CREATE INDEX "registers_distributor_idx" ON "registers" USING btree ("distributor_id","id");