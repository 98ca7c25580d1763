/*
 * aor_sig.c - signature verification for HS*, RS*, PS*, ES* and EdDSA.
 *
 * Owns the translation from JOSE signature formats to what OpenSSL
 * verifies (raw ECDSA R||S to DER, PSS parameters).  Every OpenSSL failure
 * path clears the error queue.  Ed25519 is verified by libsodium (README
 * "Dependencies": twice as fast as OpenSSL 3.0, and it refuses small-order
 * and non-canonical points); Ed448 stays with OpenSSL.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <sodium.h>

#include "aor_sig.h"

/*
 * What a key keeps ready per algorithm, set up once when the key is
 * loaded.  RS, PS and ES hash with the fetched digest and verify the hash
 * with a copy of the prepared EVP_PKEY_CTX (one EVP layer less than
 * EVP_DigestVerify: about 3 µs per verification inside httpd); Ed448 has
 * no separate hash, so it keeps a DigestVerify context.  Ed25519 needs
 * nothing: the key keeps its raw bytes for libsodium.
 */
struct aor_sig_prep {
    EVP_MD *digest;             /* RS, PS, ES: the fetched hash           */
    EVP_PKEY_CTX *pkey;         /* RS, PS, ES: verify_init, padding, md   */
    EVP_MD_CTX *md;             /* Ed448: DigestVerify ready              */
    EVP_MAC_CTX *mac;           /* HS: the HMAC with its key scheduled    */
};

/* A fresh context copied from the prepared one, or NULL. */
static EVP_MAC_CTX *mac_from_prep(const aor_key_t *key, aor_alg_t alg)
{
    const aor_sig_prep_t *prep = aor_key_prep(key, alg);

    return prep && prep->mac ? EVP_MAC_CTX_dup(prep->mac) : NULL;
}

static EVP_MD_CTX *md_from_prep(const aor_key_t *key, aor_alg_t alg)
{
    const aor_sig_prep_t *prep = aor_key_prep(key, alg);
    EVP_MD_CTX *ctx;

    if (prep == NULL || prep->md == NULL || (ctx = EVP_MD_CTX_new()) == NULL)
        return NULL;
    if (EVP_MD_CTX_copy_ex(ctx, prep->md) != 1) {
        EVP_MD_CTX_free(ctx);
        ERR_clear_error();
        return NULL;
    }
    return ctx;
}

static aor_status_t hmac_verify(const aor_key_t *key,
                                const aor_alg_info_t *info,
                                const unsigned char *data, size_t dlen,
                                const unsigned char *sig, size_t slen,
                                aor_error_t *err)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    const unsigned char *secret;
    size_t secret_len, mac_len = 0;
    EVP_MAC_CTX *ctx;
    int ok;

    if (slen != info->hash_len)
        return aor_error_set(err, AOR_E_SIGNATURE, "%s tag of %zu bytes, "
                             "expected %zu", info->name, slen,
                             info->hash_len);
    ctx = mac_from_prep(key, aor_alg_from_name(info->name));
    if (ctx != NULL) {
        ok = EVP_MAC_update(ctx, data, dlen)
            && EVP_MAC_final(ctx, mac, &mac_len, sizeof(mac));
        EVP_MAC_CTX_free(ctx);
    }
    else {
        secret = aor_key_secret(key, &secret_len);
        ok = EVP_Q_mac(NULL, "HMAC", NULL, info->digest, NULL, secret,
                       secret_len, data, dlen, mac, sizeof(mac), &mac_len)
            != NULL;
    }
    if (!ok || mac_len != slen)
        return aor_error_ssl(err, AOR_E_INTERNAL, "HMAC computation failed");
    if (CRYPTO_memcmp(mac, sig, slen) != 0) {
        OPENSSL_cleanse(mac, sizeof(mac));
        return aor_error_set(err, AOR_E_SIGNATURE, "%s tag mismatch",
                             info->name);
    }
    OPENSSL_cleanse(mac, sizeof(mac));
    return AOR_OK;
}

