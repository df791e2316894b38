/* The summary on standard output and the JSON report of `sdq check`
 * (docs/report.md). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static double percent(uint64_t part, uint64_t whole) {
  return whole ? 100.0 * (double)part / (double)whole : 100.0;
}

/* Rules with findings, most records first (then catalogue order). */
static size_t rules_by_records(const sdq_metrics *m, size_t *order,
                               size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < sdq_rule_count() && n < cap; i++) {
    sdq_rule_counts rc;
    sdq_metrics_rule(m, i, &rc);
    if (rc.findings)
      order[n++] = i;
  }
  for (size_t i = 1; i < n; i++) {
    for (size_t j = i; j > 0; j--) {
      sdq_rule_counts a, b;
      sdq_metrics_rule(m, order[j], &a);
      sdq_metrics_rule(m, order[j - 1], &b);
      if (a.records <= b.records)
        break;
      size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  }
  return n;
}

/* The listed consignments, riskiest first. */
static top_record *sorted_top(const run *r) {
  top_record *t = malloc((r->top_count ? r->top_count : 1) * sizeof *t);
  if (!t)
    return NULL;
  memcpy(t, r->top, r->top_count * sizeof *t);
  for (size_t i = 1; i < r->top_count; i++)
    for (size_t j = i; j > 0; j--) {
      bool before =
          t[j].risk > t[j - 1].risk ||
          (t[j].risk == t[j - 1].risk && t[j].record < t[j - 1].record);
      if (!before)
        break;
      top_record x = t[j];
      t[j] = t[j - 1];
      t[j - 1] = x;
    }
  return t;
}

void print_summary(const run *r, FILE *out) {
  const sdq_metrics *m = sdq_batch_metrics(r->batch);
  sdq_record_counts rc;
  sdq_score_summary sc;
  sdq_metrics_records(m, &rc);
  sdq_metrics_scores(m, &sc);
  fprintf(out, "sdq %s, profile %s\n", sdq_version(),
          sdq_engine_profile(r->engine));
  for (size_t i = 0; i < r->opt->input_count; i++) {
    const input_stats *in = &r->inputs[i];
    fprintf(out, "input %s (%s): %s%llu records, %llu bytes\n", in->file,
            in->format == SDQ_FORMAT_CSV ? "csv" : "ndjson",
            in->failed ? "NOT READ, " : "", (unsigned long long)in->records,
            (unsigned long long)in->bytes);
  }
  fprintf(out,
          "\nrecords read %llu, assessed %llu, rejected %llu (items %llu)\n",
          (unsigned long long)rc.read, (unsigned long long)rc.assessed,
          (unsigned long long)rc.rejected, (unsigned long long)rc.items);
  if (rc.assessed)
    fprintf(out,
            "mean quality %.1f, mean risk %.1f; risk level low %llu, medium "
            "%llu, high %llu\n",
            sc.mean_quality, sc.mean_risk, (unsigned long long)sc.levels[0],
            (unsigned long long)sc.levels[1], (unsigned long long)sc.levels[2]);

  fprintf(out, "\ncompleteness of required fields\n");
  fprintf(out, "  %-20s %10s %10s %12s %9s\n", "field", "present", "missing",
          "placeholder", "complete");
  for (int pass = 0; pass < 2; pass++) {
    int first = pass ? SDQ_ITEM_FIELD_BASE : 0;
    int count = pass ? SDQ_ITEM_FIELD_COUNT : SDQ_CONSIGNMENT_FIELD_COUNT;
    for (int k = 0; k < count; k++) {
      sdq_field f = (sdq_field)(first + k);
      sdq_field_counts fc;
      sdq_metrics_field(m, f, &fc);
      if (fc.required != 1)
        continue;
      fprintf(out, "  %-20s %10llu %10llu %12llu %8.1f%%\n", sdq_field_name(f),
              (unsigned long long)fc.present, (unsigned long long)fc.missing,
              (unsigned long long)fc.placeholder,
              percent(fc.present, fc.occurrences));
    }
  }

  size_t order[128];
  size_t shown = rules_by_records(m, order, 128);
  fprintf(out, "\ntop findings\n");
  if (!shown)
    fprintf(out, "  none\n");
  for (size_t i = 0; i < shown && i < 10; i++) {
    sdq_rule_counts rcount;
    sdq_metrics_rule(m, order[i], &rcount);
    fprintf(out, "  %-28s %8llu records %8llu findings\n",
            sdq_rule_id(order[i]), (unsigned long long)rcount.records,
            (unsigned long long)rcount.findings);
  }
  if (r->top_count) {
    top_record *t = sorted_top(r);
    fprintf(out, "\nriskiest consignments\n");
    for (size_t i = 0; t && i < r->top_count && i < 5; i++)
      fprintf(out, "  %-20s risk %5.1f %-6s %s\n",
              t[i].id[0] ? t[i].id : "(no id)", t[i].risk,
              sdq_level_name(t[i].level), t[i].reasons[0].message);
    free(t);
  }
  if (r->unmapped_count) {
    fprintf(out, "\nunmapped columns (ignored; map them with --map)\n");
    for (size_t i = 0; i < r->unmapped_count; i++)
      fprintf(out, "  %s (%llu values)\n", r->unmapped[i].name,
              (unsigned long long)r->unmapped[i].values);
  }
  if (r->rejections_total) {
    fprintf(out, "\nrejected records\n");
    for (size_t i = 0; i < r->rejection_count && i < 10; i++) {
      const rejection *j = &r->rejections[i];
      fprintf(out, "  record %llu, %s line %llu column %llu: %s\n",
              (unsigned long long)j->record, j->file,
              (unsigned long long)j->line, (unsigned long long)j->column,
              j->message);
    }
    if (r->rejections_total > 10)
      fprintf(out, "  ... and %llu more\n",
              (unsigned long long)(r->rejections_total - 10));
  }
}

