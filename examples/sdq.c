/*
 * sdq — the command-line program of libsdq.
 *
 *   sdq check [options] [FILE...|-]   assess shipment records
 *   sdq fields                        list the canonical fields and aliases
 *   sdq --version | --help
 *
 * Exit status: 0 ran, 2 usage error, 3 an input could not be read.
 */
#include "sdq.h"
#include "json_writer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_RAN 0
#define EXIT_USAGE 2
#define EXIT_INPUT 3

/* Rejections listed in the summary and the report; the rest are counted. */
#define REJECTIONS_LISTED 100
#define READ_CHUNK (256 * 1024)

static const char USAGE[] =
    "usage: sdq check [--format csv|ndjson] [--profile NAME]\n"
    "                 [--map COLUMN=FIELD]... [--set FIELD=VALUE]...\n"
    "                 [--mapping FILE.json] [--group-items] [--delimiter C]\n"
    "                 [--out FILE] [--report FILE] [--quiet] [--now DATE]\n"
    "                 [FILE...|-]\n"
    "       sdq fields | sdq rules | sdq profiles [NAME]\n"
    "       sdq --version\n"
    "       sdq --help\n";

static const char HELP[] =
    "sdq assesses shipment records (CSV or NDJSON) for completeness,\n"
    "validity and consistency, and scores each record's risk.\n"
    "\n"
    "sdq check options:\n"
    "  --format csv|ndjson  input format (default: from the file extension:\n"
    "                       .csv .tsv .txt are CSV, .ndjson .jsonl .json "
    "NDJSON)\n"
    "  --profile NAME       profile of required fields and rules (default "
    "core)\n"
    "  --map COLUMN=FIELD   read source column or key COLUMN as FIELD\n"
    "  --set FIELD=VALUE    use VALUE for FIELD where a record lacks it\n"
    "  --mapping FILE.json  a mapping document: {\"columns\": {...},\n"
    "                       \"constants\": {...}}\n"
    "  --group-items        CSV: consecutive rows with the same shipment_id\n"
    "                       are one consignment with one item per row\n"
    "  --delimiter C        CSV delimiter: , ; | or tab (default: detected)\n"
    "  --out FILE           write one JSON line per record (- for stdout)\n"
    "  --report FILE        write the batch summary as JSON (- for stdout)\n"
    "  --quiet              do not print the summary\n"
    "  --now DATE           the date against which dates in the future are\n"
    "                       judged (default: the clock), e.g. 2026-11-01\n"
    "\n"
    "Exit status: 0 ran, 2 usage error, 3 an input could not be read.\n"
    "Formats of --out and --report: docs/report.md.\n";

typedef struct options {
  const char *format; /* NULL: from the extension */
  const char *profile;
  const char *mapping_file;
  const char *out_file;
  const char *report_file;
  char delimiter;
  bool group_items;
  bool quiet;
  bool now_given; /* --now: else the clock */
  const char **inputs;
  size_t input_count;
} options;

typedef struct rejection {
  uint64_t record;
  const char *file;
  uint64_t line, column;
  char message[256];
} rejection;

typedef struct input_stats {
  const char *file;
  sdq_format format;
  uint64_t records, bytes;
  bool failed;
} input_stats;

typedef struct unmapped_total {
  char *name;
  uint64_t values;
} unmapped_total;

typedef struct run {
  const options *opt;
  sdq_engine *engine;
  sdq_batch *batch;
  sdq_record *record;
  sdq_result *result;
  FILE *out;
  uint64_t record_number; /* across inputs */
  uint64_t levels[3];
  double quality_sum, risk_sum;
  rejection rejections[REJECTIONS_LISTED];
  size_t rejection_count;
  uint64_t rejections_total;
  input_stats *inputs;
  unmapped_total *unmapped;
  size_t unmapped_count;
  bool input_error;
  char *chunk;
} run;

static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("sdq: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs("\n", stderr);
  va_end(ap);
  fputs(USAGE, stderr);
  return EXIT_USAGE;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  if (n < m)
    return false;
  for (size_t i = 0; i < m; i++) {
    char c = s[n - m + i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != suffix[i])
      return false;
  }
  return true;
}

