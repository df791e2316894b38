/* Prints what the CSV reader makes of files, for the differential test
 * against Python's csv module (tests/csv_diff.py): per file, per record
 * either "OK" and its consignment fields in dictionary order as JSON
 * strings (null when absent), or "REJECTED". The files' headers name
 * canonical fields. */
#include "sdq.h"

#include <stdio.h>
#include <stdlib.h>

static void put_json(const char *s, size_t n) {
  putchar('"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

int main(int argc, char **argv) {
  sdq_engine *e = NULL;
  sdq_record *rec = NULL;
  if (sdq_engine_new(NULL, &e, NULL) != SDQ_OK ||
      sdq_record_new(e, &rec) != SDQ_OK)
    return 3;
  for (int a = 1; a < argc; a++) {
    FILE *f = fopen(argv[a], "rb");
    if (!f)
      return 3;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    sdq_reader *r = NULL;
    if (sdq_reader_new(e, SDQ_FORMAT_CSV, &r) != SDQ_OK ||
        sdq_reader_set_delimiter(r, ',') != SDQ_OK)
      return 3;
    sdq_reader_feed(r, buf, n);
    sdq_reader_finish(r);
    printf("FILE %s\n", argv[a]);
    sdq_status st;
    sdq_error err;
    while ((st = sdq_reader_next(r, rec, &err)) != SDQ_END &&
           st != SDQ_NEED_INPUT) {
      if (st != SDQ_OK) {
        printf("%s\n", err.record ? "REJECTED" : "HEADER");
        continue;
      }
      fputs("OK [", stdout);
      for (int k = 0; k < 8; k++) {
        const char *v;
        size_t len;
        if (k)
          fputs(", ", stdout);
        if (sdq_record_get(rec, (sdq_field)k, &v, &len))
          put_json(v, len);
        else
          fputs("null", stdout);
      }
      fputs("]\n", stdout);
    }
    sdq_reader_free(r);
  }
  sdq_record_free(rec);
  sdq_engine_free(e);
  return 0;
}