/* Set RSA padding on a verification context for the family. */
static int rsa_setup(EVP_PKEY_CTX *pctx, aor_alg_family_t family)
{
    if (family == AOR_FAMILY_RSA_PKCS1)
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
    /* PS*: MGF1 with the same hash (the default), salt = hash length */
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0
        && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0;
}

/* A DigestVerify context for pkey under the algorithm, or NULL. */
static EVP_MD_CTX *verify_init(EVP_PKEY *pkey, const aor_alg_info_t *info)
{
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;

    if (mctx == NULL)
        return NULL;
    if (EVP_DigestVerifyInit_ex(mctx, &pctx, info->digest, NULL, NULL, pkey,
                                NULL) != 1
        || ((info->family == AOR_FAMILY_RSA_PKCS1
             || info->family == AOR_FAMILY_RSA_PSS)
            && !rsa_setup(pctx, info->family))) {
        EVP_MD_CTX_free(mctx);
        return NULL;
    }
    return mctx;
}

/* A context verifying a hash made with md under pkey, or NULL. */
static EVP_PKEY_CTX *hash_verify_init(EVP_PKEY *pkey,
                                      const aor_alg_info_t *info,
                                      const EVP_MD *md)
{
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);

    if (pctx == NULL || EVP_PKEY_verify_init(pctx) != 1
        || ((info->family == AOR_FAMILY_RSA_PKCS1
             || info->family == AOR_FAMILY_RSA_PSS)
            && !rsa_setup(pctx, info->family))
        || EVP_PKEY_CTX_set_signature_md(pctx, md) <= 0) {
        EVP_PKEY_CTX_free(pctx);
        return NULL;
    }
    return pctx;
}

/*
 * Hash data with the prepared digest and verify the hash with a copy of
 * the prepared context: 1 valid, 0 invalid, -1 nothing prepared or an
 * OpenSSL failure (the caller falls back to EVP_DigestVerify).
 */
static int prepared_verify(const aor_key_t *key, aor_alg_t alg,
                           const unsigned char *data, size_t dlen,
                           const unsigned char *sig, size_t slen)
{
    const aor_sig_prep_t *prep = aor_key_prep(key, alg);
    unsigned char hash[EVP_MAX_MD_SIZE];
    unsigned int hlen = 0;
    EVP_PKEY_CTX *ctx;
    int rc;

    if (prep == NULL || prep->pkey == NULL
        || EVP_Digest(data, dlen, hash, &hlen, prep->digest, NULL) != 1
        || (ctx = EVP_PKEY_CTX_dup(prep->pkey)) == NULL) {
        ERR_clear_error();
        return -1;
    }
    rc = EVP_PKEY_verify(ctx, sig, slen, hash, hlen);
    EVP_PKEY_CTX_free(ctx);
    return rc == 1 ? 1 : 0;
}

/* One-shot EVP verification of a DER or raw signature. */
static aor_status_t evp_verify(const aor_key_t *key,
                               const aor_alg_info_t *info,
                               const unsigned char *data, size_t dlen,
                               const unsigned char *sig, size_t slen,
                               aor_error_t *err)
{
    aor_alg_t alg = aor_alg_from_name(info->name);
    EVP_MD_CTX *mctx;
    aor_status_t st;
    int rc;

    rc = prepared_verify(key, alg, data, dlen, sig, slen);
    if (rc == 1)
        return AOR_OK;
    if (rc == 0)
        return aor_error_ssl(err, AOR_E_SIGNATURE, "%s signature does not "
                             "verify", info->name);
    mctx = md_from_prep(key, alg);
    if (mctx == NULL)
        mctx = verify_init(aor_key_pkey(key), info);
    if (mctx == NULL)
        return aor_error_ssl(err, AOR_E_INTERNAL, "%s: cannot set up "
                             "verification", info->name);
    rc = EVP_DigestVerify(mctx, sig, slen, data, dlen);
    if (rc == 1)
        st = AOR_OK;
    else
        st = aor_error_ssl(err, AOR_E_SIGNATURE, "%s signature does not "
                           "verify", info->name);
    EVP_MD_CTX_free(mctx);
    return st;
}

