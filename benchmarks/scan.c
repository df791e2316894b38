/* The ceiling for any reader: read a file and find every line break with
 * memchr, doing nothing else. Prints bytes, lines and seconds. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: bench_scan FILE\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 3;
  }
  static char buf[1 << 20];
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  unsigned long long bytes = 0, lines = 0;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    bytes += n;
    const char *p = buf, *end = buf + n;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
      lines++;
      p++;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  fclose(f);
  double s =
      (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
  printf("bytes %llu lines %llu seconds %.6f\n", bytes, lines, s);
  return 0;
}