/* ---- JSON ---- */

static void write_u64s(FILE *out, const uint64_t *v, size_t n) {
  fputc('[', out);
  for (size_t i = 0; i < n; i++)
    fprintf(out, "%s%llu", i ? ", " : "", (unsigned long long)v[i]);
  fputc(']', out);
}

/* The scores of a metrics object, as a JSON object. */
static void write_scores(FILE *out, const sdq_metrics *m, const char *indent) {
  sdq_score_summary sc;
  sdq_metrics_scores(m, &sc);
  fprintf(out, "{\n%s  \"mean_quality\": ", indent);
  json_write_score(out, sc.mean_quality);
  fprintf(out, ",\n%s  \"mean_risk\": ", indent);
  json_write_score(out, sc.mean_risk);
  fprintf(out,
          ",\n%s  \"levels\": {\"low\": %llu, \"medium\": %llu, \"high\": "
          "%llu},\n%s  \"dimensions\": {",
          indent, (unsigned long long)sc.levels[0],
          (unsigned long long)sc.levels[1], (unsigned long long)sc.levels[2],
          indent);
  for (int d = 0; d < SDQ_DIMENSION_COUNT; d++) {
    fprintf(out,
            "%s\"%s\": {\"checks_made\": %llu, \"checks_passed\": %llu, "
            "\"quality\": ",
            d ? ", " : "", sdq_dimension_name((sdq_dimension)d),
            (unsigned long long)sc.checks_made[d],
            (unsigned long long)sc.checks_passed[d]);
    json_write_score(out, percent(sc.checks_passed[d], sc.checks_made[d]));
    fputc('}', out);
  }
  fprintf(out, "},\n%s  \"quality_histogram\": ", indent);
  write_u64s(out, sc.quality_histogram, SDQ_HISTOGRAM_BINS);
  fprintf(out, ",\n%s  \"risk_histogram\": ", indent);
  write_u64s(out, sc.risk_histogram, SDQ_HISTOGRAM_BINS);
  fprintf(out, "\n%s}", indent);
}

