/*
 * aor_keyset.h - the keys a location verifies with, and the rule that picks
 * which of them may verify a given token (SPEC 4.2):
 *
 *   1. a kid in the token selects the JWKS keys with that kid, and only
 *      those;
 *   2. otherwise (no kid, or a kid no JWKS key has) the kid-less JWKS keys
 *      and then the static keys, in configuration order;
 *   3. of those, only keys that fit the token's alg (aor_key_fits) are
 *      tried.
 */
#ifndef AOR_KEYSET_H
#define AOR_KEYSET_H

#include <stddef.h>
#include <stdint.h>

#include "aor_alg.h"
#include "aor_err.h"
#include "aor_key.h"

typedef enum {
    AOR_KEY_FROM_JWKS,          /* tried first, selected by kid */
    AOR_KEY_FROM_STATIC         /* AgentOSVerifyKey, in order   */
} aor_key_origin_t;

typedef struct aor_keyset aor_keyset_t;

/* An empty key set, or NULL when out of memory. */
aor_keyset_t *aor_keyset_new(void);

void aor_keyset_free(aor_keyset_t *ks);

/* Append key; the set owns it from now on, also when this fails. */
aor_status_t aor_keyset_add(aor_keyset_t *ks, aor_key_t *key,
                            aor_key_origin_t origin, aor_error_t *err);

size_t aor_keyset_count(const aor_keyset_t *ks);

/* The i-th key (borrowed) and its origin. */
const aor_key_t *aor_keyset_get(const aor_keyset_t *ks, size_t i,
                                aor_key_origin_t *origin);

/*
 * Take the i-th key out of the set: the caller owns it, the set keeps an
 * empty slot (for moving keys between sets; the set is then only freed).
 */
aor_key_t *aor_keyset_take(aor_keyset_t *ks, size_t i);

/* 1 when a key of the set has this fingerprint (aor_key_fingerprint). */
int aor_keyset_has_fingerprint(const aor_keyset_t *ks, uint64_t fp);

/* The algorithms at least one key of the set can verify. */
aor_algset_t aor_keyset_algs(const aor_keyset_t *ks);

/*
 * Verify sig over data for a token with alg and kid (NULL: none) with the
 * keys the selection rule allows.  On success *used (if not NULL) is the
 * key that verified.  Returns AOR_OK, AOR_E_SIGNATURE (a candidate existed
 * and none verified), AOR_E_KID_UNKNOWN (a kid no JWKS key has, and no
 * fallback key fits), AOR_E_NO_KEY (no key fits alg), or a resource error.
 */
aor_status_t aor_keyset_verify(const aor_keyset_t *ks, aor_alg_t alg,
                               const char *kid,
                               const unsigned char *data, size_t dlen,
                               const unsigned char *sig, size_t slen,
                               const aor_key_t **used, aor_error_t *err);

#endif /* AOR_KEYSET_H */
