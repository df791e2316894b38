/*
 * sdq — the command-line program of libsdq.
 *
 *   sdq check [options] [FILE...|-]   assess shipment records
 *   sdq fields | rules | profiles     the field dictionary, rule catalogue
 *                                     and built-in profiles
 *   sdq gen --records N ...           synthetic consignments (tests,
 *                                     benchmarks)
 *   sdq --version | --help
 *
 * Exit status: 0 ran, 1 --fail-on level reached, 2 usage error, 3 an input
 * could not be read.
 */
/* clock_gettime, nanosleep, isatty, stat: POSIX. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "gen.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: sdq check [--format csv|ndjson] [--profile NAME]\n"
    "                 [--map COLUMN=FIELD]... [--set FIELD=VALUE]...\n"
    "                 [--mapping FILE.json] [--group-items] [--delimiter C]\n"
    "                 [--out FILE] [--report FILE] [--html FILE] [--top N]\n"
    "                 [--watchlist FILE] [--threads N] [--fail-on LEVEL]\n"
    "                 [--now DATE] [--quiet] [--[no-]progress] [FILE...|-]\n"
    "       sdq fields | sdq rules | sdq profiles [NAME]\n"
    "       sdq gen --records N [--seed S] [--defect-rate R]\n"
    "               [--format csv|ndjson] [--out FILE] [--manifest FILE]\n"
    "               [--watchlist FILE]\n"
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
    "  --html FILE          write the report as one self-contained HTML page\n"
    "  --top N              list the N riskiest consignments (default 20)\n"
    "  --watchlist FILE     parties to look out for: CSV with the columns\n"
    "                       name, id, address, country, reason\n"
    "  --threads N          assess on N threads (results and metrics are the\n"
    "                       same as with one)\n"
    "  --fail-on LEVEL      exit 1 when a consignment's risk reaches medium\n"
    "                       or high\n"
    "  --[no-]progress      a progress line on standard error (default: when\n"
    "                       it is a terminal)\n"
    "  --quiet              do not print the summary\n"
    "  --now DATE           the date against which dates in the future are\n"
    "                       judged (default: the clock), e.g. 2026-11-01\n"
    "\n"
    "Exit status: 0 ran, 1 --fail-on level reached, 2 usage error, 3 an\n"
    "input could not be read.\n"
    "Formats of --out and --report: docs/report.md.\n";

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
                 strcmp(a, "--now") == 0 || strcmp(a, "--threads") == 0 ||
                 strcmp(a, "--fail-on") == 0 || strcmp(a, "--top") == 0 ||
                 strcmp(a, "--html") == 0 || strcmp(a, "--watchlist") == 0;
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
    } else if (strcmp(a, "--watchlist") == 0) {
      size_t len = 0;
      char *doc = read_file(v, &len);
      if (!doc) {
        fprintf(stderr, "sdq: cannot read watch-list %s: %s\n", v,
                strerror(errno));
        return EXIT_INPUT;
      }
      sdq_error err;
      memset(&err, 0, sizeof err);
      sdq_status st = sdq_config_load_watchlist(cfg, doc, len, &err);
      free(doc);
      if (st != SDQ_OK)
        return usage_error("%s:%llu: %s", v, (unsigned long long)err.line,
                           err.message);
    } else if (strcmp(a, "--threads") == 0) {
      char *end;
      long n = strtol(v, &end, 10);
      if (*end || n < 1 || n > 256)
        return usage_error("--threads takes a number from 1 to 256, got '%s'",
                           v);
      opt->threads = (int)n;
    } else if (strcmp(a, "--top") == 0) {
      char *end;
      long n = strtol(v, &end, 10);
      if (*end || n < 0 || n > 100000)
        return usage_error("--top takes a number from 0 to 100000, got '%s'",
                           v);
      opt->top = (size_t)n;
    } else if (strcmp(a, "--fail-on") == 0) {
      if (strcmp(v, "medium") == 0)
        opt->fail_on = SDQ_LEVEL_MEDIUM;
      else if (strcmp(v, "high") == 0)
        opt->fail_on = SDQ_LEVEL_HIGH;
      else
        return usage_error("--fail-on takes medium or high, got '%s'", v);
    } else if (strcmp(a, "--html") == 0) {
      opt->html_file = v;
    } else if (strcmp(a, "--progress") == 0 ||
               strcmp(a, "--no-progress") == 0) {
      opt->progress = a[2] == 'p';
      opt->progress_set = true;
      continue;
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

/* Writes one of the run's outputs to a file (or standard output). */
static bool write_output(const run *r, const char *path,
                         void (*write)(const run *, FILE *)) {
  FILE *f = open_output(path);
  if (!f) {
    fprintf(stderr, "sdq: cannot write %s: %s\n", path, strerror(errno));
    return false;
  }
  write(r, f);
  if (f == stdout ? fflush(f) != 0 : fclose(f) != 0) {
    fprintf(stderr, "sdq: cannot write %s\n", path);
    return false;
  }
  return true;
}

static int cmd_check(int argc, char **argv) {
  options opt;
  memset(&opt, 0, sizeof opt);
  opt.fail_on = -1;
  opt.top = 20;
  opt.threads = 1;
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
  if (!opt.progress_set)
    opt.progress = isatty(STDERR_FILENO);
  if (opt.input_count == 0)
    opt.inputs[opt.input_count++] = "-";
  r.inputs = calloc(opt.input_count, sizeof *r.inputs);
  r.top = calloc(opt.top ? opt.top : 1, sizeof *r.top);
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
  if (!r.inputs || !r.top || sdq_engine_new(cfg, &r.engine, &err) != SDQ_OK ||
      sdq_batch_new(r.engine, &r.batch) != SDQ_OK) {
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
  if (!run_inputs(&r)) {
    rc = EXIT_INPUT;
    goto done;
  }
  if (r.input_error)
    rc = EXIT_INPUT;
  if (!opt.quiet)
    print_summary(&r, stdout);
  if (opt.report_file && !write_output(&r, opt.report_file, write_report_json))
    rc = EXIT_INPUT;
  if (opt.html_file && !write_output(&r, opt.html_file, write_report_html))
    rc = EXIT_INPUT;
  if (rc == EXIT_RAN && r.failed_on)
    rc = EXIT_FAILED_ON;
done:
  if (r.out && (r.out == stdout ? fflush(r.out) != 0 : fclose(r.out) != 0)) {
    fprintf(stderr, "sdq: cannot write %s\n", opt.out_file);
    rc = EXIT_INPUT;
  }
  for (size_t i = 0; i < r.unmapped_count; i++)
    free(r.unmapped[i].name);
  free(r.unmapped);
  free(r.inputs);
  free(r.top);
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
  if (strcmp(cmd, "gen") == 0)
    return sdq_gen_main(argc - 2, argv + 2);
  if (strcmp(cmd, "check") == 0)
    return cmd_check(argc - 2, argv + 2);
  return usage_error("unknown command '%s'", cmd);
}
