/*
 * test_keyset.c - the key selection rule of aor_keyset_verify: a kid
 * selects JWKS keys and only those; otherwise kid-less JWKS keys, then
 * static keys in order; only keys that fit the alg are ever tried.
 */
#include "aor_keyset.h"
#include "jws_signer.h"
#include "tap.h"

static const char input[] = "header.payload";

/* Add a public key for pkey with kid (NULL: none) to ks. */
static void add(aor_keyset_t *ks, EVP_PKEY *pkey, const char *kid,
                aor_key_origin_t origin)
{
    aor_key_t *key = NULL;
    aor_error_t err;

    EVP_PKEY_up_ref(pkey);
    aor_key_from_pkey(pkey, &key, &err);
    if (kid != NULL)
        aor_key_set_kid(key, kid);
    aor_keyset_add(ks, key, origin, &err);
}

static aor_status_t verify(const aor_keyset_t *ks, const char *alg,
                           const char *kid, EVP_PKEY *signer,
                           const aor_key_t **used)
{
    unsigned char sig[1024];
    size_t len = signer_sign(alg, signer, NULL, 0, input, sig);
    aor_error_t err;

    *used = NULL;
    return aor_keyset_verify(ks, aor_alg_from_name(alg), kid,
                             (const unsigned char *)input, strlen(input),
                             sig, len, used, &err);
}

int main(void)
{
    EVP_PKEY *a = signer_keygen("RSA", NULL, 2048);
    EVP_PKEY *b = signer_keygen("RSA", NULL, 2048);
    EVP_PKEY *s = signer_keygen("RSA", NULL, 2048);
    EVP_PKEY *e = signer_keygen("EC", "P-256", 0);
    aor_keyset_t *ks = aor_keyset_new(), *empty = aor_keyset_new();
    const aor_key_t *used;
    aor_key_origin_t origin;

    add(ks, a, "a", AOR_KEY_FROM_JWKS);
    add(ks, b, NULL, AOR_KEY_FROM_JWKS);     /* the kid-less fallback */
    add(ks, s, NULL, AOR_KEY_FROM_STATIC);
    add(ks, e, "e", AOR_KEY_FROM_JWKS);
    is_int(aor_keyset_count(ks), 4, "four keys");
    aor_keyset_get(ks, 2, &origin);
    is_int(origin, AOR_KEY_FROM_STATIC, "origin kept");

    is_int(verify(ks, "RS256", "a", a, &used), AOR_OK, "kid a selects a");
    ok(used == aor_keyset_get(ks, 0, NULL), "the kid's key verified");
    /* kid-pins-key: a token naming kid a is never tried against b */
    is_int(verify(ks, "RS256", "a", b, &used), AOR_E_SIGNATURE,
           "kid a signed by the fallback key fails");
    is_int(verify(ks, "RS256", "zzz", b, &used), AOR_OK,
           "unknown kid falls back to the kid-less JWKS key");
    ok(used == aor_keyset_get(ks, 1, NULL), "fallback key used");
    is_int(verify(ks, "RS256", NULL, s, &used), AOR_OK,
           "no kid: static key after the fallback");
    ok(used == aor_keyset_get(ks, 2, NULL), "static key used");
    /* kid-alg-mismatch: kid e is an EC key; an RS256 token cannot use it */
    is_int(verify(ks, "RS256", "e", a, &used), AOR_E_NO_KEY,
           "kid of a key that does not fit alg: no key");
    is_int(verify(ks, "ES256", "e", e, &used), AOR_OK, "ES256 with kid e");
    is_int(verify(ks, "ES256", NULL, e, &used), AOR_E_NO_KEY,
           "ES256 without kid: no kid-less EC key");
    is_int(verify(ks, "PS256", NULL, a, &used), AOR_E_SIGNATURE,
           "PS256 tries the RSA fallback and static keys, none signed it");
    is_int(aor_keyset_algs(ks),
           AOR_ALGSET_BIT(AOR_ALG_RS256) | AOR_ALGSET_BIT(AOR_ALG_RS384)
           | AOR_ALGSET_BIT(AOR_ALG_RS512) | AOR_ALGSET_BIT(AOR_ALG_PS256)
           | AOR_ALGSET_BIT(AOR_ALG_PS384) | AOR_ALGSET_BIT(AOR_ALG_PS512)
           | AOR_ALGSET_BIT(AOR_ALG_ES256), "algorithms the set can verify");

    /* a kid no JWKS key has, and no kid-less key fits: a refresh may help */
    aor_keyset_free(ks);
    ks = aor_keyset_new();
    add(ks, a, "a", AOR_KEY_FROM_JWKS);
    is_int(verify(ks, "RS256", "new", a, &used), AOR_E_KID_UNKNOWN,
           "unknown kid without fallback: KID_UNKNOWN");
    is_int(verify(ks, "RS256", NULL, a, &used), AOR_E_NO_KEY,
           "no kid and only kid'ed keys: NO_KEY");
    is_int(verify(empty, "RS256", NULL, a, &used), AOR_E_NO_KEY,
           "empty set: NO_KEY");
    is_int(aor_keyset_algs(empty), 0, "empty set verifies nothing");

    aor_keyset_free(ks);
    aor_keyset_free(empty);
    aor_keyset_free(NULL);
    EVP_PKEY_free(a);
    EVP_PKEY_free(b);
    EVP_PKEY_free(s);
    EVP_PKEY_free(e);
    return tap_done();
}
