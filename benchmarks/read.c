/* Reading alone: every record of a file through an sdq reader, no checks.
 * Prints bytes, records, rejected and seconds. */
#define _POSIX_C_SOURCE 200809L
#include <sdq.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_read csv|ndjson FILE [--group-items]\n");
    return 2;
  }
  sdq_format format =
      strcmp(argv[1], "csv") == 0 ? SDQ_FORMAT_CSV : SDQ_FORMAT_NDJSON;
  FILE *f = fopen(argv[2], "rb");
  if (!f) {
    perror(argv[2]);
    return 3;
  }
  sdq_engine *e = NULL;
  sdq_reader *r = NULL;
  sdq_record *rec = NULL;
  if (sdq_engine_new(NULL, &e, NULL) != SDQ_OK ||
      sdq_reader_new(e, format, &r) != SDQ_OK ||
      sdq_record_new(e, &rec) != SDQ_OK)
    return 3;
  if (argc > 3 && format == SDQ_FORMAT_CSV)
    sdq_reader_set_group_items(r, 1);
  static char buf[1 << 20];
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  unsigned long long bytes = 0, records = 0, rejected = 0;
  size_t n;
  int done = 0;
  while (!done) {
    n = fread(buf, 1, sizeof buf, f);
    if (n) {
      bytes += n;
      sdq_reader_feed(r, buf, n);
    } else {
      sdq_reader_finish(r);
      done = 1;
    }
    sdq_status st;
    while ((st = sdq_reader_next(r, rec, NULL)) != SDQ_NEED_INPUT &&
           st != SDQ_END) {
      if (st == SDQ_OK)
        records++;
      else
        rejected++;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double s =
      (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
  printf("bytes %llu records %llu rejected %llu seconds %.6f\n", bytes, records,
         rejected, s);
  sdq_record_free(rec);
  sdq_reader_free(r);
  sdq_engine_free(e);
  fclose(f);
  return 0;
}
