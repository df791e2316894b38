#include "json_writer.h"

#include <string.h>

void json_write_string(FILE *out, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  putc('"', out);
  size_t run = 0; /* bytes that need no escape, written in one go */
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    fwrite(s + run, 1, i - run, out);
    run = i + 1;
    switch (c) {
    case '"':
      fputs("\\\"", out);
      break;
    case '\\':
      fputs("\\\\", out);
      break;
    case '\n':
      fputs("\\n", out);
      break;
    case '\r':
      fputs("\\r", out);
      break;
    case '\t':
      fputs("\\t", out);
      break;
    default:
      fprintf(out, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
    }
  }
  fwrite(s + run, 1, len - run, out);
  putc('"', out);
}

void json_write_cstring(FILE *out, const char *s) {
  if (s)
    json_write_string(out, s, strlen(s));
  else
    fputs("null", out);
}

void json_write_score(FILE *out, double score) { fprintf(out, "%.1f", score); }
