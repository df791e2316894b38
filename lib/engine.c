#include "engine.h"

#include "refdata/postcodes.h"

#include <string.h>

static const uint64_t DEFAULT_LIMITS[LIMIT_COUNT] = {
    [SDQ_LIMIT_FIELD_BYTES] = 65536, [SDQ_LIMIT_FIELDS] = 4096,
    [SDQ_LIMIT_ITEMS] = 10000,       [SDQ_LIMIT_RECORD_BYTES] = 4u << 20,
    [SDQ_LIMIT_DEPTH] = 64,
};

static bool same_folded(const char *a, const char *b, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (x >= 'A' && x <= 'Z')
      x = (unsigned char)(x - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

void settings_free(const sdq_allocator *al, settings *s) {
  for (size_t i = 0; i < s->map_count; i++)
    sdq_free(al, s->maps[i].name, s->maps[i].len + 1);
  sdq_free(al, s->maps, s->map_cap * sizeof *s->maps);
  for (int i = 0; i < FIELD_INDEX_COUNT; i++)
    sdq_free(al, s->constants[i], s->constant_len[i] + 1);
  watch_list_free(al, &s->watch);
  memset(s, 0, sizeof *s);
}

sdq_status settings_map(const sdq_allocator *al, settings *s,
                        const char *source, size_t len, sdq_field field) {
  trim_blanks(&source, &len);
  for (size_t i = 0; i < s->map_count; i++) {
    if (s->maps[i].len == len && same_folded(source, s->maps[i].name, len)) {
      s->maps[i].field = field;
      return SDQ_OK;
    }
  }
  if (!sdq_grow(al, (void **)&s->maps, &s->map_cap, s->map_count + 1,
                sizeof *s->maps))
    return SDQ_ENOMEM;
  char *name = sdq_strndup(al, source, len);
  if (!name)
    return SDQ_ENOMEM;
  for (size_t i = 0; i < len; i++)
    if (name[i] >= 'A' && name[i] <= 'Z')
      name[i] = (char)(name[i] - 'A' + 'a');
  s->maps[s->map_count++] = (source_map){name, len, field};
  return SDQ_OK;
}

sdq_status settings_constant(const sdq_allocator *al, settings *s,
                             sdq_field field, const char *value, size_t len) {
  char *copy = sdq_strndup(al, value ? value : "", len);
  if (!copy)
    return SDQ_ENOMEM;
  int i = field_index(field);
  sdq_free(al, s->constants[i], s->constant_len[i] + 1);
  s->constants[i] = copy;
  s->constant_len[i] = len;
  s->has_constants = true;
  return SDQ_OK;
}

sdq_status settings_copy(const sdq_allocator *al, settings *dst,
                         const settings *src) {
  memset(dst, 0, sizeof *dst);
  dst->profile = src->profile;
  memcpy(dst->limits, src->limits, sizeof dst->limits);
  dst->has_reference_day = src->has_reference_day;
  dst->reference_day = src->reference_day;
  if (watch_list_copy(al, &dst->watch, &src->watch) != SDQ_OK)
    goto fail;
  for (size_t i = 0; i < src->map_count; i++) {
    sdq_status st = settings_map(al, dst, src->maps[i].name, src->maps[i].len,
                                 src->maps[i].field);
    if (st != SDQ_OK)
      goto fail;
  }
  for (int i = 0; i < FIELD_INDEX_COUNT; i++) {
    if (!src->constants[i])
      continue;
    sdq_status st = settings_constant(al, dst, field_from_index(i),
                                      src->constants[i], src->constant_len[i]);
    if (st != SDQ_OK)
      goto fail;
  }
  return SDQ_OK;
fail:
  settings_free(al, dst);
  return SDQ_ENOMEM;
}

sdq_status sdq_config_new(const sdq_allocator *allocator, sdq_config **out) {
  if (!out)
    return SDQ_EINVAL;
  *out = NULL;
  sdq_allocator al;
  sdq_allocator_init(&al, allocator);
  sdq_config *c = sdq_calloc(&al, 1, sizeof *c);
  if (!c)
    return SDQ_ENOMEM;
  c->al = al;
  const char *core = profile_builtin_json("core");
  if (profile_parse(&c->s.profile, core, strlen(core), NULL, NULL, NULL) !=
      SDQ_OK) {
    sdq_free(&al, c, sizeof *c);
    return SDQ_EINVAL; /* unreachable: the built-in profiles are tested */
  }
  memcpy(c->s.limits, DEFAULT_LIMITS, sizeof DEFAULT_LIMITS);
  *out = c;
  return SDQ_OK;
}

void sdq_config_free(sdq_config *c) {
  if (!c)
    return;
  sdq_allocator al = c->al;
  settings_free(&al, &c->s);
  sdq_free(&al, c, sizeof *c);
}

sdq_status sdq_config_set_profile(sdq_config *c, const char *name) {
  if (!c || !name)
    return SDQ_EINVAL;
  const char *doc = profile_builtin_json(name);
  if (!doc)
    return SDQ_ENOTFOUND;
  return profile_parse(&c->s.profile, doc, strlen(doc), NULL, NULL, NULL);
}

sdq_status sdq_config_load_profile(sdq_config *c, const char *json, size_t len,
                                   sdq_error *err) {
  if (!c || (!json && len))
    return SDQ_EINVAL;
  return profile_parse(&c->s.profile, json ? json : "", len, NULL, NULL, err);
}

sdq_status sdq_config_set_reference_time(sdq_config *c, int64_t unix_seconds) {
  if (!c)
    return SDQ_EINVAL;
  int64_t day = unix_seconds / 86400 - (unix_seconds % 86400 < 0);
  if (day < INT32_MIN || day > INT32_MAX)
    return SDQ_EINVAL;
  c->s.has_reference_day = true;
  c->s.reference_day = (int32_t)day;
  return SDQ_OK;
}

sdq_status sdq_config_set_limit(sdq_config *c, sdq_limit limit,
                                uint64_t value) {
  if (!c || (unsigned)limit >= LIMIT_COUNT || value == 0)
    return SDQ_EINVAL;
  c->s.limits[limit] = value;
  return SDQ_OK;
}

sdq_status sdq_config_map(sdq_config *c, const char *source, size_t len,
                          sdq_field field) {
  if (!c || !source || (field != SDQ_FIELD_NONE && !field_valid(field)))
    return SDQ_EINVAL;
  return settings_map(&c->al, &c->s, source, len, field);
}

sdq_status sdq_config_set_constant(sdq_config *c, sdq_field field,
                                   const char *value, size_t len) {
  if (!c || !field_valid(field) || (!value && len))
    return SDQ_EINVAL;
  return settings_constant(&c->al, &c->s, field, value, len);
}

static sdq_status compile_postcodes(sdq_engine *e) {
  size_t n = postcode_format_count();
  e->postcodes = sdq_calloc(&e->al, n, sizeof *e->postcodes);
  if (!e->postcodes)
    return SDQ_ENOMEM;
  e->postcode_count = n;
  for (size_t i = 0; i < n; i++)
    postcode_compile(i, &e->postcodes[i]);
  return SDQ_OK;
}

sdq_status sdq_engine_new(const sdq_config *config, sdq_engine **out,
                          sdq_error *err) {
  if (!out) {
    if (err) {
      memset(err, 0, sizeof *err);
      err->code = SDQ_EINVAL;
      strcpy(err->message, "out is NULL");
    }
    return SDQ_EINVAL;
  }
  *out = NULL;
  sdq_config *defaults = NULL;
  if (!config) {
    sdq_status st = sdq_config_new(NULL, &defaults);
    if (st != SDQ_OK)
      return st;
    config = defaults;
  }
  sdq_engine *e = sdq_calloc(&config->al, 1, sizeof *e);
  sdq_status st = SDQ_ENOMEM;
  if (e) {
    e->al = config->al;
    st = settings_copy(&e->al, &e->s, &config->s);
    if (st == SDQ_OK) {
      st = watch_index_build(&e->al, &e->watch, &e->s.watch);
      if (st == SDQ_OK)
        st = compile_postcodes(e);
      if (st != SDQ_OK) {
        watch_index_free(&e->al, &e->watch);
        settings_free(&e->al, &e->s);
      }
    }
    if (st != SDQ_OK) {
      sdq_free(&config->al, e, sizeof *e);
      e = NULL;
    }
  }
  sdq_config_free(defaults);
  if (st != SDQ_OK && err) {
    memset(err, 0, sizeof *err);
    err->code = st;
    strcpy(err->message, "out of memory creating the engine");
  }
  *out = e;
  return st;
}

void sdq_engine_free(sdq_engine *e) {
  if (!e)
    return;
  sdq_allocator al = e->al;
  sdq_free(&al, e->postcodes, e->postcode_count * sizeof *e->postcodes);
  watch_index_free(&al, &e->watch);
  settings_free(&al, &e->s);
  sdq_free(&al, e, sizeof *e);
}

const char *sdq_engine_profile(const sdq_engine *e) {
  return e ? e->s.profile.name : NULL;
}

int sdq_engine_requires(const sdq_engine *e, sdq_field field) {
  if (!e || !field_valid(field))
    return 0;
  if (profile_requires(&e->s.profile, field))
    return 1;
  for (size_t g = 0; g < e->s.profile.one_of_count; g++)
    if (!field_is_item(field) && ((e->s.profile.one_of[g] >> field) & 1u))
      return 2 + (int)g;
  return 0;
}

sdq_field engine_resolve(const sdq_engine *e, const char *name, size_t len,
                         bool *explicit_ignore) {
  *explicit_ignore = false;
  const char *p = name;
  size_t n = len;
  trim_blanks(&p, &n);
  for (size_t i = 0; i < e->s.map_count; i++) {
    const source_map *m = &e->s.maps[i];
    if (m->len == n && same_folded(p, m->name, n)) {
      *explicit_ignore = m->field == SDQ_FIELD_NONE;
      return m->field;
    }
  }
  return sdq_field_lookup(p, n);
}

sdq_status engine_apply_constants(const sdq_engine *e, sdq_record *r) {
  if (!e->s.has_constants)
    return SDQ_OK;
  for (int i = 0; i < SDQ_CONSIGNMENT_FIELD_COUNT; i++)
    if (e->s.constants[i] && !record_has(r, (sdq_field)i))
      record_put(r, 0, (sdq_field)i, e->s.constants[i], e->s.constant_len[i]);
  for (int k = 0; k < SDQ_ITEM_FIELD_COUNT; k++) {
    int i = SDQ_CONSIGNMENT_FIELD_COUNT + k;
    sdq_field f = (sdq_field)(SDQ_ITEM_FIELD_BASE + k);
    if (!e->s.constants[i])
      continue;
    for (size_t it = 0; it < r->item_count; it++)
      if (!item_has(&r->items[it], f))
        record_put(r, it, f, e->s.constants[i], e->s.constant_len[i]);
  }
  return SDQ_OK;
}
