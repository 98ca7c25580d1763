/*
 * httpd_store.c - the key store in shared memory (layout and locking in
 * httpd_store.h) and each process's key sets built from it.
 *
 * Owns: segment lifetime across generations, the sequence lock, the
 * per-process rebuild when a generation changes, and the retirement of
 * replaced key sets (kept RBAC_RETIRE_SECONDS, so a request thread that
 * fetched the old set just before the swap can finish with it).
 */
#include "apr_time.h"

#include "aor_keyblob.h"
#include "httpd_private.h"
#include "httpd_store.h"

#define STORE_MAGIC     0x53524f41u     /* "AORS" */
#define STORE_VERSION   1
#define STORE_USERDATA  "agentos_rbac_store_segment"

typedef struct {
    apr_uint32_t magic;
    apr_uint32_t version;
    apr_uint32_t n_slots;
    apr_uint32_t size;
} store_head_t;

/* A replaced key set waiting for its grace period to end. */
typedef struct retired_s {
    aor_keyset_t *keys;
    apr_time_t since;
    struct retired_s *next;
} retired_t;

/* This process's view of one slot. */
typedef struct {
    volatile apr_uint32_t gen;      /* the generation keys was built from */
    aor_keyset_t *volatile keys;
    retired_t *retired;
    apr_thread_mutex_t *lock;       /* one rebuilder at a time */
} proc_slot_t;

/*
 * The segment of the current generation.  Kept in the process pool (it
 * outlives a generation's pconf), so the next generation can carry the
 * keys over.
 */
typedef struct {
    apr_shm_t *shm;
    char *base;
    store_head_t *head;
    rbac_counters_t *counters;
    rbac_slot_t *slots;
    int n;
} segment_t;

struct rbac_store {
    segment_t seg;                  /* this generation's, by value */
    proc_slot_t *proc;
};

apr_uint32_t rbac_now_s(void)
{
    return (apr_uint32_t)apr_time_sec(apr_time_now());
}

static apr_size_t align8(apr_size_t n)
{
    return (n + 7) & ~(apr_size_t)7;
}

int rbac_store_slots(const rbac_store_t *st)
{
    return st->seg.n;
}

rbac_slot_t *rbac_store_slot(rbac_store_t *st, int slot)
{
    return &st->seg.slots[slot];
}

rbac_counters_t *rbac_store_counters(rbac_store_t *st)
{
    return st->seg.counters;
}

/* The previous generation's segment, if any (process pool userdata). */
static segment_t *previous_segment(server_rec *s)
{
    segment_t *prev = NULL;

    apr_pool_userdata_get((void **)&prev, STORE_USERDATA, s->process->pool);
    return prev;
}

/* A consistent copy of a slot's bytes: retried while a writer runs. */
static unsigned char *segment_get(const segment_t *seg, int slot,
                                  apr_pool_t *p, apr_size_t *len,
                                  apr_uint32_t *gen)
{
    rbac_slot_t *sl = &seg->slots[slot];
    unsigned char *copy = apr_palloc(p, sl->cap ? sl->cap : 1);
    apr_uint32_t g1, g2;

    do {
        g1 = apr_atomic_read32(&sl->gen);
        *len = apr_atomic_read32(&sl->len);
        if (*len > sl->cap)
            *len = 0;
        memcpy(copy, seg->base + sl->data_off, *len);
        g2 = apr_atomic_read32(&sl->gen);
    } while ((g1 & 1) || g1 != g2);
    if (g1 == 0)
        *len = 0;
    if (gen != NULL)
        *gen = g1;
    return copy;
}

/* Carry a slot's bytes over from the previous segment, if it is there. */
static void carry_over(rbac_store_t *st, int i, const segment_t *prev)
{
    rbac_slot_t *to = &st->seg.slots[i];
    apr_pool_t *tmp;
    unsigned char *blob;
    apr_size_t len = 0;
    int j;

    for (j = 0; prev != NULL && j < prev->n; j++) {
        rbac_slot_t *from = &prev->slots[j];

        if (memcmp(from->id, to->id, sizeof(to->id)) != 0 || from->gen == 0)
            continue;
        apr_pool_create(&tmp, NULL);
        blob = segment_get(prev, j, tmp, &len, NULL);
        if (len > 0 && len <= to->cap) {
            rbac_store_put(st, i, blob, len);
            to->loaded_at = from->loaded_at;
            to->next_refresh = from->next_refresh;
            to->fetches = from->fetches;
            to->failures = from->failures;
        }
        apr_pool_destroy(tmp);
        return;
    }
}

