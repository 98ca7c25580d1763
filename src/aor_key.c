/*
 * aor_key.c - verification keys: loading from PEM, secrets and EVP_PKEYs,
 * classification, and the key/algorithm binding.
 *
 * Owns the rule that a key's type is decided when the key is built, from
 * the key material alone.  Must not look at tokens.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <sodium.h>

#include "aor_key.h"
#include "aor_sig.h"

struct aor_key {
    aor_kty_t kty;
    aor_curve_t curve;
    int bits;
    EVP_PKEY *pkey;             /* RSA, EC, OKP                  */
    unsigned char *secret;      /* oct                           */
    size_t secret_len;
    char *kid;                  /* NULL: no kid                  */
    aor_alg_t alg;              /* AOR_ALG_COUNT: no restriction */
    uint64_t fingerprint;       /* of the key material           */
    unsigned char ed25519[crypto_core_ed25519_BYTES]; /* Ed25519: raw */
    aor_sig_prep_t *prep[AOR_ALG_COUNT];  /* per fitting algorithm   */
};

/* Prepare the verification contexts of every algorithm the key fits. */
static void key_prepare(aor_key_t *key)
{
    int a;

    for (a = 0; a < AOR_ALG_COUNT; a++) {
        if (aor_key_fits(key, (aor_alg_t)a))
            key->prep[a] = aor_sig_prepare(key, (aor_alg_t)a);
    }
}

/* The first 8 bytes of SHA-256 over tag and data, as a number. */
static uint64_t fingerprint_of(const char *tag, const unsigned char *data,
                               size_t len)
{
    unsigned char md[32];
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    uint64_t fp = 0;
    unsigned int i, mdlen = 0;

    if (ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)
        && EVP_DigestUpdate(ctx, tag, strlen(tag) + 1)
        && EVP_DigestUpdate(ctx, data, len)
        && EVP_DigestFinal_ex(ctx, md, &mdlen)) {
        for (i = 0; i < 8; i++)
            fp = (fp << 8) | md[i];
    }
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return fp;
}

static aor_key_t *key_alloc(aor_kty_t kty)
{
    aor_key_t *key = calloc(1, sizeof(*key));

    if (key != NULL) {
        key->kty = kty;
        key->alg = AOR_ALG_COUNT;
    }
    return key;
}

void aor_key_free(aor_key_t *key)
{
    int a;

    if (key == NULL)
        return;
    for (a = 0; a < AOR_ALG_COUNT; a++)
        aor_sig_prep_free(key->prep[a]);
    EVP_PKEY_free(key->pkey);
    if (key->secret != NULL)
        OPENSSL_clear_free(key->secret, key->secret_len);
    free(key->kid);
    free(key);
}

aor_status_t aor_key_from_secret(const unsigned char *secret, size_t len,
                                 aor_key_t **out, aor_error_t *err)
{
    aor_key_t *key;

    *out = NULL;
    if (len == 0)
        return aor_error_set(err, AOR_E_CONFIG, "the HMAC secret is empty");
    key = key_alloc(AOR_KTY_OCT);
    if (key == NULL || (key->secret = OPENSSL_malloc(len)) == NULL) {
        aor_key_free(key);
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    }
    memcpy(key->secret, secret, len);
    key->secret_len = len;
    key->bits = (int)(len * 8);
    key->fingerprint = fingerprint_of("oct", secret, len);
    key_prepare(key);
    *out = key;
    return AOR_OK;
}

/* Map an EC group name as OpenSSL reports it to a curve. */
static aor_curve_t ec_curve_of(EVP_PKEY *pkey)
{
    char name[64];

    if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME,
                                        name, sizeof(name), NULL))
        return AOR_CURVE_NONE;
    if (strcmp(name, "prime256v1") == 0 || strcmp(name, "P-256") == 0)
        return AOR_CURVE_P256;
    if (strcmp(name, "secp384r1") == 0 || strcmp(name, "P-384") == 0)
        return AOR_CURVE_P384;
    if (strcmp(name, "secp521r1") == 0 || strcmp(name, "P-521") == 0)
        return AOR_CURVE_P521;
    return AOR_CURVE_NONE;
}

/* Check that an EC public point is valid on its curve. */
static aor_status_t ec_check_point(EVP_PKEY *pkey, aor_error_t *err)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    int ok;

    if (ctx == NULL)
        return aor_error_ssl(err, AOR_E_NOMEM, "EVP_PKEY_CTX_new");
    ok = EVP_PKEY_public_check(ctx);
    EVP_PKEY_CTX_free(ctx);
    if (ok != 1)
        return aor_error_ssl(err, AOR_E_CONFIG,
                             "the EC public key is not a valid point");
    return AOR_OK;
}