static aor_status_t rsa_verify(const aor_key_t *key,
                               const aor_alg_info_t *info,
                               const unsigned char *data, size_t dlen,
                               const unsigned char *sig, size_t slen,
                               aor_error_t *err)
{
    EVP_PKEY *pkey = aor_key_pkey(key);
    size_t modulus_len = (size_t)EVP_PKEY_get_size(pkey);

    if (slen != modulus_len)
        return aor_error_set(err, AOR_E_SIGNATURE, "%s signature of %zu "
                             "bytes, expected %zu", info->name, slen,
                             modulus_len);
    return evp_verify(key, info, data, dlen, sig, slen, err);
}

/* 1 when the big-endian number v[0..len) is in [1, order). */
static int ec_scalar_in_range(const unsigned char *v, size_t len,
                              const unsigned char *order)
{
    size_t i;
    unsigned char any = 0;

    for (i = 0; i < len; i++)
        any |= v[i];
    return any != 0 && memcmp(v, order, len) < 0;
}

/* Largest coordinate (P-521) and the DER of a signature on that curve. */
#define EC_COORD_MAX 66
#define ECDSA_DER_MAX (3 + 2 * (2 + 1 + EC_COORD_MAX))

/*
 * The DER INTEGER of the big-endian v[0..len), v not zero: leading zero
 * bytes dropped, a zero byte put back when the top bit is set.  len is at
 * most EC_COORD_MAX, so the length fits the short form.
 */
static size_t der_integer(unsigned char *out, const unsigned char *v,
                          size_t len)
{
    size_t n = 0;

    while (len > 1 && v[0] == 0) {
        v++;
        len--;
    }
    out[n++] = 0x02;
    out[n++] = (unsigned char)(len + (v[0] >> 7));
    if (v[0] & 0x80)
        out[n++] = 0x00;
    memcpy(out + n, v, len);
    return n + len;
}

/* DER SEQUENCE { r, s } of raw R||S into der[ECDSA_DER_MAX]; its length. */
static size_t ecdsa_raw_to_der(const unsigned char *sig, size_t coord,
                               unsigned char *der)
{
    unsigned char body[ECDSA_DER_MAX];
    size_t len, n = 0;

    len = der_integer(body, sig, coord);
    len += der_integer(body + len, sig + coord, coord);
    der[n++] = 0x30;
    if (len >= 0x80)
        der[n++] = 0x81;
    der[n++] = (unsigned char)len;
    memcpy(der + n, body, len);
    return n + len;
}

static aor_status_t ecdsa_verify(const aor_key_t *key,
                                 const aor_alg_info_t *info,
                                 const unsigned char *data, size_t dlen,
                                 const unsigned char *sig, size_t slen,
                                 aor_error_t *err)
{
    size_t coord = aor_curve_coord_len(info->curve), der_len;
    const unsigned char *order = aor_curve_order(info->curve);
    unsigned char der[ECDSA_DER_MAX];

    if (coord == 0 || coord > EC_COORD_MAX)
        return aor_error_set(err, AOR_E_INTERNAL, "%s: no curve",
                             info->name);
    if (slen != 2 * coord)
        return aor_error_set(err, AOR_E_SIGNATURE, "%s signature of %zu "
                             "bytes, expected raw R||S of %zu", info->name,
                             slen, 2 * coord);
    if (!ec_scalar_in_range(sig, coord, order)
        || !ec_scalar_in_range(sig + coord, coord, order))
        return aor_error_set(err, AOR_E_SIGNATURE, "%s signature with R or "
                             "S out of range", info->name);
    der_len = ecdsa_raw_to_der(sig, coord, der);
    return evp_verify(key, info, data, dlen, der, der_len, err);
}

/*
 * Ed25519 with libsodium, never with OpenSSL: RFC 8032 verification that
 * also refuses a non-canonical S, a small-order or non-canonical public
 * key and a small-order R.  (OpenSSL 3.0 accepts R = neutral, S = 0 for
 * any message under the neutral-element key: test_sig.)  libsodium was
 * initialised when the key was loaded (aor_key).
 */
