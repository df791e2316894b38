/* Mapping documents: which source column or key is which field, and
 * constant values for fields the source lacks.
 *
 *   {"columns": {"Net Mass": "net_weight", "Internal ref": null},
 *    "constants": {"currency": "KRW"}}
 *
 * A column mapped to null (or "") is ignored. Field names may be canonical
 * names or aliases. */
#include "../engine.h"
#include "../result.h"
#include "json.h"

#include <stdio.h>
#include <string.h>

typedef struct loader {
  json_lexer lx;
  sdq_error *err;
  const sdq_allocator *al;
  char *scratch; /* decoded strings of the document */
  size_t scratch_len, scratch_cap;
} loader;

static char *scratch_alloc(void *ctx, size_t size) {
  loader *l = ctx;
  /* Strings must stay valid while the member is handled: keep them all. */
  if (l->scratch_len + size > l->scratch_cap)
    return NULL;
  char *p = l->scratch + l->scratch_len;
  l->scratch_len += size;
  return p;
}

static sdq_status fail(loader *l, sdq_status st, size_t offset, const char *fmt,
                       const char *name, size_t name_len) {
  if (!l->err)
    return st;
  uint64_t line, column;
  json_position(&l->lx, offset, &line, &column);
  l->err->code = st;
  l->err->record = 0;
  l->err->line = line;
  l->err->column = column;
  l->err->offset = offset;
  snprintf(l->err->message, sizeof l->err->message, fmt,
           name ? clip_utf8(name, name_len, 64) : 0, name ? name : "");
  end_utf8(l->err->message);
  return st;
}

static sdq_status lexer_fail(loader *l) {
  if (l->lx.error_kind == JSON_ERR_NOMEM)
    return fail(l, SDQ_ENOMEM, l->lx.error_offset, "out of memory%.*s", "", 0);
  return fail(l, SDQ_EPARSE, l->lx.error_offset, "%.*s", l->lx.error,
              strlen(l->lx.error));
}

static sdq_field field_named(const char *name, size_t len) {
  return sdq_field_lookup(name, len);
}

static sdq_status load_section(loader *l, settings *s, bool columns) {
  for (;;) {
    json_token t = json_next(&l->lx);
    if (t == JSON_OBJECT_END)
      return SDQ_OK;
    if (t != JSON_KEY)
      return lexer_fail(l);
    const char *key = l->lx.text;
    size_t key_len = l->lx.len;
    size_t key_at = l->lx.token_offset;
    t = json_next(&l->lx);
    if (t == JSON_ERROR)
      return lexer_fail(l);
    size_t value_at = l->lx.token_offset;
    const char *text = l->lx.text;
    size_t len = l->lx.len;
    sdq_status st;
    if (columns) {
      sdq_field f = SDQ_FIELD_NONE;
      if (t == JSON_STRING && len) {
        f = field_named(text, len);
        if (f == SDQ_FIELD_NONE)
          return fail(l, SDQ_ENOTFOUND, value_at, "unknown field \"%.*s\"",
                      text, len);
      } else if (t != JSON_NULL && t != JSON_STRING) {
        return fail(l, SDQ_EPARSE, value_at,
                    "column \"%.*s\" must map to a field name or null", key,
                    key_len);
      }
      st = settings_map(l->al, s, key, key_len, f);
    } else {
      sdq_field f = field_named(key, key_len);
      if (f == SDQ_FIELD_NONE)
        return fail(l, SDQ_ENOTFOUND, key_at, "unknown field \"%.*s\"", key,
                    key_len);
      if (t != JSON_STRING && t != JSON_NUMBER)
        return fail(l, SDQ_EPARSE, value_at,
                    "constant for \"%.*s\" must be a string or a number", key,
                    key_len);
      st = settings_constant(l->al, s, f, text, len);
    }
    if (st != SDQ_OK)
      return fail(l, st, key_at, "out of memory%.*s", "", 0);
  }
}

sdq_status sdq_config_load_mapping(sdq_config *config, const char *json,
                                   size_t len, sdq_error *err) {
  if (!config || (!json && len))
    return SDQ_EINVAL;
  loader l = {.err = err, .al = &config->al};
  json_init(&l.lx, json ? json : "", len);
  l.lx.max_depth = 8;
  l.lx.decode = scratch_alloc;
  l.lx.decode_ctx = &l;
  l.scratch_cap = len + 1;
  l.scratch = sdq_alloc(l.al, l.scratch_cap);
  if (!l.scratch)
    return SDQ_ENOMEM;
  /* Apply to a copy, so that a failing document changes nothing. */
  settings copy;
  sdq_status st = settings_copy(l.al, &copy, &config->s);
  if (st != SDQ_OK) {
    sdq_free(l.al, l.scratch, l.scratch_cap);
    return st;
  }
  json_token t = json_next(&l.lx);
  if (t != JSON_OBJECT_BEGIN) {
    st = t == JSON_ERROR ? lexer_fail(&l)
                         : fail(&l, SDQ_EPARSE, 0,
                                "a mapping must be a JSON object%.*s", "", 0);
    goto done;
  }
  for (;;) {
    t = json_next(&l.lx);
    if (t == JSON_OBJECT_END)
      break;
    if (t != JSON_KEY) {
      st = lexer_fail(&l);
      goto done;
    }
    size_t at = l.lx.token_offset;
    bool columns = l.lx.len == 7 && memcmp(l.lx.text, "columns", 7) == 0;
    bool constants = l.lx.len == 9 && memcmp(l.lx.text, "constants", 9) == 0;
    if (!columns && !constants) {
      st = fail(&l, SDQ_EPARSE, at,
                "unknown member \"%.*s\" (expected \"columns\" or "
                "\"constants\")",
                l.lx.text, l.lx.len);
      goto done;
    }
    t = json_next(&l.lx);
    if (t != JSON_OBJECT_BEGIN) {
      st = t == JSON_ERROR
               ? lexer_fail(&l)
               : fail(&l, SDQ_EPARSE, at, "\"%.*s\" must be an object",
                      columns ? "columns" : "constants", columns ? 7 : 9);
      goto done;
    }
    st = load_section(&l, &copy, columns);
    if (st != SDQ_OK)
      goto done;
  }
  t = json_next(&l.lx);
  st = t == JSON_END ? SDQ_OK : lexer_fail(&l);
done:
  if (st == SDQ_OK) {
    settings_free(l.al, &config->s);
    config->s = copy;
  } else {
    settings_free(l.al, &copy);
  }
  sdq_free(l.al, l.scratch, l.scratch_cap);
  return st;
}