static int format_of(const options *opt, const char *file, sdq_format *fmt) {
  const char *name = opt->format;
  if (name) {
    if (strcmp(name, "csv") == 0)
      *fmt = SDQ_FORMAT_CSV;
    else if (strcmp(name, "ndjson") == 0)
      *fmt = SDQ_FORMAT_NDJSON;
    else
      return -1;
    return 0;
  }
  if (ends_with(file, ".csv") || ends_with(file, ".tsv") ||
      ends_with(file, ".txt")) {
    *fmt = SDQ_FORMAT_CSV;
    return 0;
  }
  if (ends_with(file, ".ndjson") || ends_with(file, ".jsonl") ||
      ends_with(file, ".json")) {
    *fmt = SDQ_FORMAT_NDJSON;
    return 0;
  }
  return -1;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap)
      break;
    char *bigger = realloc(buf, cap * 2);
    if (!bigger) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (buf && ferror(f)) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

/* ---- per-record output ------------------------------------------------- */

static void write_id(FILE *out, const sdq_record *rec) {
  const char *id;
  size_t len;
  if (sdq_record_get(rec, SDQ_FIELD_SHIPMENT_ID, &id, &len))
    json_write_string(out, id, len);
  else
    fputs("null", out);
}

static void write_assessed(run *r, const char *file) {
  FILE *out = r->out;
  const sdq_result *res = r->result;
  fprintf(out,
          "{\"record\":%llu,\"file\":", (unsigned long long)r->record_number);
  json_write_cstring(out, file);
  fprintf(out, ",\"line\":%llu,\"id\":",
          (unsigned long long)sdq_record_line(r->record));
  write_id(out, r->record);
  fputs(",\"status\":\"assessed\",\"quality\":", out);
  json_write_score(out, sdq_result_quality(res));
  fputs(",\"risk\":", out);
  json_write_score(out, sdq_result_risk(res));
  fprintf(out, ",\"level\":\"%s\",\"findings\":[",
          sdq_level_name(sdq_result_level(res)));
  size_t n = sdq_result_finding_count(res);
  for (size_t i = 0; i < n; i++) {
    const sdq_finding *f = sdq_result_finding(res, i);
    fputs(i ? ",{\"rule\":" : "{\"rule\":", out);
    json_write_cstring(out, sdq_rule_id(f->rule));
    fprintf(out, ",\"dimension\":\"%s\",\"field\":",
            sdq_dimension_name(f->dimension));
    json_write_cstring(out, sdq_field_name(f->field));
    if (f->item == SDQ_NO_ITEM)
      fputs(",\"item\":null", out);
    else
      fprintf(out, ",\"item\":%ld", (long)f->item);
    fprintf(out,
            ",\"severity\":\"%s\",\"value\":", sdq_severity_name(f->severity));
    if (f->value)
      json_write_string(out, f->value, f->value_len);
    else
      fputs("null", out);
    fputs(",\"message\":", out);
    json_write_cstring(out, f->message);
    fputs("}", out);
  }
  fputs("]}\n", out);
}

static void write_rejected(run *r, const char *file, const sdq_error *err) {
  FILE *out = r->out;
  fprintf(out,
          "{\"record\":%llu,\"file\":", (unsigned long long)r->record_number);
  json_write_cstring(out, file);
  fprintf(out,
          ",\"line\":%llu,\"column\":%llu,\"id\":null,\"status\":\"rejected\","
          "\"error\":",
          (unsigned long long)err->line, (unsigned long long)err->column);
  json_write_cstring(out, err->message);
  fputs("}\n", out);
}

/* ---- the run ------------------------------------------------------------ */

static void note_rejection(run *r, const char *file, const sdq_error *err) {
  r->rejections_total++;
  if (r->rejection_count < REJECTIONS_LISTED) {
    rejection *j = &r->rejections[r->rejection_count++];
    j->record = r->record_number;
    j->file = file;
    j->line = err->line;
    j->column = err->column;
    snprintf(j->message, sizeof j->message, "%s", err->message);
  }
}