static aor_status_t ed25519_verify(const aor_key_t *key,
                                   const unsigned char *data, size_t dlen,
                                   const unsigned char *sig,
                                   aor_error_t *err)
{
    if (crypto_sign_ed25519_verify_detached(sig, data, dlen,
                                            aor_key_ed25519(key)) != 0)
        return aor_error_set(err, AOR_E_SIGNATURE, "EdDSA (Ed25519) "
                             "signature does not verify");
    return AOR_OK;
}

static aor_status_t eddsa_verify(const aor_key_t *key,
                                 const aor_alg_info_t *info,
                                 const unsigned char *data, size_t dlen,
                                 const unsigned char *sig, size_t slen,
                                 aor_error_t *err)
{
    size_t expect = aor_key_curve(key) == AOR_CURVE_ED25519 ? 64 : 114;

    if (slen != expect)
        return aor_error_set(err, AOR_E_SIGNATURE, "EdDSA (%s) signature of "
                             "%zu bytes, expected %zu",
                             aor_curve_name(aor_key_curve(key)), slen, expect);
    if (aor_key_curve(key) == AOR_CURVE_ED25519)
        return ed25519_verify(key, data, dlen, sig, err);
    return evp_verify(key, info, data, dlen, sig, slen, err);
}

aor_status_t aor_sig_verify(const aor_key_t *key, aor_alg_t alg,
                            const unsigned char *data, size_t dlen,
                            const unsigned char *sig, size_t slen,
                            aor_error_t *err)
{
    const aor_alg_info_t *info;

    if (!aor_key_fits(key, alg))
        return aor_error_set(err, AOR_E_INTERNAL, "key does not fit alg");
    info = aor_alg_info(alg);
    switch (info->family) {
    case AOR_FAMILY_HMAC:
        return hmac_verify(key, info, data, dlen, sig, slen, err);
    case AOR_FAMILY_RSA_PKCS1:
    case AOR_FAMILY_RSA_PSS:
        return rsa_verify(key, info, data, dlen, sig, slen, err);
    case AOR_FAMILY_ECDSA:
        return ecdsa_verify(key, info, data, dlen, sig, slen, err);
    case AOR_FAMILY_EDDSA:
        return eddsa_verify(key, info, data, dlen, sig, slen, err);
    }
    return aor_error_set(err, AOR_E_INTERNAL, "unknown algorithm family");
}

aor_sig_prep_t *aor_sig_prepare(const aor_key_t *key, aor_alg_t alg)
{
    const aor_alg_info_t *info = aor_alg_info(alg);
    aor_sig_prep_t *prep;
    OSSL_PARAM params[2];
    EVP_MAC *hmac;
    const unsigned char *secret;
    size_t len;

    if (aor_key_ed25519(key) != NULL)
        return NULL;        /* libsodium verifies with the key's bytes */
    if ((prep = calloc(1, sizeof(*prep))) == NULL)
        return NULL;
    if (info->family == AOR_FAMILY_HMAC) {
        hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
        prep->mac = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
        EVP_MAC_free(hmac);
        secret = aor_key_secret(key, &len);
        params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                     (char *)info->digest, 0);
        params[1] = OSSL_PARAM_construct_end();
        if (prep->mac == NULL
            || !EVP_MAC_init(prep->mac, secret, len, params)) {
            aor_sig_prep_free(prep);
            prep = NULL;
        }
    }
    else if (info->family == AOR_FAMILY_EDDSA) {
        if ((prep->md = verify_init(aor_key_pkey(key), info)) == NULL) {
            aor_sig_prep_free(prep);
            prep = NULL;
        }
    }
    else if ((prep->digest = EVP_MD_fetch(NULL, info->digest, NULL)) == NULL
             || (prep->pkey = hash_verify_init(aor_key_pkey(key), info,
                                               prep->digest)) == NULL) {
        aor_sig_prep_free(prep);
        prep = NULL;
    }
    ERR_clear_error();
    return prep;
}

void aor_sig_prep_free(aor_sig_prep_t *prep)
{
    if (prep == NULL)
        return;
    EVP_MD_free(prep->digest);
    EVP_PKEY_CTX_free(prep->pkey);
    EVP_MD_CTX_free(prep->md);
    EVP_MAC_CTX_free(prep->mac);
    free(prep);
}
