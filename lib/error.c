/* Status strings, names of enumerations, and the version. */
#include "sdq.h"

const char *sdq_version(void) { return SDQ_VERSION_STRING; }

unsigned sdq_version_number(void) { return SDQ_VERSION_NUMBER; }

const char *sdq_strerror(sdq_status status) {
  switch (status) {
  case SDQ_OK:
    return "success";
  case SDQ_NEED_INPUT:
    return "more input needed";
  case SDQ_END:
    return "end of input";
  case SDQ_EINVAL:
    return "invalid argument";
  case SDQ_ENOMEM:
    return "out of memory";
  case SDQ_ESTATE:
    return "call not allowed in the object's current state";
  case SDQ_EPARSE:
    return "malformed input";
  case SDQ_ELIMIT:
    return "input exceeds a configured limit";
  case SDQ_ENOTFOUND:
    return "name not found";
  case SDQ_ERANGE:
    return "buffer too small";
  }
  return "unknown status";
}

const char *sdq_dimension_name(sdq_dimension d) {
  static const char *const names[SDQ_DIMENSION_COUNT] = {
      "completeness", "validity", "consistency", "uniqueness", "risk"};
  return (unsigned)d < SDQ_DIMENSION_COUNT ? names[d] : NULL;
}

const char *sdq_severity_name(sdq_severity s) {
  static const char *const names[] = {"info", "warning", "error"};
  return (unsigned)s < 3 ? names[s] : NULL;
}

const char *sdq_level_name(sdq_level l) {
  static const char *const names[] = {"low", "medium", "high"};
  return (unsigned)l < 3 ? names[l] : NULL;
}