/* Pulls every record the reader has; returns false on a fatal error. */
static bool drain(run *r, sdq_reader *reader, const char *file) {
  for (;;) {
    sdq_error err;
    memset(&err, 0, sizeof err);
    sdq_status st = sdq_reader_next(reader, r->record, &err);
    if (st == SDQ_NEED_INPUT || st == SDQ_END)
      return true;
    if (st == SDQ_OK) {
      r->record_number++;
      st = sdq_batch_assess(r->batch, r->record, r->result);
      if (st != SDQ_OK) {
        fprintf(stderr, "sdq: %s: record %llu: %s\n", file,
                (unsigned long long)r->record_number, sdq_strerror(st));
        return false;
      }
      r->levels[sdq_result_level(r->result)]++;
      r->quality_sum += sdq_result_quality(r->result);
      r->risk_sum += sdq_result_risk(r->result);
      if (r->out)
        write_assessed(r, file);
      continue;
    }
    if (st == SDQ_EPARSE || st == SDQ_ELIMIT || st == SDQ_ENOMEM) {
      if (err.record == 0) {
        /* Not a record: the CSV header. Its rows are rejected one by one. */
        fprintf(stderr, "sdq: %s:%llu:%llu: %s\n", file,
                (unsigned long long)err.line, (unsigned long long)err.column,
                err.message);
        continue;
      }
      r->record_number++;
      sdq_batch_reject(r->batch, &err);
      note_rejection(r, file, &err);
      if (r->out)
        write_rejected(r, file, &err);
      continue;
    }
    fprintf(stderr, "sdq: %s: %s\n", file, sdq_strerror(st));
    return false;
  }
}

static void add_unmapped(run *r, const sdq_reader *reader) {
  size_t n = sdq_reader_unmapped_count(reader);
  for (size_t i = 0; i < n; i++) {
    uint64_t values = 0;
    const char *name = sdq_reader_unmapped(reader, i, &values);
    size_t k = 0;
    while (k < r->unmapped_count && strcmp(r->unmapped[k].name, name) != 0)
      k++;
    if (k == r->unmapped_count) {
      unmapped_total *grown =
          realloc(r->unmapped, (r->unmapped_count + 1) * sizeof *grown);
      size_t name_len = strlen(name);
      char *copy = malloc(name_len + 1);
      if (copy)
        memcpy(copy, name, name_len + 1);
      if (!grown || !copy) {
        free(copy);
        if (grown)
          r->unmapped = grown;
        return;
      }
      r->unmapped = grown;
      r->unmapped[k].name = copy;
      r->unmapped[k].values = 0;
      r->unmapped_count++;
    }
    r->unmapped[k].values += values;
  }
}