/* A provider's scorecard. */
static void write_provider(FILE *out, const sdq_metrics *pm, sdq_field kind,
                           const char *name) {
  sdq_record_counts rc;
  sdq_metrics_records(pm, &rc);
  fputs("\n    {\"kind\": ", out);
  json_write_cstring(out, sdq_field_name(kind));
  fputs(", \"name\": ", out);
  json_write_cstring(out, name);
  fprintf(out, ", \"records\": %llu, \"items\": %llu,\n     \"scores\": ",
          (unsigned long long)rc.assessed, (unsigned long long)rc.items);
  write_scores(out, pm, "     ");
  fputs(",\n     \"required_fields\": {", out);
  bool first = true;
  for (int pass = 0; pass < 2; pass++) {
    int base = pass ? SDQ_ITEM_FIELD_BASE : 0;
    int count = pass ? SDQ_ITEM_FIELD_COUNT : SDQ_CONSIGNMENT_FIELD_COUNT;
    for (int k = 0; k < count; k++) {
      sdq_field f = (sdq_field)(base + k);
      sdq_field_counts fc;
      sdq_metrics_field(pm, f, &fc);
      if (!fc.required)
        continue;
      fprintf(out, "%s\"%s\": ", first ? "" : ", ", sdq_field_name(f));
      json_write_score(out, percent(fc.present, fc.occurrences));
      first = false;
    }
  }
  fputs("},\n     \"rules\": {", out);
  first = true;
  for (size_t i = 0; i < sdq_rule_count(); i++) {
    sdq_rule_counts c;
    sdq_metrics_rule(pm, i, &c);
    if (!c.records)
      continue;
    fprintf(out, "%s\"%s\": %llu", first ? "" : ", ", sdq_rule_id(i),
            (unsigned long long)c.records);
    first = false;
  }
  fputs("}}", out);
}