apr_status_t rbac_store_create(apr_pool_t *pconf, server_rec *s,
                               const rbac_slot_spec_t *specs, int n,
                               rbac_store_t **out)
{
    rbac_store_t *st = apr_pcalloc(pconf, sizeof(*st));
    segment_t *prev = previous_segment(s), *keep;
    apr_size_t size, off;
    apr_status_t rv;
    int i;

    size = align8(sizeof(store_head_t)) + align8(sizeof(rbac_counters_t))
        + align8((apr_size_t)n * sizeof(rbac_slot_t));
    for (i = 0; i < n; i++)
        size += align8(specs[i].cap);
    rv = apr_shm_create(&st->seg.shm, size, NULL, s->process->pool);
    if (rv != APR_SUCCESS)
        return rv;
    st->seg.base = apr_shm_baseaddr_get(st->seg.shm);
    memset(st->seg.base, 0, size);
    st->seg.head = (store_head_t *)st->seg.base;
    st->seg.head->magic = STORE_MAGIC;
    st->seg.head->version = STORE_VERSION;
    st->seg.head->n_slots = (apr_uint32_t)n;
    st->seg.head->size = (apr_uint32_t)size;
    st->seg.counters = (rbac_counters_t *)(st->seg.base
                                           + align8(sizeof(store_head_t)));
    st->seg.slots = (rbac_slot_t *)((char *)st->seg.counters
                                    + align8(sizeof(rbac_counters_t)));
    off = align8((apr_size_t)((char *)(st->seg.slots + n) - st->seg.base));
    st->seg.n = n;
    st->proc = apr_pcalloc(pconf, (apr_size_t)(n ? n : 1) * sizeof(*st->proc));
    if (prev != NULL)
        memcpy(st->seg.counters, prev->counters, sizeof(rbac_counters_t));
    for (i = 0; i < n; i++) {
        memcpy(st->seg.slots[i].id, specs[i].id, sizeof(specs[i].id));
        st->seg.slots[i].cap = (apr_uint32_t)specs[i].cap;
        st->seg.slots[i].data_off = (apr_uint32_t)off;
        off += align8(specs[i].cap);
        carry_over(st, i, prev);
    }
    /* old children keep their own mapping; the parent lets it go */
    if (prev != NULL)
        apr_shm_destroy(prev->shm);
    keep = prev ? prev : apr_palloc(s->process->pool, sizeof(*keep));
    *keep = st->seg;
    apr_pool_userdata_set(keep, STORE_USERDATA, apr_pool_cleanup_null,
                          s->process->pool);
    *out = st;
    return APR_SUCCESS;
}

static apr_status_t proc_cleanup(void *data)
{
    rbac_store_t *st = data;
    retired_t *r;
    int i;

    for (i = 0; i < st->seg.n; i++) {
        aor_keyset_free(st->proc[i].keys);
        st->proc[i].keys = NULL;
        for (r = st->proc[i].retired; r != NULL; r = r->next)
            aor_keyset_free(r->keys);
        st->proc[i].retired = NULL;
    }
    return APR_SUCCESS;
}

apr_status_t rbac_store_child_init(rbac_store_t *st, apr_pool_t *pchild)
{
    apr_status_t rv;
    int i;

    for (i = 0; i < st->seg.n; i++) {
        /* the parent may have built sets before forking: start afresh */
        st->proc[i].keys = NULL;
        st->proc[i].retired = NULL;
        st->proc[i].gen = 0;
        rv = apr_thread_mutex_create(&st->proc[i].lock,
                                     APR_THREAD_MUTEX_DEFAULT, pchild);
        if (rv != APR_SUCCESS)
            return rv;
    }
    apr_pool_cleanup_register(pchild, st, proc_cleanup,
                              apr_pool_cleanup_null);
    return APR_SUCCESS;
}