static bool assess_input(run *r, input_stats *in, sdq_reader *reader) {
  const char *file = in->file;
  bool is_stdin = strcmp(file, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(file, "rb");
  if (!f) {
    fprintf(stderr, "sdq: cannot open %s: %s\n", file, strerror(errno));
    in->failed = true;
    r->input_error = true;
    return true;
  }
  uint64_t before = sdq_reader_records(reader);
  bool ok = true;
  for (;;) {
    size_t n = fread(r->chunk, 1, READ_CHUNK, f);
    if (n == 0) {
      if (ferror(f)) {
        fprintf(stderr, "sdq: cannot read %s: %s\n", file, strerror(errno));
        in->failed = true;
        r->input_error = true;
      }
      break;
    }
    in->bytes += n;
    sdq_reader_feed(reader, r->chunk, n);
    if (!(ok = drain(r, reader, file)))
      break;
  }
  if (ok) {
    sdq_reader_finish(reader);
    ok = drain(r, reader, file);
  }
  in->records = sdq_reader_records(reader) - before;
  add_unmapped(r, reader);
  if (!is_stdin)
    fclose(f);
  return ok;
}

/* ---- summary and report -------------------------------------------------- */

static double percent(uint64_t part, uint64_t whole) {
  return whole ? 100.0 * (double)part / (double)whole : 100.0;
}

static int compare_rules(const void *a, const void *b, const sdq_metrics *m) {
  sdq_rule_counts x, y;
  sdq_metrics_rule(m, *(const size_t *)a, &x);
  sdq_metrics_rule(m, *(const size_t *)b, &y);
  if (x.records != y.records)
    return x.records > y.records ? -1 : 1;
  return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static void print_summary(run *r, FILE *out) {
  const sdq_metrics *m = sdq_batch_metrics(r->batch);
  sdq_record_counts rc;
  sdq_metrics_records(m, &rc);
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
            r->quality_sum / (double)rc.assessed,
            r->risk_sum / (double)rc.assessed, (unsigned long long)r->levels[0],
            (unsigned long long)r->levels[1], (unsigned long long)r->levels[2]);

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
      if (!fc.required)
        continue;
      fprintf(out, "  %-20s %10llu %10llu %12llu %8.1f%%\n", sdq_field_name(f),
              (unsigned long long)fc.present, (unsigned long long)fc.missing,
              (unsigned long long)fc.placeholder,
              percent(fc.present, fc.occurrences));
    }
  }

  size_t n = sdq_rule_count();
  size_t order[64];
  size_t shown = 0;
  for (size_t i = 0; i < n && shown < 64; i++) {
    sdq_rule_counts rcount;
    sdq_metrics_rule(m, i, &rcount);
    if (rcount.findings)
      order[shown++] = i;
  }
  /* Insertion sort: few rules, and qsort has no context argument. */
  for (size_t i = 1; i < shown; i++)
    for (size_t j = i; j > 0 && compare_rules(&order[j], &order[j - 1], m) < 0;
         j--) {
      size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
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

static void write_report(run *r, FILE *out) {
  const sdq_metrics *m = sdq_batch_metrics(r->batch);
  sdq_record_counts rc;
  sdq_metrics_records(m, &rc);
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
          (unsigned long long)r->levels[0], (unsigned long long)r->levels[1],
          (unsigned long long)r->levels[2]);
  fputs("  \"mean_quality\": ", out);
  json_write_score(out,
                   rc.assessed ? r->quality_sum / (double)rc.assessed : 100);
  fputs(",\n  \"mean_risk\": ", out);
  json_write_score(out, rc.assessed ? r->risk_sum / (double)rc.assessed : 0);
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
      fprintf(out,
              "%s\n    \"%s\": {\"level\": \"%s\", \"required\": %s, "
              "\"occurrences\": %llu, \"present\": %llu, \"missing\": %llu, "
              "\"placeholder\": %llu}",
              first ? "" : ",", sdq_field_name(f),
              pass ? "item" : "consignment", fc.required ? "true" : "false",
              (unsigned long long)fc.occurrences,
              (unsigned long long)fc.present, (unsigned long long)fc.missing,
              (unsigned long long)fc.placeholder);
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
  fputs("\n  },\n  \"rejected\": [", out);
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

/* ---- commands ------------------------------------------------------------ */

static int cmd_fields(void) {
  for (int pass = 0; pass < 2; pass++) {
    printf(pass ? "\nitem fields\n" : "consignment fields\n");
    int base = pass ? SDQ_ITEM_FIELD_BASE : 0;
    int count = pass ? SDQ_ITEM_FIELD_COUNT : SDQ_CONSIGNMENT_FIELD_COUNT;
    for (int k = 0; k < count; k++) {
      sdq_field f = (sdq_field)(base + k);
      printf("  %-20s", sdq_field_name(f));
      size_t n = sdq_field_alias_count(f);
      for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? ", " : " ", sdq_field_alias(f, i));
      printf("\n");
    }
  }
  printf(
      "\nNames match ignoring case, spaces, dashes, underscores and dots.\n");
  return EXIT_RAN;
}