/*
 * Keep the raw Ed25519 public key for libsodium, which verifies it
 * (aor_sig).  It must be a canonical point of the prime-order subgroup:
 * under a small-order key, R = neutral and S = 0 verify any message with
 * OpenSSL 3.0.
 */
static aor_status_t ed25519_load(aor_key_t *key, EVP_PKEY *pkey,
                                 aor_error_t *err)
{
    unsigned char *a = key->ed25519;
    size_t len = sizeof(key->ed25519);

    if (EVP_PKEY_get_raw_public_key(pkey, a, &len) != 1
        || len != sizeof(key->ed25519))
        return aor_error_ssl(err, AOR_E_CONFIG, "cannot read the Ed25519 "
                             "public key");
    if (sodium_init() < 0)
        return aor_error_set(err, AOR_E_INTERNAL, "libsodium does not "
                             "initialise");
    if (!crypto_core_ed25519_is_valid_point(a))
        return aor_error_set(err, AOR_E_CONFIG, "the Ed25519 public key is "
                             "not a canonical point of prime order "
                             "(small-order or invalid)");
    return AOR_OK;
}

/*
 * ROCA (CVE-2017-15361): moduli from the Infineon generator satisfy
 * n mod p in <65537> (the subgroup 65537 generates mod p) for each of
 * these primes; a random modulus fails that for some prime with
 * overwhelming probability.
 */
static const unsigned roca_primes[] = {
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
    73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149,
    151, 157, 163, 167
};

/* 1 when r is a power of 65537 modulo p. */
static int in_65537_subgroup(unsigned r, unsigned p)
{
    unsigned g = 65537 % p, x = 1;

    do {
        if (x == r)
            return 1;
        x = (x * g) % p;
    } while (x != 1);
    return 0;
}

static int rsa_has_roca_fingerprint(const BIGNUM *n)
{
    size_t i;

    for (i = 0; i < sizeof(roca_primes) / sizeof(roca_primes[0]); i++) {
        BN_ULONG r = BN_mod_word(n, roca_primes[i]);

        if (r == (BN_ULONG)-1 || !in_65537_subgroup((unsigned)r,
                                                    roca_primes[i]))
            return 0;
    }
    return 1;
}

/* The public exponent must be odd and at least 3; no ROCA modulus. */
static aor_status_t rsa_check(EVP_PKEY *pkey, int bits, aor_error_t *err)
{
    BIGNUM *n = NULL, *e = NULL;
    aor_status_t st = AOR_OK;

    if (bits < AOR_RSA_MIN_BITS)
        return aor_error_set(err, AOR_E_CONFIG, "RSA key of %d bits is below "
                             "the minimum of %d", bits, AOR_RSA_MIN_BITS);
    if (!EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n)
        || !EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e))
        st = aor_error_ssl(err, AOR_E_CONFIG, "cannot read the RSA key");
    else if (!BN_is_odd(e) || BN_is_one(e))
        st = aor_error_set(err, AOR_E_CONFIG, "RSA public exponent must be "
                           "odd and at least 3");
    else if (rsa_has_roca_fingerprint(n))
        st = aor_error_set(err, AOR_E_CONFIG, "RSA key has the ROCA "
                           "fingerprint (CVE-2017-15361): replace it");
    BN_free(n);
    BN_free(e);
    return st;
}

/* Decide type, curve and size of pkey into key, or refuse it. */
static aor_status_t key_classify(aor_key_t *key, EVP_PKEY *pkey,
                                 aor_error_t *err)
{
    key->bits = EVP_PKEY_get_bits(pkey);
    if (EVP_PKEY_is_a(pkey, "RSA")) {
        key->kty = AOR_KTY_RSA;
        return rsa_check(pkey, key->bits, err);
    }
    if (EVP_PKEY_is_a(pkey, "EC")) {
        key->kty = AOR_KTY_EC;
        key->curve = ec_curve_of(pkey);
        if (key->curve == AOR_CURVE_NONE)
            return aor_error_set(err, AOR_E_CONFIG, "EC key on a curve "
                                 "other than P-256, P-384 or P-521");
        return ec_check_point(pkey, err);
    }
    key->kty = AOR_KTY_OKP;
    if (EVP_PKEY_is_a(pkey, "ED25519")) {
        key->curve = AOR_CURVE_ED25519;
        return ed25519_load(key, pkey, err);
    }
    if (EVP_PKEY_is_a(pkey, "ED448")) {
        key->curve = AOR_CURVE_ED448;
        return AOR_OK;
    }
    return aor_error_set(err, AOR_E_CONFIG, "unsupported key type %s "
                         "(RSA, EC, Ed25519 or Ed448 expected)",
                         EVP_PKEY_get0_type_name(pkey));
}

