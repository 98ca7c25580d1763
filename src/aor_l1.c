/*
 * aor_l1.c - the per-process identity cache (see aor_l1.h).
 *
 * Slot protocol (a sequence lock per slot):
 *   writer: CAS seq even -> odd; write fields; store seq odd + 1 (release)
 *   reader: load seq (acquire), must be even; read and copy; fence; load
 *           seq again: unchanged means the copy is consistent.
 */
#include <stdlib.h>
#include <string.h>

#include "aor_l1.h"

typedef struct {
    uint32_t seq;
    uint32_t token_len;
    uint32_t value_len;
    uint64_t ctx;
    char token[AOR_L1_TOKEN_MAX];
    unsigned char value[AOR_L1_VALUE_MAX];
} l1_slot_t;

struct aor_l1 {
    l1_slot_t *slots;
    size_t mask;
    uint64_t seed;
};

aor_l1_t *aor_l1_new(size_t n_slots, uint64_t seed)
{
    aor_l1_t *l1 = calloc(1, sizeof(*l1));
    size_t n = 1;

    while (n < n_slots)
        n <<= 1;
    if (l1 == NULL || (l1->slots = calloc(n, sizeof(l1_slot_t))) == NULL) {
        free(l1);
        return NULL;
    }
    l1->mask = n - 1;
    l1->seed = seed;
    return l1;
}

void aor_l1_free(aor_l1_t *l1)
{
    if (l1 != NULL) {
        free(l1->slots);
        free(l1);
    }
}

/*
 * The slot of a token: a seeded mix of its length and its last (up to) 64
 * bytes -- the signature's, random for every token.  It only spreads
 * tokens over slots; the byte-for-byte comparison decides a hit.
 */
static l1_slot_t *slot_of(aor_l1_t *l1, uint64_t ctx, const char *token,
                          size_t len)
{
    uint64_t h = l1->seed ^ ctx ^ (len * 0x9e3779b97f4a7c15ULL), w;
    size_t start = len > 64 ? len - 64 : 0, i;

    for (i = start; i + 8 <= len; i += 8) {
        memcpy(&w, token + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)token[i]) * 0x100000001b3ULL;
    h ^= h >> 29;
    return &l1->slots[h & l1->mask];
}

size_t aor_l1_get(aor_l1_t *l1, uint64_t ctx, const char *token,
                  size_t len, unsigned char *buf)
{
    l1_slot_t *s;
    uint32_t s1, s2, vlen;

    if (len > AOR_L1_TOKEN_MAX)
        return 0;
    s = slot_of(l1, ctx, token, len);
    s1 = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
    if ((s1 & 1) || s1 == 0 || s->ctx != ctx || s->token_len != len
        || memcmp(s->token, token, len) != 0)
        return 0;
    vlen = s->value_len;
    if (vlen == 0 || vlen > AOR_L1_VALUE_MAX)
        return 0;
    memcpy(buf, s->value, vlen);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    s2 = __atomic_load_n(&s->seq, __ATOMIC_RELAXED);
    return s1 == s2 ? vlen : 0;
}

void aor_l1_put(aor_l1_t *l1, uint64_t ctx, const char *token, size_t len,
                const unsigned char *value, size_t vlen)
{
    l1_slot_t *s;
    uint32_t seq;

    if (len > AOR_L1_TOKEN_MAX || vlen == 0 || vlen > AOR_L1_VALUE_MAX)
        return;
    s = slot_of(l1, ctx, token, len);
    seq = __atomic_load_n(&s->seq, __ATOMIC_RELAXED);
    if ((seq & 1) || !__atomic_compare_exchange_n(&s->seq, &seq, seq + 1, 0,
                                                  __ATOMIC_ACQUIRE,
                                                  __ATOMIC_RELAXED))
        return;                 /* another writer has it: skip */
    s->ctx = ctx;
    s->token_len = (uint32_t)len;
    memcpy(s->token, token, len);
    s->value_len = (uint32_t)vlen;
    memcpy(s->value, value, vlen);
    __atomic_store_n(&s->seq, seq + 2, __ATOMIC_RELEASE);
}