int rbac_store_claim(rbac_store_t *st, int slot, apr_uint32_t now,
                     apr_uint32_t stale_s)
{
    rbac_slot_t *sl = &st->seg.slots[slot];

    if (apr_atomic_cas32(&sl->fetching, 1, 0) != 0) {
        /* a writer that died mid-fetch must not block the slot forever */
        if (now - apr_atomic_read32(&sl->fetch_started) < stale_s)
            return 0;
    }
    apr_atomic_set32(&sl->fetch_started, now);
    return 1;
}

void rbac_store_release(rbac_store_t *st, int slot)
{
    apr_atomic_set32(&st->seg.slots[slot].fetching, 0);
}

apr_status_t rbac_store_put(rbac_store_t *st, int slot,
                            const unsigned char *blob, apr_size_t len)
{
    rbac_slot_t *sl = &st->seg.slots[slot];

    if (len > sl->cap)
        return APR_ENOSPC;
    apr_atomic_inc32(&sl->gen);             /* odd: writing */
    memcpy(st->seg.base + sl->data_off, blob, len);
    apr_atomic_set32(&sl->len, (apr_uint32_t)len);
    apr_atomic_inc32(&sl->gen);             /* even: stable */
    if (apr_atomic_read32(&sl->gen) == 0)   /* never 0 after a write */
        apr_atomic_add32(&sl->gen, 2);
    return APR_SUCCESS;
}

unsigned char *rbac_store_get(rbac_store_t *st, int slot, apr_pool_t *p,
                              apr_size_t *len)
{
    return segment_get(&st->seg, slot, p, len, NULL);
}

/* Free the retired sets whose grace period is over. */
static void reap(proc_slot_t *ps, apr_time_t now)
{
    retired_t **link = &ps->retired, *r;

    while ((r = *link) != NULL) {
        if (now - r->since > apr_time_from_sec(RBAC_RETIRE_SECONDS)) {
            *link = r->next;
            aor_keyset_free(r->keys);
            free(r);
        }
        else {
            link = &r->next;
        }
    }
}

/* Rebuild this process's set of a slot (the caller holds ps->lock). */
static void rebuild(rbac_store_t *st, int slot, proc_slot_t *ps)
{
    apr_pool_t *tmp;
    aor_keyset_t *keys = NULL, *old;
    unsigned char *blob;
    apr_size_t len = 0;
    apr_uint32_t gen = 0;
    aor_error_t err;
    retired_t *r;

    apr_pool_create(&tmp, NULL);
    blob = segment_get(&st->seg, slot, tmp, &len, &gen);
    if (len > 0 && aor_keyblob_decode(blob, len, &keys, &err) != AOR_OK) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, NULL, AOR_LOGNO(00601)
                     "key store slot %d: cannot decode its keys: %s", slot,
                     err.text);
        keys = NULL;
    }
    apr_pool_destroy(tmp);
    old = ps->keys;
    __atomic_store_n(&ps->keys, keys, __ATOMIC_RELEASE);
    apr_atomic_set32(&ps->gen, gen);
    reap(ps, apr_time_now());
    if (old != NULL) {
        r = malloc(sizeof(*r));
        if (r != NULL) {
            r->keys = old;
            r->since = apr_time_now();
            r->next = ps->retired;
            ps->retired = r;
        }
        /* out of memory: keep it rather than free a set in use */
    }
}

const aor_keyset_t *rbac_store_keys(rbac_store_t *st, int slot)
{
    proc_slot_t *ps = &st->proc[slot];
    apr_uint32_t gen = apr_atomic_read32(&st->seg.slots[slot].gen);
    aor_keyset_t *keys = __atomic_load_n(&ps->keys, __ATOMIC_ACQUIRE);

    /* the hot path: the generation this process built from is current,
     * or a writer is at work and the set we have keeps serving */
    if (gen == apr_atomic_read32(&ps->gen) || ((gen & 1) && keys != NULL))
        return keys;
    if (gen == 0)
        return NULL;
    apr_thread_mutex_lock(ps->lock);
    if (apr_atomic_read32(&st->seg.slots[slot].gen)
        != apr_atomic_read32(&ps->gen))
        rebuild(st, slot, ps);
    apr_thread_mutex_unlock(ps->lock);
    return __atomic_load_n(&ps->keys, __ATOMIC_ACQUIRE);
}
