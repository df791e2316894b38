/* Embedding sdq: assess one consignment built with the setter API. */
#include <sdq.h>
#include <stdio.h>
#include <string.h>

#define SET(field, text) sdq_record_set(rec, field, text, strlen(text))

int main(void) {
  sdq_engine *engine = NULL;
  sdq_record *rec = NULL;
  sdq_batch *batch = NULL;
  sdq_result *res = NULL;
  sdq_error err;
  if (sdq_engine_new(NULL, &engine, &err) != SDQ_OK ||
      sdq_record_new(engine, &rec) != SDQ_OK ||
      sdq_batch_new(engine, &batch) != SDQ_OK ||
      sdq_result_new(engine, &res) != SDQ_OK)
    return 1;

  SET(SDQ_FIELD_SHIPMENT_ID, "SHP-2026-000001");
  SET(SDQ_FIELD_SELLER_NAME, "Shenzhen Bright Electronics Co., Ltd");
  SET(SDQ_FIELD_SELLER_COUNTRY, "CN");
  SET(SDQ_FIELD_BUYER_NAME, "N/A");   /* a placeholder, not a name */
  SET(SDQ_FIELD_BUYER_COUNTRY, "DE"); /* buyer_address left out */
  SET(SDQ_FIELD_GROSS_WEIGHT, "0.42");
  SET(SDQ_FIELD_TOTAL_VALUE, "23.90");
  SET(SDQ_FIELD_CURRENCY, "EUR");
  SET(SDQ_FIELD_DESCRIPTION, "Bluetooth wireless earphones"); /* item 0 */

  if (sdq_batch_assess(batch, rec, res) != SDQ_OK)
    return 1;
  printf("quality %.1f, risk %.1f (%s)\n", sdq_result_quality(res),
         sdq_result_risk(res), sdq_level_name(sdq_result_level(res)));
  for (size_t i = 0; i < sdq_result_finding_count(res); i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    printf("%-7s %-26s %s\n", sdq_severity_name(f->severity),
           sdq_rule_id(f->rule), f->message);
  }
  sdq_result_free(res);
  sdq_batch_free(batch);
  sdq_record_free(rec);
  sdq_engine_free(engine);
  return 0;
}
