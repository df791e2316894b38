/*
 * Fuzz target: the NDJSON reader (and the JSON lexer under it).
 *
 * Input: four bytes of options (small limits, depth, chunk sizes; see
 * fz_settings_from() in fuzz_common.h; the CSV bits are ignored), then the
 * NDJSON text. The text is read in pseudo-random chunks, in one chunk, again
 * after a reset, and in parts (sdq_reader_cut / sdq_reader_fork /
 * sdq_reader_join, cut sizes from the chunk seed; the parts' readers are
 * freed before their records are looked at); the four must give the same
 * outcomes. Every value
 * of every record is read and checked (valid UTF-8, within the field byte
 * limit), every rejection's number, position and message are checked, and
 * the record count must equal accepted + rejected.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fz_reader_target(data, size, SDQ_FORMAT_NDJSON);
}
