/* The canonical field dictionary of docs/fields.md. */
#include "fields.h"

#include <string.h>

#define MAX_ALIASES 12

typedef struct field_info {
  sdq_field field;
  field_kind kind;
  const char *name;
  const char *aliases[MAX_ALIASES]; /* NULL-terminated */
} field_info;

/* Aliases are the names seen in carrier, postal and marketplace exports and
 * in customs forms (CN 23, ICS2 ENS, ACAS). They are compared after
 * field_normalise_name(), so "Consignee Name", "consignee-name" and
 * "CONSIGNEE_NAME" are the same alias. */
static const field_info FIELDS[FIELD_INDEX_COUNT] = {
    {SDQ_FIELD_SHIPMENT_ID,
     FIELD_ID,
     "shipment_id",
     {"shipment", "shipment_number", "shipment_no", "consignment_id",
      "consignment_number", "hawb", "house_awb", "house_waybill",
      "transport_document", "declaration_id", "tracking_number", NULL}},
    {SDQ_FIELD_AWB,
     FIELD_ID,
     "awb",
     {"air_waybill", "airwaybill", "awb_number", "awb_no", "mawb", "master_awb",
      "waybill", NULL}},
    {SDQ_FIELD_POSTAL_ITEM_ID,
     FIELD_ID,
     "postal_item_id",
     {"item_id", "s10", "upu_item_id", "postal_id", "barcode", "item_barcode",
      NULL}},
    {SDQ_FIELD_CONTAINER_ID,
     FIELD_ID,
     "container_id",
     {"container", "container_number", "container_no", NULL}},
    {SDQ_FIELD_SELLER_NAME,
     FIELD_TEXT,
     "seller_name",
     {"seller", "consignor", "consignor_name", "shipper", "shipper_name",
      "sender", "sender_name", "exporter", "exporter_name", "from_name", NULL}},
    {SDQ_FIELD_SELLER_ADDRESS,
     FIELD_TEXT,
     "seller_address",
     {"consignor_address", "shipper_address", "sender_address",
      "exporter_address", "from_address", "seller_street", "shipper_street",
      NULL}},
    {SDQ_FIELD_SELLER_CITY,
     FIELD_TEXT,
     "seller_city",
     {"consignor_city", "shipper_city", "sender_city", "from_city", NULL}},
    {SDQ_FIELD_SELLER_POSTCODE,
     FIELD_CODE,
     "seller_postcode",
     {"seller_zip", "seller_postal_code", "consignor_postcode",
      "consignor_postal_code", "shipper_postcode", "shipper_postal_code",
      "shipper_zip", "sender_postcode", "sender_postal_code", "sender_zip",
      "from_postcode", NULL}},
    {SDQ_FIELD_SELLER_COUNTRY,
     FIELD_CODE,
     "seller_country",
     {"consignor_country", "shipper_country", "sender_country",
      "exporter_country", "from_country", NULL}},
    {SDQ_FIELD_SELLER_ID,
     FIELD_ID,
     "seller_id",
     {"consignor_id", "consignor_eori", "shipper_id", "shipper_eori",
      "seller_eori", "seller_tin", "exporter_id", "exporter_eori", NULL}},
    {SDQ_FIELD_BUYER_NAME,
     FIELD_TEXT,
     "buyer_name",
     {"buyer", "consignee", "consignee_name", "receiver", "receiver_name",
      "recipient", "recipient_name", "addressee", "addressee_name", "to_name",
      "importer_name", NULL}},
    {SDQ_FIELD_BUYER_ADDRESS,
     FIELD_TEXT,
     "buyer_address",
     {"consignee_address", "receiver_address", "recipient_address",
      "addressee_address", "to_address", "importer_address", "buyer_street",
      "consignee_street", "delivery_address", NULL}},
    {SDQ_FIELD_BUYER_CITY,
     FIELD_TEXT,
     "buyer_city",
     {"consignee_city", "receiver_city", "recipient_city", "addressee_city",
      "to_city", "delivery_city", NULL}},
    {SDQ_FIELD_BUYER_POSTCODE,
     FIELD_CODE,
     "buyer_postcode",
     {"buyer_zip", "buyer_postal_code", "consignee_postcode",
      "consignee_postal_code", "consignee_zip", "receiver_postcode",
      "receiver_postal_code", "receiver_zip", "recipient_postcode",
      "to_postcode", "delivery_postcode", NULL}},
    {SDQ_FIELD_BUYER_COUNTRY,
     FIELD_CODE,
     "buyer_country",
     {"consignee_country", "receiver_country", "recipient_country",
      "addressee_country", "to_country", "importer_country", NULL}},
    {SDQ_FIELD_BUYER_ID,
     FIELD_ID,
     "buyer_id",
     {"consignee_id", "consignee_eori", "receiver_id", "importer_id",
      "importer_eori", "buyer_eori", "buyer_tin", "importer_reference", NULL}},
    {SDQ_FIELD_BUYER_EMAIL,
     FIELD_CONTACT,
     "buyer_email",
     {"consignee_email", "receiver_email", "recipient_email", "importer_email",
      "email", NULL}},
    {SDQ_FIELD_BUYER_PHONE,
     FIELD_CONTACT,
     "buyer_phone",
     {"consignee_phone", "receiver_phone", "recipient_phone", "importer_phone",
      "phone", "telephone", NULL}},
    {SDQ_FIELD_PLATFORM_ID,
     FIELD_ID,
     "platform_id",
     {"platform", "marketplace", "marketplace_id", "ecommerce_platform",
      "intermediary", NULL}},
    {SDQ_FIELD_CARRIER_ID,
     FIELD_ID,
     "carrier_id",
     {"carrier", "carrier_code", "operator", "postal_operator", "courier",
      NULL}},
    {SDQ_FIELD_DECLARANT_ID,
     FIELD_ID,
     "declarant_id",
     {"declarant", "declarant_eori", "filer", "filer_id", NULL}},
    {SDQ_FIELD_PIECES,
     FIELD_NUMBER,
     "pieces",
     {"number_of_pieces", "num_pieces", "piece_count", "packages",
      "number_of_packages", "package_count", NULL}},
    {SDQ_FIELD_GROSS_WEIGHT,
     FIELD_NUMBER,
     "gross_weight",
     {"gross_mass", "weight", "total_weight", "gross_weight_kg",
      "total_gross_weight", "weight_kg", NULL}},
    {SDQ_FIELD_TOTAL_VALUE,
     FIELD_NUMBER,
     "total_value",
     {"value", "declared_value", "total_declared_value", "invoice_value",
      "consignment_value", "customs_value", NULL}},
    {SDQ_FIELD_CURRENCY,
     FIELD_CODE,
     "currency",
     {"currency_code", "value_currency", "invoice_currency", "ccy", NULL}},
    {SDQ_FIELD_CATEGORY,
     FIELD_CODE,
     "category",
     {"category_of_item", "item_category", "shipment_type", "nature",
      "nature_of_transaction", NULL}},
    {SDQ_FIELD_TRANSPORT_MODE,
     FIELD_CODE,
     "transport_mode",
     {"mode", "mode_of_transport", "transport", NULL}},
    {SDQ_FIELD_DEPARTURE_COUNTRY,
     FIELD_CODE,
     "departure_country",
     {"country_of_departure", "dispatch_country", "export_country",
      "country_of_dispatch", NULL}},
    {SDQ_FIELD_DEPARTURE_LOCATION,
     FIELD_CODE,
     "departure_location",
     {"place_of_loading", "loading_location", "departure_airport",
      "departure_port", "origin_locode", "pickup_location", NULL}},
    {SDQ_FIELD_DESTINATION_COUNTRY,
     FIELD_CODE,
     "destination_country",
     {"country_of_destination", "dest_country", NULL}},
    {SDQ_FIELD_ARRIVAL_LOCATION,
     FIELD_CODE,
     "arrival_location",
     {"place_of_unloading", "unloading_location", "arrival_airport",
      "arrival_port", "destination_locode", NULL}},
    {SDQ_FIELD_DEPARTURE_DATE,
     FIELD_DATE,
     "departure_date",
     {"date_of_departure", "dispatch_date", "ship_date", "shipping_date",
      NULL}},
    {SDQ_FIELD_ARRIVAL_DATE,
     FIELD_DATE,
     "arrival_date",
     {"date_of_arrival", "eta", "estimated_arrival", NULL}},
    {SDQ_FIELD_DECLARATION_DATE,
     FIELD_DATE,
     "declaration_date",
     {"date_of_declaration", "filing_date", "lodgement_date", NULL}},
    /* item */
    {SDQ_FIELD_DESCRIPTION,
     FIELD_TEXT,
     "description",
     {"goods_description", "item_description", "cargo_description",
      "description_of_goods", "commodity", "commodity_description", "product",
      "product_name", "contents", NULL}},
    {SDQ_FIELD_HS_CODE,
     FIELD_CODE,
     "hs_code",
     {"hs", "hscode", "tariff_code", "tariff_number", "hs_tariff_number",
      "commodity_code", "cn_code", "htsus", "hts_code", "tariff", NULL}},
    {SDQ_FIELD_QUANTITY,
     FIELD_NUMBER,
     "quantity",
     {"qty", "item_quantity", "units", NULL}},
    {SDQ_FIELD_ITEM_VALUE,
     FIELD_NUMBER,
     "item_value",
     {"line_value", "unit_value_total", "goods_value", "item_price", "price",
      NULL}},
    {SDQ_FIELD_NET_WEIGHT,
     FIELD_NUMBER,
     "net_weight",
     {"net_mass", "item_weight", "net_weight_kg", NULL}},
    {SDQ_FIELD_ORIGIN_COUNTRY,
     FIELD_CODE,
     "origin_country",
     {"country_of_origin", "origin", "coo", "made_in", NULL}},
};

