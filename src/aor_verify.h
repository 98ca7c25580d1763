/*
 * aor_verify.h - the facade: one call from a token string to a verified
 * identity, in the order of checks of SPEC 4.11:
 *
 *   size -> structure (parts, base64url, JSON) -> header (alg allowed,
 *   crit/b64 absent) -> key -> signature -> iat -> nbf -> exp -> iss ->
 *   audience -> subject -> scopes
 *
 * The first failing check decides the status.
 */
#ifndef AOR_VERIFY_H
#define AOR_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "aor_alg.h"
#include "aor_claims.h"
#include "aor_err.h"
#include "aor_keyset.h"
#include "aor_l1.h"
#include "aor_token.h"

typedef struct {
    size_t max_token_size;          /* longer tokens: AOR_E_TOO_LARGE */
    aor_algset_t algs;              /* allowed algorithms             */
    aor_claims_policy_t claims;
    aor_identity_policy_t identity;
} aor_policy_t;

/* What is known of a token when it is rejected, safe to log. */
#define AOR_META_MAX 64
typedef struct {
    char alg[16];               /* "" until known */
    char kid[AOR_META_MAX];     /* non-printable bytes shown as '?' */
    char iss[AOR_META_MAX];
} aor_verify_meta_t;

/*
 * Verify token[0..len) with keys under pol at time now.  Returns AOR_OK
 * with an owned identity in *out, or the status of the first failed check
 * with err filled.  meta (may be NULL) receives alg, kid and iss as far as
 * they were read, for the error log.
 */
aor_status_t aor_verify_token(const char *token, size_t len,
                              const aor_keyset_t *keys,
                              const aor_policy_t *pol, double now,
                              aor_token_t **out, aor_verify_meta_t *meta,
                              aor_error_t *err);

/*
 * The same, with a per-process memo of parsed JWS headers (aor_jws_parse):
 * tokens of one issuer share their header, parsed once.
 */
aor_status_t aor_verify_token_memo(const char *token, size_t len,
                                   const aor_keyset_t *keys,
                                   const aor_policy_t *pol, double now,
                                   aor_l1_t *memo, aor_token_t **out,
                                   aor_verify_meta_t *meta,
                                   aor_error_t *err);

/* Size of a token cache key. */
#define AOR_CACHE_KEY_LEN 40

/*
 * The cache key of a token under a policy: ctx (a fingerprint of the
 * policy) in 8 bytes, then the SHA-256 of the whole token.
 */
void aor_cache_key(uint64_t ctx, const char *token, size_t len,
                   unsigned char out[AOR_CACHE_KEY_LEN]);

#endif /* AOR_VERIFY_H */