void write_report_json(const run *r, FILE *out) {
  const sdq_metrics *m = sdq_batch_metrics(r->batch);
  sdq_record_counts rc;
  sdq_score_summary sc;
  sdq_metrics_records(m, &rc);
  sdq_metrics_scores(m, &sc);
  fprintf(out, "{\n  \"report_version\": 1,\n  \"sdq_version\": \"%s\",\n",
          sdq_version());
  fputs("  \"profile\": ", out);
  json_write_cstring(out, sdq_engine_profile(r->engine));
  fputs(",\n  \"inputs\": [", out);
  for (size_t i = 0; i < r->opt->input_count; i++) {
    const input_stats *in = &r->inputs[i];
    fputs(i ? ", {\"file\": " : "{\"file\": ", out);
    json_write_cstring(out, in->file);
    fprintf(out,
            ", \"format\": \"%s\", \"read\": %s, \"records\": %llu, "
            "\"bytes\": %llu}",
            in->format == SDQ_FORMAT_CSV ? "csv" : "ndjson",
            in->failed ? "false" : "true", (unsigned long long)in->records,
            (unsigned long long)in->bytes);
  }
  fprintf(out,
          "],\n  \"records\": {\"read\": %llu, \"assessed\": %llu, "
          "\"rejected\": %llu, \"items\": %llu},\n",
          (unsigned long long)rc.read, (unsigned long long)rc.assessed,
          (unsigned long long)rc.rejected, (unsigned long long)rc.items);
  fprintf(out,
          "  \"levels\": {\"low\": %llu, \"medium\": %llu, \"high\": %llu},\n",
          (unsigned long long)sc.levels[0], (unsigned long long)sc.levels[1],
          (unsigned long long)sc.levels[2]);
  fputs("  \"mean_quality\": ", out);
  json_write_score(out, sc.mean_quality);
  fputs(",\n  \"mean_risk\": ", out);
  json_write_score(out, sc.mean_risk);
  fputs(",\n  \"scores\": ", out);
  write_scores(out, m, "  ");
  uint64_t tracked = 0, untracked = 0;
  sdq_metrics_ids(m, &tracked, &untracked);
  fprintf(out, ",\n  \"ids\": {\"tracked\": %llu, \"untracked\": %llu}",
          (unsigned long long)tracked, (unsigned long long)untracked);
  fputs(",\n  \"unmapped\": [", out);
  for (size_t i = 0; i < r->unmapped_count; i++) {
    fputs(i ? ", {\"name\": " : "{\"name\": ", out);
    json_write_cstring(out, r->unmapped[i].name);
    fprintf(out, ", \"values\": %llu}",
            (unsigned long long)r->unmapped[i].values);
  }
  fputs("],\n  \"fields\": {", out);
  bool first = true;
  for (int pass = 0; pass < 2; pass++) {
    int base = pass ? SDQ_ITEM_FIELD_BASE : 0;
    int count = pass ? SDQ_ITEM_FIELD_COUNT : SDQ_CONSIGNMENT_FIELD_COUNT;
    for (int k = 0; k < count; k++) {
      sdq_field f = (sdq_field)(base + k);
      sdq_field_counts fc;
      sdq_metrics_field(m, f, &fc);
      fprintf(
          out,
          "%s\n    \"%s\": {\"level\": \"%s\", \"required\": %s, "
          "\"occurrences\": %llu, \"present\": %llu, \"missing\": %llu, "
          "\"placeholder\": %llu, \"invalid\": %llu}",
          first ? "" : ",", sdq_field_name(f), pass ? "item" : "consignment",
          fc.required ? "true" : "false", (unsigned long long)fc.occurrences,
          (unsigned long long)fc.present, (unsigned long long)fc.missing,
          (unsigned long long)fc.placeholder, (unsigned long long)fc.invalid);
      first = false;
    }
  }
  fputs("\n  },\n  \"rules\": {", out);
  for (size_t i = 0; i < sdq_rule_count(); i++) {
    sdq_rule_counts rcount;
    sdq_metrics_rule(m, i, &rcount);
    fprintf(out, "%s\n    \"%s\": {\"records\": %llu, \"findings\": %llu}",
            i ? "," : "", sdq_rule_id(i), (unsigned long long)rcount.records,
            (unsigned long long)rcount.findings);
  }
  fputs("\n  },\n  \"providers\": [", out);
  size_t np = sdq_metrics_provider_count(m);
  for (size_t i = 0; i < np; i++) {
    sdq_field kind;
    const char *name;
    const sdq_metrics *pm = sdq_metrics_provider(m, i, &kind, &name);
    if (i)
      fputc(',', out);
    write_provider(out, pm, kind, name);
  }
  fprintf(out,
          "%s],\n  \"top\": {\"limit\": %llu, \"listed\": %llu, "
          "\"medium_or_high\": %llu, \"consignments\": [",
          np ? "\n  " : "", (unsigned long long)r->opt->top,
          (unsigned long long)r->top_count, (unsigned long long)r->above_low);
  top_record *t = sorted_top(r);
  for (size_t i = 0; t && i < r->top_count; i++) {
    fprintf(out, "%s\n    {\"record\": %llu, \"file\": ", i ? "," : "",
            (unsigned long long)t[i].record);
    json_write_cstring(out, t[i].file);
    fprintf(out, ", \"line\": %llu, \"id\": ", (unsigned long long)t[i].line);
    if (t[i].id[0])
      json_write_cstring(out, t[i].id);
    else
      fputs("null", out);
    fputs(", \"risk\": ", out);
    json_write_score(out, t[i].risk);
    fputs(", \"quality\": ", out);
    json_write_score(out, t[i].quality);
    fprintf(out, ", \"level\": \"%s\", \"reasons\": [",
            sdq_level_name(t[i].level));
    for (size_t k = 0; k < t[i].reason_count; k++) {
      fputs(k ? ", {\"rule\": " : "{\"rule\": ", out);
      json_write_cstring(out, t[i].reasons[k].rule);
      fputs(", \"field\": ", out);
      json_write_cstring(out, t[i].reasons[k].field[0] ? t[i].reasons[k].field
                                                       : NULL);
      fputs(", \"contribution\": ", out);
      json_write_score(out, t[i].reasons[k].contribution);
      fputs(", \"message\": ", out);
      json_write_cstring(out, t[i].reasons[k].message);
      fputc('}', out);
    }
    fputs("]}", out);
  }
  free(t);
  fputs(r->top_count ? "\n  ]},\n" : "]},\n", out);
  fputs("  \"rejected\": [", out);
  for (size_t i = 0; i < r->rejection_count; i++) {
    const rejection *j = &r->rejections[i];
    fprintf(out, "%s\n    {\"record\": %llu, \"file\": ", i ? "," : "",
            (unsigned long long)j->record);
    json_write_cstring(out, j->file);
    fprintf(out, ", \"line\": %llu, \"column\": %llu, \"error\": ",
            (unsigned long long)j->line, (unsigned long long)j->column);
    json_write_cstring(out, j->message);
    fputs("}", out);
  }
  fprintf(out, "%s],\n  \"rejected_not_listed\": %llu\n}\n",
          r->rejection_count ? "\n  " : "",
          (unsigned long long)(r->rejections_total - r->rejection_count));
}
