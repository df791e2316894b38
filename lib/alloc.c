#include "alloc.h"

#include <stdlib.h>
#include <string.h>

static void *default_malloc(void *ctx, size_t size) {
  (void)ctx;
  return malloc(size);
}

static void *default_realloc(void *ctx, void *ptr, size_t old_size,
                             size_t new_size) {
  (void)ctx;
  (void)old_size;
  return realloc(ptr, new_size);
}

static void default_free(void *ctx, void *ptr, size_t size) {
  (void)ctx;
  (void)size;
  free(ptr);
}

void sdq_allocator_init(sdq_allocator *out, const sdq_allocator *in) {
  if (in && in->malloc && in->free) {
    *out = *in;
  } else {
    out->malloc = default_malloc;
    out->realloc = default_realloc;
    out->free = default_free;
    out->ctx = NULL;
  }
}

void *sdq_alloc(const sdq_allocator *al, size_t size) {
  return al->malloc(al->ctx, size ? size : 1);
}

void *sdq_calloc(const sdq_allocator *al, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return NULL;
  size_t bytes = count * size;
  void *p = sdq_alloc(al, bytes);
  if (p && bytes)
    memset(p, 0, bytes);
  return p;
}

void *sdq_realloc(const sdq_allocator *al, void *ptr, size_t old_size,
                  size_t new_size) {
  if (!ptr)
    return sdq_alloc(al, new_size);
  if (al->realloc)
    return al->realloc(al->ctx, ptr, old_size, new_size ? new_size : 1);
  void *p = sdq_alloc(al, new_size);
  if (!p)
    return NULL;
  memcpy(p, ptr, old_size < new_size ? old_size : new_size);
  al->free(al->ctx, ptr, old_size);
  return p;
}

void sdq_free(const sdq_allocator *al, void *ptr, size_t size) {
  if (ptr)
    al->free(al->ctx, ptr, size ? size : 1);
}

char *sdq_strndup(const sdq_allocator *al, const char *s, size_t len) {
  if (len == SIZE_MAX)
    return NULL;
  char *p = sdq_alloc(al, len + 1);
  if (p) {
    if (len)
      memcpy(p, s, len);
    p[len] = '\0';
  }
  return p;
}

bool sdq_grow(const sdq_allocator *al, void **array, size_t *cap, size_t need,
              size_t elem) {
  if (need <= *cap)
    return true;
  size_t ncap = *cap ? *cap : 8;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2)
      return false;
    ncap *= 2;
  }
  if (ncap > SIZE_MAX / elem)
    return false;
  void *p = sdq_realloc(al, *array, *cap * elem, ncap * elem);
  if (!p)
    return false;
  *array = p;
  *cap = ncap;
  return true;
}

bool sdq_grow_capped(const sdq_allocator *al, void **array, size_t *cap,
                     size_t need, uint64_t max, size_t first, size_t elem) {
  if (need <= *cap)
    return true;
  uint64_t ncap = *cap ? (uint64_t)*cap * 2 : first;
  if (ncap > max)
    ncap = max;
  if (ncap < need)
    ncap = need;
  if (ncap > SIZE_MAX / elem)
    return false;
  void *p = sdq_realloc(al, *array, *cap * elem, (size_t)ncap * elem);
  if (!p)
    return false;
  *array = p;
  *cap = (size_t)ncap;
  return true;
}

struct sdq_arena_block {
  sdq_arena_block *next;
  size_t size; /* usable bytes after the header */
};

#define ARENA_FIRST_BLOCK 4096

void sdq_arena_init(sdq_arena *arena, const sdq_allocator *al) {
  arena->al = al;
  arena->head = arena->current = NULL;
  arena->used = 0;
}

static char *block_data(sdq_arena_block *b) { return (char *)(b + 1); }

void *sdq_arena_alloc(sdq_arena *arena, size_t size) {
  if (size == 0)
    size = 1;
  sdq_arena_block *b = arena->current;
  if (b && b->size - arena->used >= size) {
    void *p = block_data(b) + arena->used;
    arena->used += size;
    return p;
  }
  /* Move on to a following block that fits (kept from earlier use). */
  while (b && b->next) {
    b = b->next;
    if (b->size >= size) {
      arena->current = b;
      arena->used = size;
      return block_data(b);
    }
  }
  /* Append a new block, at least double the last one. */
  size_t want = b ? b->size * 2 : ARENA_FIRST_BLOCK;
  if (want < size)
    want = size;
  if (want > SIZE_MAX - sizeof(sdq_arena_block))
    return NULL;
  sdq_arena_block *nb = sdq_alloc(arena->al, sizeof(sdq_arena_block) + want);
  if (!nb)
    return NULL;
  nb->next = NULL;
  nb->size = want;
  if (b)
    b->next = nb;
  else
    arena->head = nb;
  arena->current = nb;
  arena->used = size;
  return block_data(nb);
}

char *sdq_arena_strndup(sdq_arena *arena, const char *s, size_t len) {
  if (len == SIZE_MAX)
    return NULL;
  char *p = sdq_arena_alloc(arena, len + 1);
  if (p) {
    if (len)
      memcpy(p, s, len);
    p[len] = '\0';
  }
  return p;
}

void sdq_arena_reset(sdq_arena *arena) {
  arena->current = arena->head;
  arena->used = 0;
}

void sdq_arena_free(sdq_arena *arena) {
  sdq_arena_block *b = arena->head;
  while (b) {
    sdq_arena_block *next = b->next;
    sdq_free(arena->al, b, sizeof(sdq_arena_block) + b->size);
    b = next;
  }
  arena->head = arena->current = NULL;
  arena->used = 0;
}

bool sdq_buf_append(const sdq_allocator *al, sdq_buf *buf, const void *data,
                    size_t len) {
  if (len > SIZE_MAX - buf->len)
    return false;
  if (!sdq_grow(al, (void **)&buf->data, &buf->cap, buf->len + len, 1))
    return false;
  if (len)
    memcpy(buf->data + buf->len, data, len);
  buf->len += len;
  return true;
}

void sdq_buf_free(const sdq_allocator *al, sdq_buf *buf) {
  sdq_free(al, buf->data, buf->cap);
  buf->data = NULL;
  buf->len = buf->cap = 0;
}
