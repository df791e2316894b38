/*
 * A main() for the fuzz targets when they are built without libFuzzer (any
 * compiler): runs LLVMFuzzerTestOneInput() once on every file named on the
 * command line, descending into directories (in name order, skipping names
 * that start with '.'). The corpora and the regression inputs thus replay
 * as ordinary tests.
 *
 *   fuzz_csv_replay tests/fuzz/corpus/csv tests/fuzz/regressions/csv
 *
 * Exit status 0 when every input ran (a broken invariant aborts), 1 when a
 * path could not be read, 2 on a usage error. With -v each file's name is
 * printed before it runs.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int verbose;
static unsigned long inputs;

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return 1;
  }
  size_t cap = 4096, len = 0;
  uint8_t *buf = malloc(cap);
  for (;;) {
    if (!buf) {
      fclose(f);
      fprintf(stderr, "out of memory reading %s\n", path);
      return 1;
    }
    len += fread(buf + len, 1, cap - len, f);
    if (len < cap)
      break;
    cap *= 2;
    uint8_t *nb = realloc(buf, cap);
    if (!nb)
      free(buf);
    buf = nb;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  if (verbose) {
    printf("%s (%zu bytes)\n", path, len);
    fflush(stdout);
  }
  /* An exact-size copy, so that a read past the end is caught by ASan. */
  uint8_t *exact = malloc(len ? len : 1);
  if (!exact) {
    free(buf);
    return 1;
  }
  if (len)
    memcpy(exact, buf, len);
  free(buf);
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  inputs++;
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path);

static int run_dir(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "cannot open directory %s\n", path);
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **nn = realloc(names, cap * sizeof *names);
      if (!nn) {
        rc = 1;
        break;
      }
      names = nn;
    }
    size_t len = strlen(path) + 1 + strlen(e->d_name) + 1;
    names[n] = malloc(len);
    if (!names[n]) {
      rc = 1;
      break;
    }
    snprintf(names[n], len, "%s/%s", path, e->d_name);
    n++;
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; i < n; i++) {
    if (!rc)
      rc = run_path(names[i]);
    free(names[i]);
  }
  free(names);
  return rc;
}

static int run_path(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "no such file or directory: %s\n", path);
    return 1;
  }
  if (S_ISDIR(st.st_mode))
    return run_dir(path);
  return run_file(path);
}

int main(int argc, char **argv) {
  int first = 1;
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    verbose = 1;
    first = 2;
  }
  if (first >= argc) {
    fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
    return 2;
  }
  for (int i = first; i < argc; i++)
    if (run_path(argv[i]) != 0)
      return 1;
  printf("%lu inputs ran\n", inputs);
  return 0;
}
