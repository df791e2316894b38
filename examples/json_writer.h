/* A minimal JSON writer for the sdq command's output files. */
#ifndef SDQ_JSON_WRITER_H
#define SDQ_JSON_WRITER_H

#include <stddef.h>
#include <stdio.h>

/* Writes s[0..len) as a JSON string literal (quotes included). Bytes are
 * valid UTF-8 (the library guarantees it for values it hands out); control
 * characters are escaped. */
void json_write_string(FILE *out, const char *s, size_t len);
/* As json_write_string for a NUL-terminated string, or null when NULL. */
void json_write_cstring(FILE *out, const char *s);
/* A score with one decimal. */
void json_write_score(FILE *out, double score);

#endif
