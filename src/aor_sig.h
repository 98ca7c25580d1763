/*
 * aor_sig.h - JWS signature verification, one function per algorithm
 * family, through OpenSSL's EVP interfaces except Ed25519 (libsodium).
 */
#ifndef AOR_SIG_H
#define AOR_SIG_H

#include <stddef.h>

#include "aor_alg.h"
#include "aor_err.h"
#include "aor_key.h"

/*
 * Verify sig[0..slen) over data[0..dlen) with key under alg.  The caller
 * has checked aor_key_fits(key, alg); this function checks it again and
 * refuses otherwise.  Signature lengths are checked before any crypto:
 * HMAC tags compare in constant time, ES* signatures must be raw R||S of
 * the curve's size with 0 < R, S < n.
 * Returns AOR_OK, AOR_E_SIGNATURE, or AOR_E_NOMEM/AOR_E_INTERNAL.
 */
aor_status_t aor_sig_verify(const aor_key_t *key, aor_alg_t alg,
                            const unsigned char *data, size_t dlen,
                            const unsigned char *sig, size_t slen,
                            aor_error_t *err);

/*
 * A verification context prepared once for a key and an algorithm (the
 * digest fetched, the key bound, PSS parameters set, an HMAC key
 * scheduled), copied for each verification: no per-token fetch or key
 * setup, and nothing shared is written, so threads use it concurrently.
 */
typedef struct aor_sig_prep aor_sig_prep_t;

/*
 * Prepare key for alg (which it must fit); NULL when that fails or when
 * there is nothing to prepare (Ed25519).
 */
aor_sig_prep_t *aor_sig_prepare(const aor_key_t *key, aor_alg_t alg);

void aor_sig_prep_free(aor_sig_prep_t *prep);

#endif /* AOR_SIG_H */
