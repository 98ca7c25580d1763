/*
 * httpd_store.h - the key store: one shared-memory segment, created by the
 * parent at startup and seen by every worker process and thread, holding
 * each key source's keys as position-independent bytes (aor_keyblob) and
 * the status counters.  Each worker builds its EVP_PKEY set from the bytes
 * once per generation.
 *
 * Segment layout (offsets from the segment start, never pointers):
 *
 *   +------------+----------+-------------------+-----------------------+
 *   | store_head | counters | slot[0..n_slots)  | data[0..n_slots), cap |
 *   +------------+----------+-------------------+-----------------------+
 *
 * A slot's generation is a sequence lock: odd while its bytes are being
 * written, even when stable, 0 before the first write.  Writers of a slot
 * are serialised by the slot's fetch flag (a CAS), readers take no lock.
 */
#ifndef HTTPD_STORE_H
#define HTTPD_STORE_H

#include "apr_atomic.h"
#include "apr_shm.h"
#include "apr_thread_mutex.h"

#include "aor_keyset.h"

/* Why a request was refused, for the counters (SPEC 7). */
typedef enum {
    RBAC_DENY_MISSING,
    RBAC_DENY_INVALID,
    RBAC_DENY_EXPIRED,
    RBAC_DENY_AUDIENCE,
    RBAC_DENY_ISSUER,
    RBAC_DENY_SUBJECT,
    RBAC_DENY_SCOPE,
    RBAC_DENY_ERROR,
    RBAC_DENY_COUNT
} rbac_deny_t;

/* Counters in shared memory, summed over every worker by construction. */
typedef struct {
    apr_uint64_t allowed;
    apr_uint64_t denied[RBAC_DENY_COUNT];
    apr_uint64_t cache_hits;
    apr_uint64_t cache_misses;
    apr_uint64_t verifications[AOR_ALG_COUNT];
} rbac_counters_t;

typedef struct {
    unsigned char id[32];           /* identity of the key source       */
    apr_uint32_t cap;               /* bytes of data available          */
    apr_uint32_t data_off;          /* from the segment start           */
    volatile apr_uint32_t gen;      /* sequence lock, see above         */
    volatile apr_uint32_t len;      /* bytes of the current blob        */
    volatile apr_uint32_t fetching; /* 1 while a writer holds the slot  */
    volatile apr_uint32_t fetch_started;   /* seconds                   */
    volatile apr_uint32_t loaded_at;       /* last good load, seconds   */
    volatile apr_uint32_t next_refresh;    /* seconds                   */
    volatile apr_uint32_t kid_miss_at;     /* last kid-miss refetch     */
    volatile apr_uint32_t failing;         /* in a failure streak       */
    volatile apr_uint64_t fetches;
    volatile apr_uint64_t failures;
} rbac_slot_t;

typedef struct rbac_store rbac_store_t;

/* The identity and capacity a key source asks a slot for. */
typedef struct {
    unsigned char id[32];
    apr_size_t cap;
} rbac_slot_spec_t;

/*
 * Create the segment for specs[0..n) in the process pool of s, carrying
 * over from the previous generation's segment the bytes of every slot
 * whose identity is unchanged (a graceful restart keeps the keys) and the
 * counters.  The store itself is allocated from pconf.
 */
apr_status_t rbac_store_create(apr_pool_t *pconf, server_rec *s,
                               const rbac_slot_spec_t *specs, int n,
                               rbac_store_t **out);

/* In each child: the mutexes guarding per-process key set rebuilds. */
apr_status_t rbac_store_child_init(rbac_store_t *st, apr_pool_t *pchild);

rbac_slot_t *rbac_store_slot(rbac_store_t *st, int slot);
rbac_counters_t *rbac_store_counters(rbac_store_t *st);

/*
 * The keys of a slot for this process: an atomic read of the slot's
 * generation and, when it changed, a rebuild from the shared bytes.  NULL
 * when the slot holds no keys yet.  The returned set stays valid for at
 * least RBAC_RETIRE_SECONDS after a newer one replaces it.
 */
#define RBAC_RETIRE_SECONDS 60
const aor_keyset_t *rbac_store_keys(rbac_store_t *st, int slot);

/*
 * Replace a slot's bytes (the caller holds the slot: rbac_store_claim).
 * APR_ENOSPC when blob does not fit the slot.
 */
apr_status_t rbac_store_put(rbac_store_t *st, int slot,
                            const unsigned char *blob, apr_size_t len);

/*
 * Copy a slot's current bytes into p (consistent: retried while a writer
 * runs).  *len 0 when empty.
 */
unsigned char *rbac_store_get(rbac_store_t *st, int slot, apr_pool_t *p,
                              apr_size_t *len);

/* Take / release the slot's writer flag; stale after stale_s seconds. */
int rbac_store_claim(rbac_store_t *st, int slot, apr_uint32_t now,
                     apr_uint32_t stale_s);
void rbac_store_release(rbac_store_t *st, int slot);

int rbac_store_slots(const rbac_store_t *st);

/* Seconds since the epoch, as the store keeps time. */
apr_uint32_t rbac_now_s(void);

#endif /* HTTPD_STORE_H */
