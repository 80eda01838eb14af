CREATE TYPE "public"."organization_kind" AS ENUM('distributor', 'store');--> statement-breakpoint
CREATE TYPE "public"."delivery_kind" AS ENUM('PICKUP', 'COURIER', 'CARRIER', 'DROPSHIP');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" bigint NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organizations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "organization_kind" NOT NULL,
	"name" text NOT NULL,
	"time_zone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_time_zone_for_distributors" CHECK (("organizations"."kind" = 'distributor') = ("organizations"."time_zone" is not null)),
	CONSTRAINT "organizations_name_not_blank" CHECK (btrim("organizations"."name") <> '')
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "offers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"distributor_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"pack_size" integer DEFAULT 1 NOT NULL,
	"min_order_quantity" integer DEFAULT 1 NOT NULL,
	"vat_rate" numeric NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_distributor_sku_key" UNIQUE("distributor_id","sku"),
	CONSTRAINT "offers_pack_size_positive" CHECK ("offers"."pack_size" > 0),
	CONSTRAINT "offers_min_order_positive" CHECK ("offers"."min_order_quantity" > 0),
	CONSTRAINT "offers_vat_rate_range" CHECK ("offers"."vat_rate" >= 0 and "offers"."vat_rate" < 100)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "products_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"gtin" text,
	"brand" text,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_gtin_unique" UNIQUE("gtin"),
	CONSTRAINT "products_gtin_format" CHECK ("products"."gtin" ~ '^([0-9]{8}|[0-9]{12,14})$')
);
--> statement-breakpoint
CREATE TABLE "incoming_shipments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incoming_shipments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"offer_id" bigint NOT NULL,
	"warehouse_id" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"unallocated" integer NOT NULL,
	"eta" date NOT NULL,
	"reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incoming_shipments_quantity_positive" CHECK ("incoming_shipments"."quantity" > 0),
	CONSTRAINT "incoming_shipments_unallocated_within_quantity" CHECK ("incoming_shipments"."unallocated" between 0 and "incoming_shipments"."quantity")
);
--> statement-breakpoint
CREATE TABLE "stock_levels" (
	"offer_id" bigint NOT NULL,
	"warehouse_id" bigint NOT NULL,
	"on_hand" integer NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_levels_offer_id_warehouse_id_pk" PRIMARY KEY("offer_id","warehouse_id"),
	CONSTRAINT "stock_levels_on_hand_non_negative" CHECK ("stock_levels"."on_hand" >= 0),
	CONSTRAINT "stock_levels_reserved_within_on_hand" CHECK ("stock_levels"."reserved" between 0 and "stock_levels"."on_hand")
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warehouses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"distributor_id" bigint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"city" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warehouses_distributor_code_key" UNIQUE("distributor_id","code")
);
--> statement-breakpoint
CREATE TABLE "price_types" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "price_types_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"distributor_id" bigint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_types_distributor_code_key" UNIQUE("distributor_id","code"),
	CONSTRAINT "price_types_id_distributor_key" UNIQUE("id","distributor_id"),
	CONSTRAINT "price_types_currency_format" CHECK ("price_types"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "prices" (
	"offer_id" bigint NOT NULL,
	"price_type_id" bigint NOT NULL,
	"min_quantity" integer DEFAULT 1 NOT NULL,
	"amount" numeric NOT NULL,
	CONSTRAINT "prices_offer_id_price_type_id_min_quantity_pk" PRIMARY KEY("offer_id","price_type_id","min_quantity"),
	CONSTRAINT "prices_min_quantity_positive" CHECK ("prices"."min_quantity" >= 1),
	CONSTRAINT "prices_amount_non_negative" CHECK ("prices"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "delivery_options" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delivery_options_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"distributor_id" bigint NOT NULL,
	"warehouse_id" bigint NOT NULL,
	"kind" "delivery_kind" NOT NULL,
	"cutoff" text NOT NULL,
	"lead_days" integer NOT NULL,
	"weekdays" smallint[] NOT NULL,
	"currency" text,
	"cost" numeric,
	"free_from" numeric,
	"min_order" numeric,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_options_distributor_kind_warehouse_key" UNIQUE("distributor_id","kind","warehouse_id"),
	CONSTRAINT "delivery_options_cutoff_format" CHECK ("delivery_options"."cutoff" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "delivery_options_lead_days_range" CHECK ("delivery_options"."lead_days" between 0 and 365),
	CONSTRAINT "delivery_options_weekdays_valid" CHECK (cardinality("delivery_options"."weekdays") > 0 and "delivery_options"."weekdays" <@ array[1,2,3,4,5,6,7]::smallint[]),
	CONSTRAINT "delivery_options_money_has_currency" CHECK ("delivery_options"."currency" is not null or coalesce("delivery_options"."cost", "delivery_options"."free_from", "delivery_options"."min_order") is null)
);
--> statement-breakpoint
CREATE TABLE "store_term_delivery_options" (
	"distributor_id" bigint NOT NULL,
	"store_id" bigint NOT NULL,
	"delivery_option_id" bigint NOT NULL,
	CONSTRAINT "store_term_delivery_options_distributor_id_store_id_delivery_option_id_pk" PRIMARY KEY("distributor_id","store_id","delivery_option_id")
);
--> statement-breakpoint
CREATE TABLE "store_terms" (
	"distributor_id" bigint NOT NULL,
	"store_id" bigint NOT NULL,
	"price_type_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_terms_distributor_id_store_id_pk" PRIMARY KEY("distributor_id","store_id")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_distributor_id_organizations_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_shipments" ADD CONSTRAINT "incoming_shipments_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_shipments" ADD CONSTRAINT "incoming_shipments_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouses" ADD CONSTRAINT "warehouses_distributor_id_organizations_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_types" ADD CONSTRAINT "price_types_distributor_id_organizations_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_price_type_id_price_types_id_fk" FOREIGN KEY ("price_type_id") REFERENCES "public"."price_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_options" ADD CONSTRAINT "delivery_options_distributor_id_organizations_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_options" ADD CONSTRAINT "delivery_options_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_term_delivery_options" ADD CONSTRAINT "store_term_delivery_options_delivery_option_id_delivery_options_id_fk" FOREIGN KEY ("delivery_option_id") REFERENCES "public"."delivery_options"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_term_delivery_options" ADD CONSTRAINT "store_term_delivery_options_terms_fk" FOREIGN KEY ("distributor_id","store_id") REFERENCES "public"."store_terms"("distributor_id","store_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_terms" ADD CONSTRAINT "store_terms_distributor_id_organizations_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_terms" ADD CONSTRAINT "store_terms_store_id_organizations_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_terms" ADD CONSTRAINT "store_terms_price_type_of_distributor_fk" FOREIGN KEY ("price_type_id","distributor_id") REFERENCES "public"."price_types"("id","distributor_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_organization_idx" ON "api_keys" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "offers_product_idx" ON "offers" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "incoming_shipments_offer_eta_idx" ON "incoming_shipments" USING btree ("offer_id","eta");--> statement-breakpoint
CREATE INDEX "stock_levels_warehouse_idx" ON "stock_levels" USING btree ("warehouse_id");