/* The entry of a field, or NULL: one comparison for a consignment field
 * and two for an item field (the checks name fields often). */
static const field_info *info(sdq_field f) {
  unsigned u = (unsigned)f;
  if (u < SDQ_CONSIGNMENT_FIELD_COUNT)
    return &FIELDS[u];
  u -= SDQ_ITEM_FIELD_BASE;
  return u < SDQ_ITEM_FIELD_COUNT ? &FIELDS[SDQ_CONSIGNMENT_FIELD_COUNT + u]
                                  : NULL;
}

field_kind field_kind_of(sdq_field f) {
  const field_info *fi = info(f);
  return fi ? fi->kind : FIELD_TEXT;
}

const char *sdq_field_name(sdq_field field) {
  const field_info *fi = info(field);
  return fi ? fi->name : NULL;
}

int sdq_field_is_item(sdq_field field) { return field_is_item(field); }

size_t sdq_field_alias_count(sdq_field field) {
  const field_info *fi = info(field);
  size_t n = 0;
  while (fi && n < MAX_ALIASES && fi->aliases[n])
    n++;
  return n;
}

const char *sdq_field_alias(sdq_field field, size_t i) {
  return i < sdq_field_alias_count(field)
             ? FIELDS[field_index(field)].aliases[i]
             : NULL;
}

