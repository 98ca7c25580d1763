/*
 * test_jwk.c - aor_jwk: JWK members to keys, the usability rules (use,
 * key_ops, alg, kid) and the whole-set rules of a JWKS.
 */
#include <openssl/core_names.h>

#include "aor_jwk.h"
#include "jws_signer.h"
#include "tap.h"

/* A public JWK of pkey with extra members (a JSON fragment or ""). */
static char *jwk_of(EVP_PKEY *pkey, const char *extra)
{
    char *out = malloc(4096), *x, *y;
    unsigned char buf[1024];
    size_t len = 0;
    BIGNUM *n = NULL, *e = NULL;

    if (EVP_PKEY_is_a(pkey, "RSA")) {
        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n);
        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e);
        len = (size_t)BN_bn2bin(n, buf);
        x = signer_b64(buf, len);
        len = (size_t)BN_bn2bin(e, buf);
        y = signer_b64(buf, len);
        snprintf(out, 4096, "{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"%s\"%s}",
                 x, y, extra);
        BN_free(n);
        BN_free(e);
    }
    else if (EVP_PKEY_is_a(pkey, "EC")) {
        EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, buf,
                                        sizeof(buf), &len);
        x = signer_b64(buf + 1, (len - 1) / 2);
        y = signer_b64(buf + 1 + (len - 1) / 2, (len - 1) / 2);
        snprintf(out, 4096, "{\"kty\":\"EC\",\"crv\":\"%s\",\"x\":\"%s\","
                 "\"y\":\"%s\"%s}", len == 65 ? "P-256" : len == 97
                 ? "P-384" : "P-521", x, y, extra);
    }
    else {
        len = sizeof(buf);
        EVP_PKEY_get_raw_public_key(pkey, buf, &len);
        x = signer_b64(buf, len);
        y = signer_b64("", 0);
        snprintf(out, 4096, "{\"kty\":\"OKP\",\"crv\":\"%s\",\"x\":\"%s\"%s}",
                 len == 32 ? "Ed25519" : "Ed448", x, extra);
    }
    free(x);
    free(y);
    return out;
}

static aor_status_t to_key(const char *text, aor_key_t **key)
{
    json_t *jwk = json_loads(text, 0, NULL);
    aor_error_t err;
    aor_status_t st;

    st = aor_jwk_to_key(jwk, key, &err);
    json_decref(jwk);
    return st;
}

static void test_key_types(void)
{
    static const struct { const char *type, *curve; aor_kty_t kty; } c[] = {
        { "RSA", NULL, AOR_KTY_RSA },       { "EC", "P-256", AOR_KTY_EC },
        { "EC", "P-384", AOR_KTY_EC },      { "EC", "P-521", AOR_KTY_EC },
        { "ED25519", NULL, AOR_KTY_OKP },   { "ED448", NULL, AOR_KTY_OKP },
    };
    size_t i;

    for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        EVP_PKEY *pkey = signer_keygen(c[i].type, c[i].curve, 2048);
        char *text = jwk_of(pkey, ",\"kid\":\"k\",\"use\":\"sig\"");
        aor_key_t *key = NULL;

        is_int(to_key(text, &key), AOR_OK, "%s %s JWK", c[i].type,
               c[i].curve ? c[i].curve : "");
        is_int(key ? (int)aor_key_type(key) : -1, c[i].kty, "%s type",
               c[i].type);
        is_str(key ? aor_key_kid(key) : NULL, "k", "%s kid", c[i].type);
        aor_key_free(key);
        free(text);
        EVP_PKEY_free(pkey);
    }
}

