/*
 * Fuzz target: mapping documents (sdq_config_load_mapping).
 *
 * The whole input is the document. It is loaded into a configuration that
 * already has a mapping and a constant set through the API.
 * - On error: the status is one of the documented ones and matches
 *   err.code, err.record is 0, the position is the offset's line and
 *   column in the document, the message is NUL-terminated valid UTF-8, and
 *   the configuration is unchanged (an engine made from it reads a fixed
 *   CSV and NDJSON input exactly as before).
 * - On success: err is not written, an engine is built, and the fixed CSV
 *   and NDJSON inputs are read through it (every outcome checked as in the
 *   reader targets: values valid UTF-8, numbering, positions) and every
 *   record is assessed.
 */
#include "fuzz_common.h"

/* Source names from docs/api.md's example, aliases, near misses, an empty
 * name, spaces, case and a multi-byte name. */
static const char CSV[] =
    "Net Mass;Consignee Ref;Receiver;Internal ref;HS Code; tariff-code ;"
    "Colour;;shipment_id;Gr\xC3\xB6\xC3\x9F"
    "e;CURRENCY;description\r\n"
    "1.5;C-1;Alice;x;610910;;red;e;S1;M;;T-shirts\r\n"
    "2;C-2;Bob;y;;8471;blue;;S1;L;EUR;\"laptop, used\"\n"
    ";;;;;;;;;;;\n"
    "0.1;C-3;\"Car\"\"ol\";z;9999;1;;;S2;S;KRW;gift\n";

static const char NDJSON[] =
    "{\"Net Mass\":1.5,\"Receiver\":\"Alice\",\"Internal ref\":\"x\","
    "\"Colour\":\"red\",\"shipment_id\":\"S1\",\"items\":[{\"Net Mass\":2,"
    "\"quantity\":\"3\",\"Gr\xC3\xB6\xC3\x9F"
    "e\":\"M\"},{}]}\n"
    "{\"consignee\":\"Bob\",\"currency\":null,\"description\":\"top\","
    "\"Transport Mode\":\"sea\",\"items\":[{\"description\":\"in\"}]}\n"
    "{\"shipment_id\":\"S2\",\"Consignee Ref\":{\"a\":1},\"quantity\":true}\n";

typedef struct assess_ctx {
  sdq_batch *batch;
  sdq_result *res;
  uint64_t assessed;
} assess_ctx;

static void on_record(void *ctx, const sdq_record *rec) {
  assess_ctx *a = ctx;
  FZ_CHECK(sdq_batch_assess(a->batch, rec, a->res) == SDQ_OK, "assess");
  fz_result(NULL, a->res, rec, -1, -1);
  a->assessed++;
}

/* Reads the fixed inputs through an engine made from `cfg`. */
static void read_fixed(const sdq_config *cfg, fz_buf *out) {
  sdq_engine *engine = NULL;
  FZ_CHECK(sdq_engine_new(cfg, &engine, NULL) == SDQ_OK, "engine");
  sdq_record *rec = NULL;
  assess_ctx a = {NULL, NULL, 0};
  FZ_CHECK(sdq_record_new(engine, &rec) == SDQ_OK, "record");
  FZ_CHECK(sdq_batch_new(engine, &a.batch) == SDQ_OK, "batch");
  FZ_CHECK(sdq_result_new(engine, &a.res) == SDQ_OK, "result");
  for (int group = 0; group < 2; group++) {
    for (int format = 0; format < 2; format++) {
      if (group && format == SDQ_FORMAT_NDJSON)
        continue;
      fz_read_opts o;
      memset(&o, 0, sizeof o);
      o.format = (sdq_format)format;
      o.group = group;
      o.on_record = on_record;
      o.ctx = &a;
      const char *text = format == SDQ_FORMAT_CSV ? CSV : NDJSON;
      size_t len = strlen(text);
      sdq_reader *r = NULL;
      FZ_CHECK(sdq_reader_new(engine, o.format, &r) == SDQ_OK, "reader");
      fz_chunking ch;
      memset(&ch, 0, sizeof ch);
      fz_read(r, rec, &o, (const uint8_t *)text, len, &ch, out);
      sdq_reader_free(r);
    }
  }
  sdq_result_free(a.res);
  sdq_batch_free(a.batch);
  sdq_record_free(rec);
  sdq_engine_free(engine);
}

/* The configuration every document is loaded into. */
static sdq_config *new_config(const sdq_allocator *al) {
  sdq_config *cfg = NULL;
  FZ_CHECK(sdq_config_new(al, &cfg) == SDQ_OK, "config");
  FZ_CHECK(sdq_config_map(cfg, "Colour", 6, SDQ_FIELD_NONE) == SDQ_OK, "map");
  FZ_CHECK(sdq_config_map(cfg, " receiver ", 10, SDQ_FIELD_SELLER_NAME) ==
               SDQ_OK,
           "map");
  FZ_CHECK(sdq_config_set_constant(cfg, SDQ_FIELD_ORIGIN_COUNTRY, "CN", 2) ==
               SDQ_OK,
           "constant");
  return cfg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* What the configuration reads before any document: the same for every
   * input, so made once. */
  static fz_buf before;
  if (!before.len) {
    sdq_config *c0 = new_config(NULL);
    read_fixed(c0, &before);
    sdq_config_free(c0);
  }

  fz_alloc alloc;
  memset(&alloc, 0, sizeof alloc);
  sdq_allocator al = fz_allocator(&alloc);
  sdq_config *cfg = new_config(&al);

  char *doc = malloc(size ? size : 1);
  FZ_CHECK(doc != NULL, "out of memory in the fuzz target");
  if (size)
    memcpy(doc, data, size);

  sdq_error err;
  fz_poison(&err);
  sdq_status st = sdq_config_load_mapping(cfg, doc, size, &err);
  if (st != SDQ_OK) {
    FZ_CHECK(st == SDQ_EPARSE || st == SDQ_ENOTFOUND,
             "sdq_config_load_mapping returned %d (%s)", (int)st,
             fz_status_name(st));
    FZ_CHECK(err.code == st, "err.code %d but status %d", (int)err.code,
             (int)st);
    fz_check_message(&err);
    FZ_CHECK(err.record == 0, "err.record %llu for a mapping",
             (unsigned long long)err.record);
    FZ_CHECK(err.offset <= size, "error offset %llu past the document (%zu)",
             (unsigned long long)err.offset, size);
    uint64_t line, col;
    fz_position(data, size, err.offset, false, false, &line, &col);
    FZ_CHECK(err.line == line && err.column == col,
             "error at offset %llu reported at line %llu column %llu; that "
             "offset is line %llu column %llu (\"%s\")",
             (unsigned long long)err.offset, (unsigned long long)err.line,
             (unsigned long long)err.column, (unsigned long long)line,
             (unsigned long long)col, err.message);
    fz_buf after = {0};
    read_fixed(cfg, &after);
    fz_compare("configuration changed by a failing mapping", &before, &after);
    fz_buf_free(&after);
  } else {
    FZ_CHECK(fz_is_poison(&err), "sdq_error written on success");
    fz_buf after = {0};
    read_fixed(cfg, &after);
    fz_buf_free(&after);
  }
  free(doc);
  sdq_config_free(cfg);
  fz_alloc_check_empty(&alloc);
  return 0;
}
