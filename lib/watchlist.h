/* Watch-lists of parties (sanctions, denied parties, known offenders) and
 * their matching index. Internal to libsdq. */
#ifndef SDQ_WATCHLIST_H
#define SDQ_WATCHLIST_H

#include "alloc.h"
#include "check/names.h"
#include "sdq.h"

typedef struct watch_entry {
  char *name, *id, *address, *country, *reason; /* NUL-terminated, or NULL */
  uint64_t line;                                /* in the watch-list file */
} watch_entry;

/* The entries as loaded (kept by configurations and engines). */
typedef struct watch_list {
  watch_entry *entries;
  size_t count, cap;
} watch_list;

void watch_list_free(const sdq_allocator *al, watch_list *w);
sdq_status watch_list_copy(const sdq_allocator *al, watch_list *dst,
                           const watch_list *src);

/* The matching index an engine builds from its list. */
typedef struct watch_posting {
  uint64_t token;
  uint32_t start, count; /* into postings */
} watch_posting;

typedef struct watch_index {
  const watch_list *list;
  name_key *keys; /* per entry; count 0 when it has no name */
  struct watch_id {
    uint64_t hash; /* of the normalised id */
    uint32_t entry;
  } * ids; /* sorted by hash, for entries with an id */
  size_t id_count;
  struct watch_id *names; /* whole-name hash -> entry, sorted by hash */
  size_t name_count;
  watch_posting *tokens; /* open addressing by token */
  size_t token_cap;
  uint32_t *postings;
  size_t posting_count;
} watch_index;

sdq_status watch_index_build(const sdq_allocator *al, watch_index *ix,
                             const watch_list *list);
void watch_index_free(const sdq_allocator *al, watch_index *ix);

/* The entry that best matches a party, if its similarity reaches
 * `min_similarity`: by id (similarity 1) or by name. `country` (2 letters) may
 * be NULL; an entry with a country matches only parties of that country
 * when the party's country is known. Returns the entry index or -1, and
 * sets *by_id when the id matched. */
long watch_match(const watch_index *ix, const char *name, size_t name_len,
                 const char *id, size_t id_len, const char *country,
                 double min_similarity, double *similarity, bool *by_id);

#endif