static void test_member_rules(void)
{
    EVP_PKEY *ec = signer_keygen("EC", "P-256", 0);
    static const struct { const char *name, *extra; aor_status_t st; } c[] = {
        { "use sig",               ",\"use\":\"sig\"",            AOR_OK },
        /* use-enc: an encryption key never verifies */
        { "use enc",               ",\"use\":\"enc\"",            AOR_E_CONFIG },
        { "key_ops verify",        ",\"key_ops\":[\"verify\"]",   AOR_OK },
        { "key_ops sign only",     ",\"key_ops\":[\"sign\"]",     AOR_E_CONFIG },
        { "key_ops not an array",  ",\"key_ops\":\"verify\"",     AOR_E_CONFIG },
        { "alg ES256",             ",\"alg\":\"ES256\"",          AOR_OK },
        /* alg-curve-mismatch: ES384 is defined on P-384 only */
        { "alg ES384 on P-256",    ",\"alg\":\"ES384\"",          AOR_E_CONFIG },
        { "alg RS256 on EC",       ",\"alg\":\"RS256\"",          AOR_E_CONFIG },
        { "alg ES521 (not JOSE)",  ",\"alg\":\"ES521\"",          AOR_E_CONFIG },
        { "alg none",              ",\"alg\":\"none\"",           AOR_E_CONFIG },
        { "numeric kid",           ",\"kid\":1",                  AOR_E_CONFIG },
    };
    aor_key_t *key;
    size_t i;

    for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        char *text = jwk_of(ec, c[i].extra);

        key = NULL;
        is_int(to_key(text, &key), c[i].st, "%s", c[i].name);
        aor_key_free(key);
        free(text);
    }
    key = NULL;
    /* jwk alg binds the key to that one algorithm */
    {
        char *text = jwk_of(ec, ",\"alg\":\"ES256\"");

        to_key(text, &key);
        is_int(aor_key_alg(key), AOR_ALG_ES256, "alg restriction recorded");
        aor_key_free(key);
        free(text);
    }
    EVP_PKEY_free(ec);
}

static void test_bad_material(void)
{
    static const struct { const char *name, *jwk; } c[] = {
        { "no kty", "{\"k\":\"AAAA\"}" },
        { "unknown kty", "{\"kty\":\"DSA\"}" },
        { "RSA without e", "{\"kty\":\"RSA\",\"n\":\"AQAB\"}" },
        /* rsa-exponent-1: s^1 = m, every signature forgeable */
        { "RSA e=1", "{\"kty\":\"RSA\",\"n\":\"" "AQ" "\",\"e\":\"AQ\"}" },
        /* ec-short-coordinate: RFC 7518 6.2.1.2 full-length coordinates */
        { "EC short x", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\","
          "\"y\":\"AAAA\"}" },
        { "EC unknown curve", "{\"kty\":\"EC\",\"crv\":\"P-192\",\"x\":\"A\","
          "\"y\":\"A\"}" },
        { "OKP X25519", "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":"
          "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}" },
        { "OKP short x", "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}" },
        /* small-order-key: the neutral element, every token would verify */
        { "OKP small-order x", "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":"
          "\"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}" },
        { "oct empty k", "{\"kty\":\"oct\",\"k\":\"\"}" },
        { "oct padded k", "{\"kty\":\"oct\",\"k\":\"AAAA==\"}" },
        { "not an object", "[]" },
    };
    aor_key_t *key;
    size_t i;

    for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        key = NULL;
        is_int(to_key(c[i].jwk, &key), AOR_E_CONFIG, "%s refused", c[i].name);
        ok(key == NULL, "%s: no key", c[i].name);
    }
}

/* Point not on the curve: a valid P-256 point with y changed. */
static void test_invalid_point(void)
{
    EVP_PKEY *ec = signer_keygen("EC", "P-256", 0);
    char *text = jwk_of(ec, ""), *y = strstr(text, "\"y\":\"") + 5;
    aor_key_t *key = NULL;

    y[3] = y[3] == 'A' ? 'B' : 'A';
    /* invalid-curve attack: an off-curve point must never be loaded */
    is_int(to_key(text, &key), AOR_E_CONFIG, "point off the curve refused");
    aor_key_free(key);
    free(text);
    EVP_PKEY_free(ec);
}

