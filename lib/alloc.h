/* Allocation through the caller's hooks, a bump arena reset per record, and
 * a growable byte buffer. Internal to libsdq. */
#ifndef SDQ_ALLOC_H
#define SDQ_ALLOC_H

#include "sdq.h"

#include <stdbool.h>
#include <stddef.h>

/* Fills in the C library's malloc/realloc/free where `in` is NULL, and
 * realloc emulation where `in->realloc` is NULL. */
void sdq_allocator_init(sdq_allocator *out, const sdq_allocator *in);

void *sdq_alloc(const sdq_allocator *al, size_t size);
void *sdq_calloc(const sdq_allocator *al, size_t count, size_t size);
void *sdq_realloc(const sdq_allocator *al, void *ptr, size_t old_size,
                  size_t new_size);
void sdq_free(const sdq_allocator *al, void *ptr, size_t size);
/* A NUL-terminated copy of [s, s+len), or NULL. */
char *sdq_strndup(const sdq_allocator *al, const char *s, size_t len);

/* Grow *array (of `elem` bytes each, capacity *cap) to hold at least
 * `need` elements; doubles. Returns false on overflow or out of memory,
 * leaving the array unchanged. */
bool sdq_grow(const sdq_allocator *al, void **array, size_t *cap, size_t need,
              size_t elem);
/* For a set with a configured cap: grows *array (of *cap elements of
 * `elem` bytes) to hold `need`, doubling from `first` elements but never
 * past `max` unless `need` is. False (nothing changed) when memory ran out
 * or the size overflows. */
bool sdq_grow_capped(const sdq_allocator *al, void **array, size_t *cap,
                     size_t need, uint64_t max, size_t first, size_t elem);

/* A chain of blocks handing out memory until reset; reset keeps the blocks
 * so that steady-state use allocates nothing. */
typedef struct sdq_arena_block sdq_arena_block;
typedef struct sdq_arena {
  const sdq_allocator *al;
  sdq_arena_block *head;    /* first block */
  sdq_arena_block *current; /* block being filled */
  size_t used;              /* bytes used in current */
} sdq_arena;

void sdq_arena_init(sdq_arena *arena, const sdq_allocator *al);
void *sdq_arena_alloc(sdq_arena *arena, size_t size); /* 1-byte aligned */
char *sdq_arena_strndup(sdq_arena *arena, const char *s, size_t len);
void sdq_arena_reset(sdq_arena *arena);
void sdq_arena_free(sdq_arena *arena);

/* A growable byte buffer. */
typedef struct sdq_buf {
  char *data;
  size_t len, cap;
} sdq_buf;

bool sdq_buf_append(const sdq_allocator *al, sdq_buf *buf, const void *data,
                    size_t len);
void sdq_buf_free(const sdq_allocator *al, sdq_buf *buf);

#endif
