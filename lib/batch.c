/* Batches: run the checks on a record, score it, and count it in the
 * batch's metrics. */
#include "check/check.h"
#include "engine.h"
#include "metrics.h"
#include "result.h"

#include <string.h>

struct sdq_batch {
  const sdq_engine *engine;
  sdq_metrics metrics;
  id_set ids;
  split_state splits;
  value_state values;
};

sdq_status sdq_batch_new(const sdq_engine *engine, sdq_batch **out) {
  if (!out)
    return SDQ_EINVAL;
  *out = NULL;
  if (!engine)
    return SDQ_EINVAL;
  sdq_batch *b = sdq_calloc(&engine->al, 1, sizeof *b);
  if (!b)
    return SDQ_ENOMEM;
  b->engine = engine;
  metrics_init(&b->metrics, engine);
  *out = b;
  return SDQ_OK;
}

void sdq_batch_free(sdq_batch *b) {
  if (!b)
    return;
  id_set_free(&b->ids, &b->engine->al);
  split_state_free(&b->splits, &b->engine->al);
  value_state_free(&b->values, &b->engine->al);
  metrics_destroy(&b->metrics);
  sdq_free(&b->engine->al, b, sizeof *b);
}

/* sdq_engine_assess(), for the batch `b` when not NULL: as soon as the
 * record's keys are known, their places in the batch's tables are fetched
 * while the other checks run: the id keys once completeness has told which
 * fields are present, the split-shipment key once validity has parsed the
 * value, the dates and the countries (dataset_prepare() needs no more). */
static sdq_status assess(const sdq_engine *e, const sdq_record *rec,
                         sdq_result *res, const sdq_batch *b) {
  result_reset(res);
  check_ctx c = {e, &e->s.profile, rec, res};
  sdq_status st = check_completeness(&c);
  if (st == SDQ_OK) {
    dataset_prepare_ids(&c);
    if (b)
      id_set_prefetch(&b->ids, res);
    st = check_validity(&c);
  }
  if (st == SDQ_OK) {
    dataset_prepare(&c);
    if (b)
      split_prefetch(&b->splits, res);
    st = check_consistency(&c);
  }
  if (st == SDQ_OK)
    st = check_vague_descriptions(&c);
  if (st == SDQ_OK)
    st = check_risk(&c);
  if (st != SDQ_OK)
    result_reset(res);
  return st;
}

sdq_status sdq_engine_assess(const sdq_engine *e, const sdq_record *rec,
                             sdq_result *res) {
  if (!e || !rec || !res)
    return SDQ_EINVAL;
  return assess(e, rec, res, NULL);
}

sdq_status sdq_batch_complete(sdq_batch *b, const sdq_record *rec,
                              sdq_result *res) {
  if (!b || !rec || !res)
    return SDQ_EINVAL;
  const profile *p = &b->engine->s.profile;
  check_ctx c = {b->engine, p, rec, res};
  size_t findings = res->finding_count;
  uint32_t made[SDQ_DIMENSION_COUNT], passed[SDQ_DIMENSION_COUNT];
  memcpy(made, res->made, sizeof made);
  memcpy(passed, res->passed, sizeof passed);
  /* Each dataset check notes what it would remember, and the notes are
   * applied only when all succeeded: a failure leaves the batch as it was. */
  id_pending pending;
  split_pending split;
  if (res->keys.engine != b->engine) {
    dataset_prepare_ids(&c);
    dataset_prepare(&c);
  }
  sdq_status st = check_uniqueness(&c, &b->ids, &pending);
  if (st == SDQ_OK)
    st = check_split(&c, &b->splits, &split);
  if (st == SDQ_OK)
    st = check_value_batch(&c, &b->values);
  if (st == SDQ_OK)
    st = result_score(res, p->level_medium, p->level_high);
  if (st == SDQ_OK)
    st = metrics_add(&b->metrics, rec, res);
  if (st != SDQ_OK) {
    /* Leave the result as sdq_engine_assess() made it. */
    res->finding_count = findings;
    memcpy(res->made, made, sizeof made);
    memcpy(res->passed, passed, sizeof passed);
    return st;
  }
  id_set_commit(&b->ids, &pending, b->metrics.g.read);
  split_commit(&b->splits, &split);
  value_commit(&b->values);
  b->metrics.ids_tracked = b->ids.count;
  b->metrics.ids_untracked = b->ids.untracked;
  return SDQ_OK;
}

sdq_status sdq_batch_assess(sdq_batch *b, const sdq_record *rec,
                            sdq_result *res) {
  if (!b || !rec || !res)
    return SDQ_EINVAL;
  sdq_status st = assess(b->engine, rec, res, b);
  if (st == SDQ_OK)
    st = sdq_batch_complete(b, rec, res);
  if (st != SDQ_OK)
    result_reset(res);
  return st;
}

void sdq_batch_prefetch(const sdq_batch *b, const sdq_result *res) {
  /* Keys made for another engine are made again by sdq_batch_complete():
   * nothing to fetch with. */
  if (!b || !res || res->keys.engine != b->engine)
    return;
  id_set_prefetch(&b->ids, res);
  split_prefetch(&b->splits, res);
}

sdq_status sdq_batch_reject(sdq_batch *b, const sdq_error *err) {
  (void)err;
  if (!b)
    return SDQ_EINVAL;
  metrics_reject(&b->metrics);
  return SDQ_OK;
}

const sdq_metrics *sdq_batch_metrics(const sdq_batch *b) {
  return b ? &b->metrics : NULL;
}