typedef struct {
    int calls;
    char last[200];
} skips_t;

static void on_skip(void *ctx, size_t index, const char *kid,
                    const char *reason)
{
    skips_t *s = ctx;

    s->calls++;
    snprintf(s->last, sizeof(s->last), "%zu %s %s", index, kid ? kid : "-",
             reason);
}

static aor_status_t load(const char *text, size_t *added, skips_t *skips)
{
    aor_keyset_t *ks = aor_keyset_new();
    aor_error_t err;
    aor_status_t st;

    memset(skips, 0, sizeof(*skips));
    st = aor_jwks_load(text, strlen(text), ks, on_skip, skips, added, &err);
    is_int(aor_keyset_count(ks), st == AOR_OK ? *added : 0,
           "key set holds exactly the added keys");
    aor_keyset_free(ks);
    return st;
}

static void test_jwks(void)
{
    EVP_PKEY *a = signer_keygen("EC", "P-256", 0);
    EVP_PKEY *b = signer_keygen("ED25519", NULL, 0);
    char *ja = jwk_of(a, ",\"kid\":\"a\""), *jb = jwk_of(b, ",\"kid\":\"b\"");
    char *enc = jwk_of(b, ",\"kid\":\"e\",\"use\":\"enc\"");
    char *dup = jwk_of(b, ",\"kid\":\"a\"");
    char *priv = jwk_of(a, ",\"kid\":\"p\",\"d\":\"AAAA\"");
    char text[16384];
    skips_t skips;
    size_t added = 0;

    snprintf(text, sizeof(text), "{\"keys\":[%s,%s]}", ja, jb);
    is_int(load(text, &added, &skips), AOR_OK, "two keys");
    is_int(added, 2, "both added");
    snprintf(text, sizeof(text), "{\"keys\":[%s,%s]}", ja, enc);
    is_int(load(text, &added, &skips), AOR_OK, "an enc key is skipped");
    is_int(added, 1, "one added");
    is_int(skips.calls, 1, "one skip reported");
    is_str(skips.last, "1 e \"use\" is not \"sig\"", "skip names index, kid "
           "and reason");
    snprintf(text, sizeof(text), "{\"keys\":[%s]}", enc);
    is_int(load(text, &added, &skips), AOR_E_CONFIG, "no usable key");
    /* duplicate-kid: which of the two would a token's kid mean? */
    snprintf(text, sizeof(text), "{\"keys\":[%s,%s]}", ja, dup);
    is_int(load(text, &added, &skips), AOR_E_CONFIG, "duplicate kid");
    /* private-in-jwks: a published private key is a compromised key */
    snprintf(text, sizeof(text), "{\"keys\":[%s,%s]}", jb, priv);
    is_int(load(text, &added, &skips), AOR_E_CONFIG, "private material");
    /* mixed-symmetric: an HMAC secret beside public keys */
    snprintf(text, sizeof(text), "{\"keys\":[%s,{\"kty\":\"oct\",\"k\":"
             "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}]}", ja);
    is_int(load(text, &added, &skips), AOR_E_CONFIG, "oct mixed with EC");
    is_int(load("{\"keys\":{}}", &added, &skips), AOR_E_CONFIG,
           "keys not an array");
    is_int(load("[]", &added, &skips), AOR_E_CONFIG, "not an object");
    is_int(load("{\"keys\":[]}", &added, &skips), AOR_E_CONFIG, "empty set");
    is_int(load("{\"keys\":[1,\"x\"]}", &added, &skips), AOR_E_CONFIG,
           "entries that are not objects");
    is_int(skips.calls, 2, "each reported");
    free(ja);
    free(jb);
    free(enc);
    free(dup);
    free(priv);
    EVP_PKEY_free(a);
    EVP_PKEY_free(b);
}

int main(void)
{
    test_key_types();
    test_member_rules();
    test_bad_material();
    test_invalid_point();
    test_jwks();
    return tap_done();
}