/* Bytes the normalisation of names drops. */
static bool name_separator(unsigned char c) {
  return c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t' ||
         c == '/' || c == '(' || c == ')';
}

static unsigned char name_lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

size_t field_normalise_name(const char *name, size_t len, char *out,
                            size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)name[i];
    if (name_separator(c))
      continue;
    if (n == cap)
      return SIZE_MAX;
    out[n++] = (char)name_lower(c);
  }
  return n;
}

/* Whether `canon` normalises to a[0..alen), alen >= 1. Most names differ
 * in the first byte kept, which is compared before the whole name is
 * normalised (a reader resolves every key of a new source this way). */
static bool same_normalised(const char *a, size_t alen, const char *canon) {
  const char *c = canon;
  while (*c && name_separator((unsigned char)*c))
    c++;
  if (name_lower((unsigned char)*c) != (unsigned char)a[0])
    return false;
  char tmp[64];
  size_t n = field_normalise_name(canon, strlen(canon), tmp, sizeof tmp);
  return n == alen && memcmp(tmp, a, n) == 0;
}

sdq_field sdq_field_lookup(const char *name, size_t len) {
  char norm[64];
  if (!name)
    return SDQ_FIELD_NONE;
  size_t n = field_normalise_name(name, len, norm, sizeof norm);
  if (n == SIZE_MAX || n == 0)
    return SDQ_FIELD_NONE;
  /* Canonical names first, so that an alias can never shadow one. */
  for (int i = 0; i < FIELD_INDEX_COUNT; i++)
    if (same_normalised(norm, n, FIELDS[i].name))
      return FIELDS[i].field;
  for (int i = 0; i < FIELD_INDEX_COUNT; i++)
    for (int a = 0; a < MAX_ALIASES && FIELDS[i].aliases[a]; a++)
      if (same_normalised(norm, n, FIELDS[i].aliases[a]))
        return FIELDS[i].field;
  return SDQ_FIELD_NONE;
}