static int cmd_profiles(int argc, char **argv) {
  if (argc == 1) {
    const char *doc = sdq_profile_json(argv[0]);
    if (!doc)
      return usage_error("unknown profile '%s'", argv[0]);
    fputs(doc, stdout);
    return EXIT_RAN;
  }
  if (argc > 1)
    return usage_error("profiles takes at most one profile name");
  for (size_t i = 0; i < sdq_profile_count(); i++) {
    const char *name = sdq_profile_name(i);
    sdq_config *cfg = NULL;
    sdq_engine *engine = NULL;
    if (sdq_config_new(NULL, &cfg) != SDQ_OK ||
        sdq_config_set_profile(cfg, name) != SDQ_OK ||
        sdq_engine_new(cfg, &engine, NULL) != SDQ_OK) {
      sdq_config_free(cfg);
      fprintf(stderr, "sdq: out of memory\n");
      return EXIT_INPUT;
    }
    printf("%-6s required:", name);
    const char *sep = " ";
    for (int pass = 0; pass < 2; pass++) {
      int base = pass ? SDQ_ITEM_FIELD_BASE : 0;
      int count = pass ? SDQ_ITEM_FIELD_COUNT : SDQ_CONSIGNMENT_FIELD_COUNT;
      for (int k = 0; k < count; k++)
        if (sdq_engine_requires(engine, (sdq_field)(base + k)) == 1) {
          printf("%s%s", sep, sdq_field_name((sdq_field)(base + k)));
          sep = ", ";
        }
    }
    for (int g = 2; g < 2 + 8; g++) {
      const char *group = "; one of: ";
      for (int k = 0; k < SDQ_CONSIGNMENT_FIELD_COUNT; k++)
        if (sdq_engine_requires(engine, (sdq_field)k) == g) {
          printf("%s%s", group, sdq_field_name((sdq_field)k));
          group = " | ";
        }
    }
    printf("\n");
    sdq_engine_free(engine);
    sdq_config_free(cfg);
  }
  printf("\n'sdq profiles NAME' prints a profile as JSON, to start one's own "
         "from.\n");
  return EXIT_RAN;
}

static int cmd_rules(void) {
  for (size_t i = 0; i < sdq_rule_count(); i++)
    printf("%-30s %-13s %s\n", sdq_rule_id(i),
           sdq_dimension_name(sdq_rule_dimension(i)), sdq_rule_summary(i));
  return EXIT_RAN;
}

/* --profile: a built-in name, or a JSON file. */
static int set_profile(sdq_config *cfg, const char *v) {
  if (!ends_with(v, ".json")) {
    if (sdq_config_set_profile(cfg, v) != SDQ_OK)
      return usage_error("unknown profile '%s' (see sdq profiles)", v);
    return -1;
  }
  size_t len = 0;
  char *doc = read_file(v, &len);
  if (!doc) {
    fprintf(stderr, "sdq: cannot read profile %s: %s\n", v, strerror(errno));
    return EXIT_INPUT;
  }
  sdq_error err;
  memset(&err, 0, sizeof err);
  sdq_status st = sdq_config_load_profile(cfg, doc, len, &err);
  free(doc);
  if (st != SDQ_OK)
    return usage_error("%s:%llu:%llu: %s", v, (unsigned long long)err.line,
                       (unsigned long long)err.column, err.message);
  return -1;
}

/* Seconds since 1970 of "YYYY-MM-DD" or "YYYY-MM-DDThh:mm[:ss]Z" (UTC). */
static bool parse_now(const char *s, int64_t *out) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  char tail[4] = "";
  int n =
      sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%3s", &y, &mo, &d, &h, &mi, &sec, tail);
  if (n < 3 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
      sec > 60)
    return false;
  if (n == 3 && strlen(s) != 10)
    return false;
  /* Days from civil (proleptic Gregorian). */
  int yy = y - (mo <= 2);
  int era = (yy >= 0 ? yy : yy - 399) / 400;
  int yoe = yy - era * 400;
  int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = (int64_t)era * 146097 + doe - 719468;
  *out = days * 86400 + h * 3600 + mi * 60 + sec;
  return true;
}

