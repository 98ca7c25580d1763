/*
 * aor_key.h - one verification key: an asymmetric public key or an HMAC
 * secret, with the JWK attributes that restrict its use.
 *
 * A key knows its type and curve, so the question "may this key verify a
 * token with this alg?" is answered from the key and the algorithm table,
 * never from the token.  Keys are immutable once built and may be shared
 * by threads for verification.
 */
#ifndef AOR_KEY_H
#define AOR_KEY_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "aor_alg.h"
#include "aor_err.h"

typedef enum {
    AOR_KTY_OCT,        /* HMAC secret       */
    AOR_KTY_RSA,
    AOR_KTY_EC,         /* P-256, P-384, P-521 */
    AOR_KTY_OKP         /* Ed25519, Ed448    */
} aor_kty_t;

/* RSA keys below this size are refused (SPEC 4.2, RFC 8725 3.5). */
#define AOR_RSA_MIN_BITS 2048

typedef struct aor_key aor_key_t;

/*
 * Build a key from PEM text: a public key (SubjectPublicKeyInfo or PKCS#1
 * "RSA PUBLIC KEY") or an X.509 certificate, whose public key is used and
 * whose validity dates are not checked.  Private keys are refused.
 * Returns an owned key in *out.
 */
aor_status_t aor_key_from_pem(const char *pem, size_t len, aor_key_t **out,
                              aor_error_t *err);

/* Build an HMAC key from a copy of secret[0..len).  Owned key in *out. */
aor_status_t aor_key_from_secret(const unsigned char *secret, size_t len,
                                 aor_key_t **out, aor_error_t *err);

/*
 * Build a key from an EVP_PKEY, taking ownership of pkey on success and on
 * failure.  Refuses key types and curves the table does not know and RSA
 * keys below AOR_RSA_MIN_BITS.
 */
aor_status_t aor_key_from_pkey(EVP_PKEY *pkey, aor_key_t **out,
                               aor_error_t *err);

void aor_key_free(aor_key_t *key);

/* Attach a JWK "kid" (copied).  Returns AOR_E_NOMEM or AOR_OK. */
aor_status_t aor_key_set_kid(aor_key_t *key, const char *kid);

/* Restrict the key to one algorithm (a JWK "alg"). */
void aor_key_set_alg(aor_key_t *key, aor_alg_t alg);

aor_kty_t aor_key_type(const aor_key_t *key);
aor_curve_t aor_key_curve(const aor_key_t *key);
const char *aor_key_kid(const aor_key_t *key);        /* NULL: none  */
aor_alg_t aor_key_alg(const aor_key_t *key);          /* COUNT: any  */
int aor_key_bits(const aor_key_t *key);               /* RSA/EC size, or
                                                         secret bits  */

/* Borrowed material for the signature code. */
EVP_PKEY *aor_key_pkey(const aor_key_t *key);          /* NULL for oct */
const unsigned char *aor_key_secret(const aor_key_t *key, size_t *len);
/* The 32-byte Ed25519 public key, checked at load; NULL for other keys. */
const unsigned char *aor_key_ed25519(const aor_key_t *key);

/*
 * 1 when key may verify a token signed with alg: the key type and curve
 * are the ones alg is defined for, an HMAC secret is at least as long as
 * the hash, and a JWK "alg" on the key, if any, equals alg.  Else 0.
 */
int aor_key_fits(const aor_key_t *key, aor_alg_t alg);

/*
 * The key material as bytes: the DER SubjectPublicKeyInfo of an
 * asymmetric key, the secret of an oct key.  *out is malloc'ed (free()).
 */
aor_status_t aor_key_material(const aor_key_t *key, unsigned char **out,
                              size_t *len, aor_error_t *err);

/*
 * A 64-bit fingerprint of the key material (SHA-256, truncated): the same
 * key always has the same fingerprint, in every process.
 */
uint64_t aor_key_fingerprint(const aor_key_t *key);

/*
 * 1 when v[0..len) equals the key's secret, in time that does not depend
 * on where they differ or on their lengths (both are hashed with SHA-256
 * and the digests compared with CRYPTO_memcmp).  0 for non-oct keys.
 */
int aor_key_secret_equals(const aor_key_t *key, const unsigned char *v,
                          size_t len);

/* The prepared verification context for alg (aor_sig), or NULL. */
struct aor_sig_prep;
const struct aor_sig_prep *aor_key_prep(const aor_key_t *key, aor_alg_t alg);

/* Short description for logs, e.g. "RSA 2048", "EC P-256", "oct 256". */
const char *aor_key_describe(const aor_key_t *key, char *buf, size_t len);

#endif /* AOR_KEY_H */
