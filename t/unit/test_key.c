/*
 * test_key.c - aor_key: loading PEM public keys, certificates and
 * secrets, refusing what must not be used, and the key/alg binding.
 */
#include <openssl/x509.h>

#include "aor_key.h"
#include "jws_signer.h"
#include "tap.h"

/* Load pem into a key; returns the status, *out owned by the caller. */
static aor_status_t load(const char *pem, aor_key_t **out, aor_error_t *err)
{
    return aor_key_from_pem(pem, strlen(pem), out, err);
}

/* A self-signed PEM certificate for pkey (validity already over). */
static char *certificate_pem(EVP_PKEY *pkey)
{
    X509 *x = X509_new();
    X509_NAME *name = X509_get_subject_name(x);
    BIO *bio = BIO_new(BIO_s_mem());

    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -7200);
    X509_gmtime_adj(X509_getm_notAfter(x), -3600);   /* expired */
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               (const unsigned char *)"test", -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509_set_pubkey(x, pkey);
    /* EdDSA signs without a separate digest */
    X509_sign(x, pkey, EVP_PKEY_is_a(pkey, "EC") || EVP_PKEY_is_a(pkey, "RSA")
              ? EVP_sha256() : NULL);
    PEM_write_bio_X509(bio, x);
    X509_free(x);
    return signer_bio_text(bio);
}

typedef struct {
    const char *name;
    const char *type;
    const char *curve;
    size_t bits;
    aor_kty_t kty;
    aor_curve_t want_curve;
} keytype_case_t;

static const keytype_case_t keytypes[] = {
    { "RSA 2048",  "RSA",     NULL,         2048, AOR_KTY_RSA,
      AOR_CURVE_NONE },
    { "EC P-256",  "EC",      "P-256",      0,    AOR_KTY_EC,
      AOR_CURVE_P256 },
    { "EC P-384",  "EC",      "P-384",      0,    AOR_KTY_EC,
      AOR_CURVE_P384 },
    { "EC P-521",  "EC",      "P-521",      0,    AOR_KTY_EC,
      AOR_CURVE_P521 },
    { "Ed25519",   "ED25519", NULL,         0,    AOR_KTY_OKP,
      AOR_CURVE_ED25519 },
    { "Ed448",     "ED448",   NULL,         0,    AOR_KTY_OKP,
      AOR_CURVE_ED448 },
};

static void test_public_keys(void)
{
    size_t i;

    for (i = 0; i < sizeof(keytypes) / sizeof(keytypes[0]); i++) {
        const keytype_case_t *c = &keytypes[i];
        EVP_PKEY *pkey = signer_keygen(c->type, c->curve, c->bits);
        char *pem = signer_public_pem(pkey), *cert = certificate_pem(pkey);
        aor_key_t *key = NULL;
        aor_error_t err;

        is_int(load(pem, &key, &err), AOR_OK, "%s public key loads", c->name);
        is_int(key ? (int)aor_key_type(key) : -1, c->kty, "%s type", c->name);
        is_int(key ? (int)aor_key_curve(key) : -1, c->want_curve, "%s curve",
               c->name);
        ok(key && aor_key_pkey(key) != NULL, "%s has an EVP_PKEY", c->name);
        aor_key_free(key);
        key = NULL;
        /* certificates: the public key is used, expiry is not checked */
        is_int(load(cert, &key, &err), AOR_OK,
               "%s expired certificate loads", c->name);
        is_int(key ? (int)aor_key_type(key) : -1, c->kty, "%s certificate type",
               c->name);
        aor_key_free(key);
        free(pem);
        free(cert);
        EVP_PKEY_free(pkey);
    }
}

