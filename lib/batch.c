/* Batches: run the checks on a record, score it, and count it in the
 * batch's metrics. */
#include "check/check.h"
#include "engine.h"
#include "result.h"

#include <string.h>

struct sdq_metrics {
  sdq_record_counts records;
  uint64_t ids_tracked, ids_untracked;
  sdq_field_counts fields[FIELD_INDEX_COUNT];
  sdq_rule_counts rules[RULE_COUNT];
};

struct sdq_batch {
  const sdq_engine *engine;
  sdq_metrics metrics;
  id_set ids;
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
  for (int i = 0; i < FIELD_INDEX_COUNT; i++)
    b->metrics.fields[i].required =
        profile_requires(&engine->s.profile, field_from_index(i));
  *out = b;
  return SDQ_OK;
}

void sdq_batch_free(sdq_batch *b) {
  if (!b)
    return;
  id_set_free(&b->ids, &b->engine->al);
  sdq_free(&b->engine->al, b, sizeof *b);
}

static void count(sdq_metrics *m, const sdq_record *rec,
                  const sdq_result *res) {
  m->records.read++;
  m->records.assessed++;
  m->records.items += rec->item_count;
  for (int i = 0; i < FIELD_INDEX_COUNT; i++) {
    sdq_field_counts *fc = &m->fields[i];
    uint64_t present = res->tally[i][FIELD_PRESENT];
    uint64_t missing = res->tally[i][FIELD_MISSING];
    uint64_t placeholder = res->tally[i][FIELD_PLACEHOLDER];
    fc->present += present;
    fc->missing += missing;
    fc->placeholder += placeholder;
    fc->occurrences += present + missing + placeholder;
  }
  bool seen[RULE_COUNT] = {false};
  for (size_t i = 0; i < res->finding_count; i++) {
    size_t rule = res->findings[i].rule;
    m->rules[rule].findings++;
    if (!seen[rule]) {
      seen[rule] = true;
      m->rules[rule].records++;
    }
  }
}

sdq_status sdq_batch_assess(sdq_batch *b, const sdq_record *rec,
                            sdq_result *res) {
  if (!b || !rec || !res)
    return SDQ_EINVAL;
  result_reset(res);
  const profile *p = &b->engine->s.profile;
  check_ctx c = {b->engine, p, rec, res};
  sdq_status st = check_completeness(&c);
  if (st == SDQ_OK)
    st = check_validity(&c);
  if (st == SDQ_OK)
    st = check_consistency(&c);
  if (st == SDQ_OK)
    st = check_uniqueness(&c, &b->ids, b->metrics.records.read + 1);
  if (st == SDQ_OK)
    st = check_vague_descriptions(&c);
  if (st != SDQ_OK) {
    result_reset(res);
    return st;
  }
  result_score(res, p->level_medium, p->level_high);
  count(&b->metrics, rec, res);
  b->metrics.ids_tracked = b->ids.count;
  b->metrics.ids_untracked = b->ids.untracked;
  return SDQ_OK;
}

sdq_status sdq_batch_reject(sdq_batch *b, const sdq_error *err) {
  (void)err;
  if (!b)
    return SDQ_EINVAL;
  b->metrics.records.read++;
  b->metrics.records.rejected++;
  return SDQ_OK;
}

const sdq_metrics *sdq_batch_metrics(const sdq_batch *b) {
  return b ? &b->metrics : NULL;
}

sdq_status sdq_metrics_records(const sdq_metrics *m, sdq_record_counts *out) {
  if (!m || !out)
    return SDQ_EINVAL;
  *out = m->records;
  return SDQ_OK;
}

sdq_status sdq_metrics_ids(const sdq_metrics *m, uint64_t *tracked,
                           uint64_t *untracked) {
  if (!m)
    return SDQ_EINVAL;
  if (tracked)
    *tracked = m->ids_tracked;
  if (untracked)
    *untracked = m->ids_untracked;
  return SDQ_OK;
}

sdq_status sdq_metrics_field(const sdq_metrics *m, sdq_field field,
                             sdq_field_counts *out) {
  if (!m || !out || !field_valid(field))
    return SDQ_EINVAL;
  *out = m->fields[field_index(field)];
  return SDQ_OK;
}

sdq_status sdq_metrics_rule(const sdq_metrics *m, size_t rule,
                            sdq_rule_counts *out) {
  if (!m || !out || rule >= RULE_COUNT)
    return SDQ_EINVAL;
  *out = m->rules[rule];
  return SDQ_OK;
}