aor_status_t aor_key_from_pkey(EVP_PKEY *pkey, aor_key_t **out,
                               aor_error_t *err)
{
    aor_key_t *key = key_alloc(AOR_KTY_RSA);
    unsigned char *der = NULL;
    size_t der_len = 0;
    aor_status_t st;

    *out = NULL;
    if (key == NULL) {
        EVP_PKEY_free(pkey);
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    }
    key->pkey = pkey;
    st = key_classify(key, pkey, err);
    if (st == AOR_OK)
        st = aor_key_material(key, &der, &der_len, err);
    if (st != AOR_OK) {
        aor_key_free(key);
        return st;
    }
    key->fingerprint = fingerprint_of("spki", der, der_len);
    free(der);
    key_prepare(key);
    *out = key;
    return AOR_OK;
}

/* The label of the first PEM block ("PUBLIC KEY", "CERTIFICATE", ...). */
static int pem_label(const char *pem, size_t len, char *label, size_t max)
{
    static const char begin[] = "-----BEGIN ";
    const char *p, *end = pem + len, *stop;

    for (p = pem; p + sizeof(begin) - 1 <= end; p++) {
        if (memcmp(p, begin, sizeof(begin) - 1) == 0)
            break;
    }
    if (p + sizeof(begin) - 1 > end)
        return -1;
    p += sizeof(begin) - 1;
    for (stop = p; stop < end && *stop != '-' && *stop != '\n'; stop++)
        ;
    if (stop == end || *stop != '-' || (size_t)(stop - p) >= max)
        return -1;
    memcpy(label, p, (size_t)(stop - p));
    label[stop - p] = '\0';
    return 0;
}

static aor_status_t pem_certificate_key(const char *pem, size_t len,
                                        EVP_PKEY **pkey, aor_error_t *err)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    X509 *cert = NULL;

    if (bio == NULL)
        return aor_error_ssl(err, AOR_E_NOMEM, "BIO_new_mem_buf");
    cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (cert == NULL)
        return aor_error_ssl(err, AOR_E_CONFIG, "cannot parse certificate");
    *pkey = X509_get_pubkey(cert);
    X509_free(cert);
    if (*pkey == NULL)
        return aor_error_ssl(err, AOR_E_CONFIG,
                             "cannot read the certificate's public key");
    return AOR_OK;
}

static aor_status_t pem_public_key(const char *pem, size_t len,
                                   EVP_PKEY **pkey, aor_error_t *err)
{
    OSSL_DECODER_CTX *dctx;
    const unsigned char *data = (const unsigned char *)pem;
    size_t left = len;
    int ok;

    dctx = OSSL_DECODER_CTX_new_for_pkey(pkey, "PEM", NULL, NULL,
                                         EVP_PKEY_PUBLIC_KEY, NULL, NULL);
    if (dctx == NULL)
        return aor_error_ssl(err, AOR_E_NOMEM, "OSSL_DECODER_CTX_new");
    ok = OSSL_DECODER_from_data(dctx, &data, &left);
    OSSL_DECODER_CTX_free(dctx);
    if (!ok || *pkey == NULL)
        return aor_error_ssl(err, AOR_E_CONFIG, "cannot parse public key");
    return AOR_OK;
}

aor_status_t aor_key_from_pem(const char *pem, size_t len, aor_key_t **out,
                              aor_error_t *err)
{
    char label[64];
    EVP_PKEY *pkey = NULL;
    aor_status_t st;

    *out = NULL;
    if (pem_label(pem, len, label, sizeof(label)) != 0)
        return aor_error_set(err, AOR_E_CONFIG, "no PEM block found");
    if (strstr(label, "PRIVATE KEY") != NULL)
        return aor_error_set(err, AOR_E_CONFIG, "a private key (%s) was "
                             "given; configure the public key or a "
                             "certificate", label);
    if (strcmp(label, "CERTIFICATE") == 0)
        st = pem_certificate_key(pem, len, &pkey, err);
    else if (strcmp(label, "PUBLIC KEY") == 0
             || strcmp(label, "RSA PUBLIC KEY") == 0)
        st = pem_public_key(pem, len, &pkey, err);
    else
        return aor_error_set(err, AOR_E_CONFIG, "unsupported PEM block "
                             "'%s' (PUBLIC KEY or CERTIFICATE expected)",
                             label);
    if (st != AOR_OK)
        return st;
    return aor_key_from_pkey(pkey, out, err);
}