static int configure(sdq_config *cfg, int argc, char **argv, options *opt) {
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    bool takes = strcmp(a, "--format") == 0 || strcmp(a, "--profile") == 0 ||
                 strcmp(a, "--map") == 0 || strcmp(a, "--set") == 0 ||
                 strcmp(a, "--mapping") == 0 || strcmp(a, "--out") == 0 ||
                 strcmp(a, "--report") == 0 || strcmp(a, "--delimiter") == 0 ||
                 strcmp(a, "--now") == 0;
    if (takes && !v)
      return usage_error("%s needs a value", a);
    if (strcmp(a, "--format") == 0) {
      if (strcmp(v, "csv") != 0 && strcmp(v, "ndjson") != 0)
        return usage_error("unknown format '%s' (csv or ndjson)", v);
      opt->format = v;
    } else if (strcmp(a, "--profile") == 0) {
      int rc = set_profile(cfg, v);
      if (rc >= 0)
        return rc;
      opt->profile = v;
    } else if (strcmp(a, "--map") == 0) {
      const char *eq = strrchr(v, '=');
      if (!eq || eq == v)
        return usage_error("--map takes COLUMN=FIELD, got '%s'", v);
      sdq_field f = sdq_field_lookup(eq + 1, strlen(eq + 1));
      if (f == SDQ_FIELD_NONE && eq[1] != '\0')
        return usage_error("--map %s: unknown field '%s' (see sdq fields)", v,
                           eq + 1);
      if (sdq_config_map(cfg, v, (size_t)(eq - v), f) != SDQ_OK)
        return usage_error("--map %s: cannot map", v);
    } else if (strcmp(a, "--set") == 0) {
      const char *eq = strchr(v, '=');
      if (!eq || eq == v)
        return usage_error("--set takes FIELD=VALUE, got '%s'", v);
      sdq_field f = sdq_field_lookup(v, (size_t)(eq - v));
      if (f == SDQ_FIELD_NONE)
        return usage_error("--set %s: unknown field '%.*s' (see sdq fields)", v,
                           (int)(eq - v), v);
      if (sdq_config_set_constant(cfg, f, eq + 1, strlen(eq + 1)) != SDQ_OK)
        return usage_error("--set %s: cannot set", v);
    } else if (strcmp(a, "--mapping") == 0) {
      opt->mapping_file = v;
      size_t len = 0;
      char *doc = read_file(v, &len);
      if (!doc) {
        fprintf(stderr, "sdq: cannot read mapping %s: %s\n", v,
                strerror(errno));
        return EXIT_INPUT;
      }
      sdq_error err;
      memset(&err, 0, sizeof err);
      sdq_status st = sdq_config_load_mapping(cfg, doc, len, &err);
      free(doc);
      if (st != SDQ_OK)
        return usage_error("%s:%llu:%llu: %s", v, (unsigned long long)err.line,
                           (unsigned long long)err.column, err.message);
    } else if (strcmp(a, "--out") == 0) {
      opt->out_file = v;
    } else if (strcmp(a, "--report") == 0) {
      opt->report_file = v;
    } else if (strcmp(a, "--delimiter") == 0) {
      if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
        opt->delimiter = '\t';
      else if (strlen(v) == 1 && strchr(",;|\t", v[0]))
        opt->delimiter = v[0];
      else
        return usage_error("--delimiter takes , ; | or tab, got '%s'", v);
    } else if (strcmp(a, "--group-items") == 0) {
      opt->group_items = true;
      continue;
    } else if (strcmp(a, "--quiet") == 0) {
      opt->quiet = true;
      continue;
    } else if (strcmp(a, "--now") == 0) {
      int64_t t;
      if (!parse_now(v, &t))
        return usage_error("--now takes a date YYYY-MM-DD or a date-time "
                           "YYYY-MM-DDThh:mm:ssZ, got '%s'",
                           v);
      sdq_config_set_reference_time(cfg, t);
      opt->now_given = true;
    } else if (a[0] == '-' && a[1] != '\0') {
      return usage_error("unknown option '%s'", a);
    } else {
      opt->inputs[opt->input_count++] = a;
      continue;
    }
    i++; /* the option's value */
  }
  return -1;
}

static FILE *open_output(const char *path) {
  if (strcmp(path, "-") == 0)
    return stdout;
  return fopen(path, "w");
}

