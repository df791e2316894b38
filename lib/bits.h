/* Bit helpers shared by the library. Internal to libsdq. */
#ifndef SDQ_BITS_H
#define SDQ_BITS_H

#include <stdint.h>

/* The index of the lowest set bit of m, which is not 0. */
static inline unsigned bit_lowest(uint64_t m) {
#if defined(__GNUC__) || defined(__clang__)
  return (unsigned)__builtin_ctzll(m);
#else
  unsigned k = 0;
  while (!(m & 1u)) {
    m >>= 1;
    k++;
  }
  return k;
#endif
}

#endif