aor_status_t aor_key_set_kid(aor_key_t *key, const char *kid)
{
    char *copy = strdup(kid);

    if (copy == NULL)
        return AOR_E_NOMEM;
    free(key->kid);
    key->kid = copy;
    return AOR_OK;
}

void aor_key_set_alg(aor_key_t *key, aor_alg_t alg)
{
    key->alg = alg;
}

aor_kty_t aor_key_type(const aor_key_t *key)
{
    return key->kty;
}

aor_curve_t aor_key_curve(const aor_key_t *key)
{
    return key->curve;
}

const char *aor_key_kid(const aor_key_t *key)
{
    return key->kid;
}

aor_alg_t aor_key_alg(const aor_key_t *key)
{
    return key->alg;
}

int aor_key_bits(const aor_key_t *key)
{
    return key->bits;
}

EVP_PKEY *aor_key_pkey(const aor_key_t *key)
{
    return key->pkey;
}

const unsigned char *aor_key_ed25519(const aor_key_t *key)
{
    return key->curve == AOR_CURVE_ED25519 ? key->ed25519 : NULL;
}

const unsigned char *aor_key_secret(const aor_key_t *key, size_t *len)
{
    *len = key->secret_len;
    return key->secret;
}

int aor_key_fits(const aor_key_t *key, aor_alg_t alg)
{
    const aor_alg_info_t *info;

    if (alg >= AOR_ALG_COUNT)
        return 0;
    if (key->alg != AOR_ALG_COUNT && key->alg != alg)
        return 0;
    info = aor_alg_info(alg);
    switch (info->family) {
    case AOR_FAMILY_HMAC:
        return key->kty == AOR_KTY_OCT && key->secret_len >= info->hash_len;
    case AOR_FAMILY_RSA_PKCS1:
    case AOR_FAMILY_RSA_PSS:
        return key->kty == AOR_KTY_RSA;
    case AOR_FAMILY_ECDSA:
        return key->kty == AOR_KTY_EC && key->curve == info->curve;
    case AOR_FAMILY_EDDSA:
        return key->kty == AOR_KTY_OKP;
    }
    return 0;
}

aor_status_t aor_key_material(const aor_key_t *key, unsigned char **out,
                              size_t *len, aor_error_t *err)
{
    unsigned char *der = NULL;
    int n;

    *out = NULL;
    if (key->kty == AOR_KTY_OCT) {
        *out = malloc(key->secret_len ? key->secret_len : 1);
        if (*out == NULL)
            return aor_error_set(err, AOR_E_NOMEM, "out of memory");
        memcpy(*out, key->secret, key->secret_len);
        *len = key->secret_len;
        return AOR_OK;
    }
    n = i2d_PUBKEY(key->pkey, &der);
    if (n <= 0)
        return aor_error_ssl(err, AOR_E_INTERNAL, "cannot encode the key");
    *out = malloc((size_t)n);
    if (*out != NULL)
        memcpy(*out, der, (size_t)n);
    OPENSSL_free(der);
    if (*out == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    *len = (size_t)n;
    return AOR_OK;
}

const aor_sig_prep_t *aor_key_prep(const aor_key_t *key, aor_alg_t alg)
{
    return alg < AOR_ALG_COUNT ? key->prep[alg] : NULL;
}

uint64_t aor_key_fingerprint(const aor_key_t *key)
{
    return key->fingerprint;
}

int aor_key_secret_equals(const aor_key_t *key, const unsigned char *v,
                          size_t len)
{
    unsigned char a[32], b[32];
    size_t alen = 0, blen = 0;
    int same;

    if (key->kty != AOR_KTY_OCT
        || !EVP_Q_digest(NULL, "SHA256", NULL, key->secret, key->secret_len,
                         a, &alen)
        || !EVP_Q_digest(NULL, "SHA256", NULL, v, len, b, &blen)) {
        ERR_clear_error();
        return 0;
    }
    same = CRYPTO_memcmp(a, b, sizeof(a)) == 0;
    OPENSSL_cleanse(a, sizeof(a));
    OPENSSL_cleanse(b, sizeof(b));
    return same;
}

const char *aor_key_describe(const aor_key_t *key, char *buf, size_t len)
{
    switch (key->kty) {
    case AOR_KTY_OCT:
        snprintf(buf, len, "HMAC secret of %d bits", key->bits);
        break;
    case AOR_KTY_RSA:
        snprintf(buf, len, "RSA %d", key->bits);
        break;
    case AOR_KTY_EC:
    case AOR_KTY_OKP:
        snprintf(buf, len, "%s %s", key->kty == AOR_KTY_EC ? "EC" : "OKP",
                 aor_curve_name(key->curve));
        break;
    }
    return buf;
}