static int cmd_check(int argc, char **argv) {
  options opt;
  memset(&opt, 0, sizeof opt);
  opt.inputs = calloc((size_t)argc + 1, sizeof *opt.inputs);
  sdq_config *cfg = NULL;
  run r;
  memset(&r, 0, sizeof r);
  r.opt = &opt;
  int rc = EXIT_RAN;
  if (!opt.inputs || sdq_config_new(NULL, &cfg) != SDQ_OK) {
    fprintf(stderr, "sdq: out of memory\n");
    free(opt.inputs);
    return EXIT_INPUT;
  }
  int used = configure(cfg, argc, argv, &opt);
  if (used >= 0) {
    rc = used;
    goto done;
  }
  if (!opt.now_given)
    sdq_config_set_reference_time(cfg, (int64_t)time(NULL));
  if (opt.input_count == 0)
    opt.inputs[opt.input_count++] = "-";
  r.inputs = calloc(opt.input_count, sizeof *r.inputs);
  for (size_t i = 0; r.inputs && i < opt.input_count; i++) {
    r.inputs[i].file = opt.inputs[i];
    if (format_of(&opt, opt.inputs[i], &r.inputs[i].format) != 0) {
      rc = usage_error("cannot tell the format of '%s': give --format csv "
                       "or --format ndjson",
                       opt.inputs[i]);
      goto done;
    }
  }
  sdq_error err;
  memset(&err, 0, sizeof err);
  r.chunk = malloc(READ_CHUNK);
  if (!r.inputs || !r.chunk || sdq_engine_new(cfg, &r.engine, &err) != SDQ_OK ||
      sdq_batch_new(r.engine, &r.batch) != SDQ_OK ||
      sdq_record_new(r.engine, &r.record) != SDQ_OK ||
      sdq_result_new(r.engine, &r.result) != SDQ_OK) {
    fprintf(stderr, "sdq: out of memory\n");
    rc = EXIT_INPUT;
    goto done;
  }
  if (opt.out_file && !(r.out = open_output(opt.out_file))) {
    fprintf(stderr, "sdq: cannot write %s: %s\n", opt.out_file,
            strerror(errno));
    rc = EXIT_INPUT;
    goto done;
  }
  for (size_t i = 0; i < opt.input_count; i++) {
    sdq_reader *reader = NULL;
    if (sdq_reader_new(r.engine, r.inputs[i].format, &reader) != SDQ_OK) {
      fprintf(stderr, "sdq: out of memory\n");
      rc = EXIT_INPUT;
      goto done;
    }
    if (r.inputs[i].format == SDQ_FORMAT_CSV) {
      sdq_reader_set_group_items(reader, opt.group_items);
      sdq_reader_set_delimiter(reader, opt.delimiter);
    }
    bool ok = assess_input(&r, &r.inputs[i], reader);
    sdq_reader_free(reader);
    if (!ok) {
      rc = EXIT_INPUT;
      goto done;
    }
  }
  if (r.input_error)
    rc = EXIT_INPUT;
  if (!opt.quiet)
    print_summary(&r, stdout);
  if (opt.report_file) {
    FILE *rf = open_output(opt.report_file);
    if (!rf) {
      fprintf(stderr, "sdq: cannot write %s: %s\n", opt.report_file,
              strerror(errno));
      rc = EXIT_INPUT;
    } else {
      write_report(&r, rf);
      if (rf != stdout && fclose(rf) != 0) {
        fprintf(stderr, "sdq: cannot write %s\n", opt.report_file);
        rc = EXIT_INPUT;
      }
    }
  }
done:
  if (r.out && r.out != stdout && fclose(r.out) != 0) {
    fprintf(stderr, "sdq: cannot write %s\n", opt.out_file);
    rc = EXIT_INPUT;
  }
  for (size_t i = 0; i < r.unmapped_count; i++)
    free(r.unmapped[i].name);
  free(r.unmapped);
  free(r.inputs);
  free(r.chunk);
  sdq_result_free(r.result);
  sdq_record_free(r.record);
  sdq_batch_free(r.batch);
  sdq_engine_free(r.engine);
  sdq_config_free(cfg);
  free(opt.inputs);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return usage_error("no command given");
  const char *cmd = argv[1];
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
    printf("sdq %s\n", sdq_version());
    return EXIT_RAN;
  }
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
      strcmp(cmd, "help") == 0) {
    fputs(USAGE, stdout);
    fputs("\n", stdout);
    fputs(HELP, stdout);
    return EXIT_RAN;
  }
  if (strcmp(cmd, "fields") == 0)
    return argc == 2 ? cmd_fields() : usage_error("fields takes no arguments");
  if (strcmp(cmd, "profiles") == 0)
    return cmd_profiles(argc - 2, argv + 2);
  if (strcmp(cmd, "rules") == 0)
    return argc == 2 ? cmd_rules() : usage_error("rules takes no arguments");
  if (strcmp(cmd, "check") == 0)
    return cmd_check(argc - 2, argv + 2);
  return usage_error("unknown command '%s'", cmd);
}
