/* The name of a status code, for the messages and serializations of the
 * unit tests and the fuzz targets (sdq_strerror() gives a sentence). */
#ifndef SDQ_TEST_STATUS_NAME_H
#define SDQ_TEST_STATUS_NAME_H

#include "sdq.h"

static inline const char *test_status_name(sdq_status st) {
  switch (st) {
  case SDQ_OK:
    return "OK";
  case SDQ_NEED_INPUT:
    return "NEED_INPUT";
  case SDQ_END:
    return "END";
  case SDQ_EINVAL:
    return "EINVAL";
  case SDQ_ENOMEM:
    return "ENOMEM";
  case SDQ_ESTATE:
    return "ESTATE";
  case SDQ_EPARSE:
    return "EPARSE";
  case SDQ_ELIMIT:
    return "ELIMIT";
  case SDQ_ENOTFOUND:
    return "ENOTFOUND";
  case SDQ_ERANGE:
    return "ERANGE";
  }
  return "?";
}

#endif