static void test_refusals(void)
{
    EVP_PKEY *small = signer_keygen("RSA", NULL, 1024);
    EVP_PKEY *k1 = signer_keygen("EC", "secp256k1", 0);
    EVP_PKEY *x25519 = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
    char *pem;
    aor_key_t *key = NULL;
    aor_error_t err;

    /* rsa-1024: below the RFC 8725 / SPEC minimum of 2048 bits */
    pem = signer_public_pem(small);
    is_int(load(pem, &key, &err), AOR_E_CONFIG, "rsa-1024 refused");
    ok(key == NULL, "rsa-1024: no key returned");
    ok(strstr(err.text, "1024") != NULL, "rsa-1024: message names the size "
       "(%s)", err.text);
    free(pem);
    /* private-key-pem: a private key has no business on the gateway */
    pem = signer_private_pem(small);
    is_int(load(pem, &key, &err), AOR_E_CONFIG, "private key PEM refused");
    ok(strstr(err.text, "private key") != NULL, "private key: says so (%s)",
       err.text);
    free(pem);
    /* secp256k1-key: no JOSE algorithm of ours is defined on it */
    pem = signer_public_pem(k1);
    is_int(load(pem, &key, &err), AOR_E_CONFIG, "secp256k1 refused");
    free(pem);
    /* x25519-key: a key-agreement key is not a signature key */
    pem = signer_public_pem(x25519);
    is_int(load(pem, &key, &err), AOR_E_CONFIG, "X25519 refused");
    free(pem);
    is_int(load("hello", &key, &err), AOR_E_CONFIG, "not PEM refused");
    is_int(load("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                &key, &err), AOR_E_CONFIG, "corrupt PEM body refused");
    is_int(load("-----BEGIN DH PARAMETERS-----\nAAAA\n"
                "-----END DH PARAMETERS-----\n", &key, &err), AOR_E_CONFIG,
           "unsupported PEM block refused");
    is_int(aor_key_from_secret((const unsigned char *)"", 0, &key, &err),
           AOR_E_CONFIG, "empty secret refused");
    EVP_PKEY_free(small);
    EVP_PKEY_free(k1);
    EVP_PKEY_free(x25519);
}

/* fits[alg] for one key, as a string of 0/1 in aor_alg_t order */
static void fits_row(const aor_key_t *key, char *row)
{
    int a;

    for (a = 0; a < AOR_ALG_COUNT; a++)
        row[a] = aor_key_fits(key, (aor_alg_t)a) ? '1' : '0';
    row[AOR_ALG_COUNT] = '\0';
}

static void test_fits(void)
{
    /*                    HS256..512 RS256..512 PS256..512 ES256..512 EdDSA */
    static const struct { const char *name, *type, *curve; const char *row; }
    rows[] = {
        { "RSA",     "RSA",     NULL,    "000" "111" "111" "000" "0" },
        { "P-256",   "EC",      "P-256", "000" "000" "000" "100" "0" },
        { "P-384",   "EC",      "P-384", "000" "000" "000" "010" "0" },
        { "P-521",   "EC",      "P-521", "000" "000" "000" "001" "0" },
        { "Ed25519", "ED25519", NULL,    "000" "000" "000" "000" "1" },
    };
    unsigned char secret[64];
    char row[AOR_ALG_COUNT + 1];
    aor_key_t *key = NULL;
    aor_error_t err;
    size_t i;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        EVP_PKEY *pkey = signer_keygen(rows[i].type, rows[i].curve, 2048);

        is_int(aor_key_from_pkey(pkey, &key, &err), AOR_OK, "%s from pkey",
               rows[i].name);
        fits_row(key, row);
        is_str(row, rows[i].row, "%s fits exactly its algorithms",
               rows[i].name);
        aor_key_free(key);
    }
    memset(secret, 'k', sizeof(secret));
    /* short-hmac-secret: a 32-byte secret is too short for HS384/HS512 */
    aor_key_from_secret(secret, 32, &key, &err);
    fits_row(key, row);
    is_str(row, "100" "000" "000" "000" "0", "32-byte secret: HS256 only");
    aor_key_free(key);
    aor_key_from_secret(secret, 64, &key, &err);
    fits_row(key, row);
    is_str(row, "111" "000" "000" "000" "0", "64-byte secret: HS*");
    /* jwk-alg: a key restricted by its JWK "alg" fits that alg only */
    aor_key_set_alg(key, AOR_ALG_HS384);
    fits_row(key, row);
    is_str(row, "010" "000" "000" "000" "0", "alg restriction honoured");
    is_int(aor_key_set_kid(key, "k1"), AOR_OK, "kid set");
    is_str(aor_key_kid(key), "k1", "kid kept");
    is_int(aor_key_bits(key), 512, "secret bits");
    aor_key_free(key);
    aor_key_free(NULL);
    ok(1, "aor_key_free(NULL) is a no-op");
}

int main(void)
{
    test_public_keys();
    test_refusals();
    test_fits();
    return tap_done();
}
