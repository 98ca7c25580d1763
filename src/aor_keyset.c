/*
 * aor_keyset.c - an ordered set of verification keys and key selection.
 *
 * Owns the selection rule written in aor_keyset.h.  A key set is built at
 * configuration time (or when a JWKS changes) and is read-only afterwards,
 * so threads share it without locks.
 */
#include <stdlib.h>
#include <string.h>

#include "aor_keyset.h"
#include "aor_sig.h"

typedef struct {
    aor_key_t *key;
    aor_key_origin_t origin;
} keyset_entry_t;

struct aor_keyset {
    keyset_entry_t *entries;
    size_t count;
    size_t cap;
};

aor_keyset_t *aor_keyset_new(void)
{
    return calloc(1, sizeof(aor_keyset_t));
}

void aor_keyset_free(aor_keyset_t *ks)
{
    size_t i;

    if (ks == NULL)
        return;
    for (i = 0; i < ks->count; i++)
        aor_key_free(ks->entries[i].key);
    free(ks->entries);
    free(ks);
}

aor_status_t aor_keyset_add(aor_keyset_t *ks, aor_key_t *key,
                            aor_key_origin_t origin, aor_error_t *err)
{
    keyset_entry_t *grown;
    size_t cap;

    if (ks->count == ks->cap) {
        cap = ks->cap ? ks->cap * 2 : 4;
        grown = realloc(ks->entries, cap * sizeof(*grown));
        if (grown == NULL) {
            aor_key_free(key);
            return aor_error_set(err, AOR_E_NOMEM, "out of memory");
        }
        ks->entries = grown;
        ks->cap = cap;
    }
    ks->entries[ks->count].key = key;
    ks->entries[ks->count].origin = origin;
    ks->count++;
    return AOR_OK;
}

size_t aor_keyset_count(const aor_keyset_t *ks)
{
    return ks->count;
}

const aor_key_t *aor_keyset_get(const aor_keyset_t *ks, size_t i,
                                aor_key_origin_t *origin)
{
    if (origin != NULL)
        *origin = ks->entries[i].origin;
    return ks->entries[i].key;
}

aor_key_t *aor_keyset_take(aor_keyset_t *ks, size_t i)
{
    aor_key_t *key = ks->entries[i].key;

    ks->entries[i].key = NULL;
    return key;
}

int aor_keyset_has_fingerprint(const aor_keyset_t *ks, uint64_t fp)
{
    size_t i;

    for (i = 0; i < ks->count; i++) {
        if (ks->entries[i].key != NULL
            && aor_key_fingerprint(ks->entries[i].key) == fp)
            return 1;
    }
    return 0;
}

aor_algset_t aor_keyset_algs(const aor_keyset_t *ks)
{
    aor_algset_t algs = 0;
    size_t i;
    int a;

    for (i = 0; i < ks->count; i++) {
        for (a = 0; a < AOR_ALG_COUNT; a++) {
            if (aor_key_fits(ks->entries[i].key, (aor_alg_t)a))
                algs |= AOR_ALGSET_BIT(a);
        }
    }
    return algs;
}

/* Selection classes, in the order they are tried. */
typedef enum {
    PICK_KID_MATCH,         /* JWKS key whose kid equals the token's */
    PICK_JWKS_FALLBACK,     /* JWKS key without kid                  */
    PICK_STATIC             /* AgentOSVerifyKey                      */
} pick_t;

static int entry_in_class(const keyset_entry_t *e, pick_t pick,
                          const char *kid)
{
    const char *key_kid = aor_key_kid(e->key);

    switch (pick) {
    case PICK_KID_MATCH:
        return e->origin == AOR_KEY_FROM_JWKS && key_kid != NULL
            && kid != NULL && strcmp(key_kid, kid) == 0;
    case PICK_JWKS_FALLBACK:
        return e->origin == AOR_KEY_FROM_JWKS && key_kid == NULL;
    case PICK_STATIC:
        return e->origin == AOR_KEY_FROM_STATIC;
    }
    return 0;
}

/* 1 when the set has a JWKS key carrying a kid. */
static int has_jwks_kids(const aor_keyset_t *ks)
{
    size_t i;

    for (i = 0; i < ks->count; i++) {
        if (ks->entries[i].origin == AOR_KEY_FROM_JWKS
            && aor_key_kid(ks->entries[i].key) != NULL)
            return 1;
    }
    return 0;
}

/*
 * Try the keys of one class.  *matched counts keys in the class, *tried
 * the ones that fit alg and were tried.  Returns AOR_OK on the first key
 * that verifies, else the last failure (AOR_E_SIGNATURE when none fit).
 */
static aor_status_t try_class(const aor_keyset_t *ks, pick_t pick,
                              aor_alg_t alg, const char *kid,
                              const unsigned char *data, size_t dlen,
                              const unsigned char *sig, size_t slen,
                              size_t *matched, size_t *tried,
                              const aor_key_t **used, aor_error_t *err)
{
    aor_status_t st = AOR_E_SIGNATURE;
    size_t i;

    for (i = 0; i < ks->count; i++) {
        const keyset_entry_t *e = &ks->entries[i];

        if (!entry_in_class(e, pick, kid))
            continue;
        (*matched)++;
        if (!aor_key_fits(e->key, alg))
            continue;
        (*tried)++;
        st = aor_sig_verify(e->key, alg, data, dlen, sig, slen, err);
        if (st == AOR_OK) {
            if (used != NULL)
                *used = e->key;
            return AOR_OK;
        }
        if (st != AOR_E_SIGNATURE)
            return st;
    }
    return st;
}

aor_status_t aor_keyset_verify(const aor_keyset_t *ks, aor_alg_t alg,
                               const char *kid,
                               const unsigned char *data, size_t dlen,
                               const unsigned char *sig, size_t slen,
                               const aor_key_t **used, aor_error_t *err)
{
    size_t matched = 0, tried = 0;
    aor_status_t st;

    if (kid != NULL) {
        st = try_class(ks, PICK_KID_MATCH, alg, kid, data, dlen, sig, slen,
                       &matched, &tried, used, err);
        if (matched > 0) {
            if (tried == 0)
                return aor_error_set(err, AOR_E_NO_KEY, "the key with this "
                                     "kid does not fit the token's alg");
            return st;
        }
    }
    st = try_class(ks, PICK_JWKS_FALLBACK, alg, kid, data, dlen, sig, slen,
                   &matched, &tried, used, err);
    if (st == AOR_OK || st != AOR_E_SIGNATURE)
        return st;
    st = try_class(ks, PICK_STATIC, alg, kid, data, dlen, sig, slen,
                   &matched, &tried, used, err);
    if (st == AOR_OK || st != AOR_E_SIGNATURE || tried > 0)
        return st;
    if (kid != NULL && has_jwks_kids(ks))
        return aor_error_set(err, AOR_E_KID_UNKNOWN, "no key with the "
                             "token's kid");
    return aor_error_set(err, AOR_E_NO_KEY, "no configured key fits alg %s",
                         aor_alg_info(alg)->name);
}
