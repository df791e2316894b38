/*
 * A strict RFC 8259 JSON pull lexer over one complete, contiguous buffer.
 * Used by the NDJSON reader (one line at a time) and the loaders of mapping
 * and profile documents. Internal to libsdq.
 *
 * Each call to json_next() returns the next token. The lexer checks the whole
 * grammar (commas, colons, nesting, one top-level value, nothing but white
 * space after it), decodes strings to UTF-8 (escapes, \u surrogate pairs),
 * rejects invalid UTF-8, control characters in strings, lone surrogates and
 * \u0000, and keeps numbers as their source text after checking the number
 * grammar. It never allocates except through `decode`, never recurses, and
 * bounds nesting by `max_depth`.
 */
#ifndef SDQ_JSON_H
#define SDQ_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum json_token {
  JSON_ERROR = 0,    /* malformed input or limit: see lexer->error */
  JSON_END,          /* the top-level value is complete, then only white
                        space */
  JSON_OBJECT_BEGIN, /* { */
  JSON_OBJECT_END,   /* } */
  JSON_ARRAY_BEGIN,  /* [ */
  JSON_ARRAY_END,    /* ] */
  JSON_KEY,          /* an object member name (decoded, in text/len) */
  JSON_STRING,       /* a string value (decoded, in text/len) */
  JSON_NUMBER,       /* a number value (its source text, in text/len) */
  JSON_TRUE,
  JSON_FALSE,
  JSON_NULL
} json_token;

/* Space for a decoded string of at most `size` bytes, or NULL when out of
 * memory (the lexer then fails with JSON_ERROR and error_kind
 * JSON_ERR_NOMEM). */
typedef char *(*json_alloc_fn)(void *ctx, size_t size);

typedef enum json_error_kind {
  JSON_ERR_NONE = 0,
  JSON_ERR_SYNTAX, /* grammar, bad escape, bad number, bad UTF-8, ... */
  JSON_ERR_DEPTH,  /* nesting deeper than max_depth */
  JSON_ERR_STRING, /* a decoded string longer than max_string */
  JSON_ERR_NOMEM
} json_error_kind;

#define JSON_MAX_DEPTH_LIMIT 4096 /* max_depth is clamped to this */

typedef struct json_lexer {
  /* input */
  const char *begin, *cur, *end;
  /* settings */
  uint32_t max_depth;   /* default 64 if 0 */
  size_t max_string;    /* max decoded string bytes; 0 = unlimited */
  json_alloc_fn decode; /* used only for strings containing escapes */
  void *decode_ctx;
  /* token text: for KEY and STRING the decoded bytes (not NUL-terminated;
   * pointing into the input when the string has no escape), for NUMBER the
   * source text */
  const char *text;
  size_t len;
  /* byte offset of the start of the last key or value token returned (for
   * positions in error messages) */
  size_t token_offset;
  /* error: kind, byte offset from `begin`, and a short message (static
   * storage), e.g. "expected ':' after object key" */
  json_error_kind error_kind;
  size_t error_offset;
  const char *error;
  /* private state */
  uint32_t depth;
  int state;
  int after; /* the state after a value at the current depth */
  uint8_t
      stack[JSON_MAX_DEPTH_LIMIT / 8]; /* 1 bit per level: object or array */
} json_lexer;

/* Start lexing [data, data+len). Settings are reset to defaults; set them
 * after this call. */
void json_init(json_lexer *lx, const char *data, size_t len);

/* The next token. After JSON_ERROR or JSON_END every further call returns
 * the same token again. */
json_token json_next(json_lexer *lx);

/* In an object, after OBJECT_BEGIN or a member's value: the next member in
 * one call, exactly as json_next() twice. When the next token is a KEY,
 * sets *key, *key_len and *key_offset (its text, length and token_offset)
 * and returns the first token of the member's value (token_offset and
 * text/len are then the value's). Otherwise sets *key NULL and returns
 * that token (OBJECT_END or ERROR). */
json_token json_next_member(json_lexer *lx, const char **key, size_t *key_len,
                            size_t *key_offset);

/* Skip the value whose first token was just returned (OBJECT_BEGIN or
 * ARRAY_BEGIN: skips to and including the matching end; any scalar: does
 * nothing). Returns 1, or 0 after an error (then lx->error is set). Strings
 * inside skipped values are validated but not decoded. */
int json_skip(json_lexer *lx, json_token first);

/* 1-based line and column (in bytes) of byte offset `offset` of the input. */
void json_position(const json_lexer *lx, size_t offset, uint64_t *line,
                   uint64_t *column);

#endif
