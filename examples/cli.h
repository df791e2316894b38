/* The sdq command's pieces: options, the run's state, and the writers of
 * its outputs. */
#ifndef SDQ_CLI_H
#define SDQ_CLI_H

#include "sdq.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define EXIT_RAN 0
#define EXIT_FAILED_ON 1 /* --fail-on: a consignment reached the level */
#define EXIT_USAGE 2
#define EXIT_INPUT 3

/* Rejections listed in the summary and the report; the rest are counted. */
#define REJECTIONS_LISTED 100
/* Reasons kept for each listed consignment. */
#define TOP_REASONS 3

typedef struct options {
  const char *format; /* NULL: from the extension */
  const char *out_file;
  const char *report_file;
  const char *html_file;
  char delimiter;
  bool group_items;
  bool quiet;
  bool now_given; /* --now: else the clock */
  int threads;
  int fail_on; /* -1 none, else an sdq_level */
  size_t top;
  bool progress; /* --progress / --no-progress; default: stderr a tty */
  bool progress_set;
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

/* A consignment among the riskiest, with its reasons. */
typedef struct top_record {
  uint64_t record, line;
  const char *file;
  char id[64];
  double risk, quality;
  sdq_level level;
  size_t reason_count;
  struct {
    char rule[40];
    char field[24];
    double contribution;
    char message[200];
  } reasons[TOP_REASONS];
} top_record;

typedef struct run {
  const options *opt;
  sdq_engine *engine;
  sdq_batch *batch;
  FILE *out;
  uint64_t record_number; /* across inputs */
  rejection rejections[REJECTIONS_LISTED];
  size_t rejection_count;
  uint64_t rejections_total;
  input_stats *inputs;
  unmapped_total *unmapped;
  size_t unmapped_count;
  bool input_error;
  top_record *top; /* a min-heap on risk, at most opt->top */
  size_t top_count;
  uint64_t above_low; /* consignments of medium or high risk */
  bool failed_on;     /* --fail-on level reached */
  /* progress */
  uint64_t bytes_done, bytes_total;
  double started, last_progress;
} run;

/* check.c: reads every input, assesses, writes --out; false on a fatal
 * error (then the exit status is EXIT_INPUT). */
bool run_inputs(run *r);

/* report.c */
void print_summary(const run *r, FILE *out);
void write_report_json(const run *r, FILE *out);
/* html.c */
void write_report_html(const run *r, FILE *out);

/* JSON helpers (json_writer.c). */
#include "json_writer.h"

#endif
