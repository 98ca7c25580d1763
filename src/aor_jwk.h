/*
 * aor_jwk.h - JSON Web Keys (RFC 7517, 7518 section 6, RFC 8037) to
 * verification keys.
 *
 * One JWK becomes one aor_key_t (RSA "n"/"e", EC "crv"/"x"/"y" with the
 * point checked on the curve, OKP "crv"/"x", oct "k").  A key is usable
 * only for signature verification: "use" other than "sig", "key_ops"
 * without "verify", an unknown "alg" or an "alg" that does not fit the key
 * make it unusable.  A JWKS is refused as a whole when it holds private
 * key material, repeats a kid, mixes symmetric and asymmetric keys, or has
 * no usable key at all: each of those means it is not the verification
 * key set its operator thinks it is.
 */
#ifndef AOR_JWK_H
#define AOR_JWK_H

#include <stddef.h>

#include <jansson.h>

#include "aor_err.h"
#include "aor_key.h"
#include "aor_keyset.h"

/*
 * Build a key from one JWK object.  Returns AOR_OK and an owned *out, or
 * AOR_E_CONFIG with the reason the key is unusable.  Private members are
 * ignored here (aor_jwks_load refuses sets holding them).
 */
aor_status_t aor_jwk_to_key(const json_t *jwk, aor_key_t **out,
                            aor_error_t *err);

/* 1 when the JWK carries private key material ("d", "p", "q", ...). */
int aor_jwk_is_private(const json_t *jwk);

/* Called for each unusable key of a JWKS: its index and the reason. */
typedef void (*aor_jwks_skip_fn)(void *ctx, size_t index, const char *kid,
                                 const char *reason);

/*
 * Parse the JWKS text[0..len) ({"keys":[...]}) and add its usable keys to
 * ks as AOR_KEY_FROM_JWKS.  Unusable keys are reported to skip (may be
 * NULL) and left out.  Returns AOR_OK with *added (may be NULL) set, or
 * AOR_E_CONFIG (nothing added) when the text is not a JWKS, a key holds
 * private material, a kid repeats, oct and asymmetric keys are mixed, or
 * no key is usable.
 */
aor_status_t aor_jwks_load(const char *text, size_t len, aor_keyset_t *ks,
                           aor_jwks_skip_fn skip, void *ctx, size_t *added,
                           aor_error_t *err);

#endif /* AOR_JWK_H */
