/*
 * aor_jwk.c - JWK and JWKS parsing into verification keys.
 *
 * Owns the JWK member rules (kty, crv, coordinates, use, key_ops, alg,
 * kid).  Key material is built with EVP_PKEY_fromdata and then goes
 * through aor_key_from_pkey, so a JWK key meets exactly the checks a PEM
 * key meets (size, exponent, curve, point).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include "aor_b64url.h"
#include "aor_json.h"
#include "aor_jwk.h"

/* Largest member we decode: an RSA modulus of 16384 bits, base64url. */
#define JWK_MEMBER_MAX 2800

/* A decoded base64url member; buf holds JWK_MEMBER_MAX bytes. */
static aor_status_t member_bytes(const json_t *jwk, const char *name,
                                 unsigned char *buf, size_t *len,
                                 aor_error_t *err)
{
    const char *v;

    if (aor_json_get_string(jwk, name, &v) != 0 || v == NULL)
        return aor_error_set(err, AOR_E_CONFIG, "\"%s\" is missing or not a "
                             "string", name);
    if (strlen(v) > JWK_MEMBER_MAX * 4 / 3
        || aor_b64url_decode(v, strlen(v), buf, len) != 0)
        return aor_error_set(err, AOR_E_CONFIG, "\"%s\" is not canonical "
                             "base64url of a sensible size", name);
    return AOR_OK;
}

static aor_status_t pkey_from_params(const char *type, OSSL_PARAM_BLD *bld,
                                     EVP_PKEY **pkey, aor_error_t *err)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    int ok = params != NULL && ctx != NULL
        && EVP_PKEY_fromdata_init(ctx) == 1
        && EVP_PKEY_fromdata(ctx, pkey, EVP_PKEY_PUBLIC_KEY, params) == 1;

    OSSL_PARAM_free(params);
    EVP_PKEY_CTX_free(ctx);
    if (!ok)
        return aor_error_ssl(err, AOR_E_CONFIG, "invalid %s public key",
                             type);
    return AOR_OK;
}

static aor_status_t rsa_pkey(const json_t *jwk, EVP_PKEY **pkey,
                             aor_error_t *err)
{
    unsigned char nb[JWK_MEMBER_MAX], eb[JWK_MEMBER_MAX];
    size_t nlen = 0, elen = 0;
    BIGNUM *n = NULL, *e = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    aor_status_t st;

    st = member_bytes(jwk, "n", nb, &nlen, err);
    if (st == AOR_OK)
        st = member_bytes(jwk, "e", eb, &elen, err);
    if (st != AOR_OK)
        return st;
    n = BN_bin2bn(nb, (int)nlen, NULL);
    e = BN_bin2bn(eb, (int)elen, NULL);
    bld = OSSL_PARAM_BLD_new();
    if (n == NULL || e == NULL || bld == NULL
        || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n)
        || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
        st = aor_error_ssl(err, AOR_E_NOMEM, "RSA parameters");
    else
        st = pkey_from_params("RSA", bld, pkey, err);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    return st;
}

static aor_status_t ec_pkey(const json_t *jwk, const char *crv,
                            EVP_PKEY **pkey, aor_error_t *err)
{
    unsigned char point[1 + 2 * 66], xb[JWK_MEMBER_MAX], yb[JWK_MEMBER_MAX];
    size_t coord, xlen = 0, ylen = 0;
    const char *group;
    OSSL_PARAM_BLD *bld;
    aor_status_t st;

    if (strcmp(crv, "P-256") == 0)
        group = "P-256", coord = 32;
    else if (strcmp(crv, "P-384") == 0)
        group = "P-384", coord = 48;
    else if (strcmp(crv, "P-521") == 0)
        group = "P-521", coord = 66;
    else
        return aor_error_set(err, AOR_E_CONFIG, "unsupported EC curve");
    st = member_bytes(jwk, "x", xb, &xlen, err);
    if (st == AOR_OK)
        st = member_bytes(jwk, "y", yb, &ylen, err);
    if (st != AOR_OK)
        return st;
    /* RFC 7518 6.2.1.2: coordinates are the full size of the curve */
    if (xlen != coord || ylen != coord)
        return aor_error_set(err, AOR_E_CONFIG, "%s coordinates must be %zu "
                             "bytes", crv, coord);
    point[0] = 0x04;
    memcpy(point + 1, xb, coord);
    memcpy(point + 1 + coord, yb, coord);
    bld = OSSL_PARAM_BLD_new();
    if (bld == NULL
        || !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
                                            group, 0)
        || !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
                                             point, 1 + 2 * coord))
        st = aor_error_ssl(err, AOR_E_NOMEM, "EC parameters");
    else
        st = pkey_from_params("EC", bld, pkey, err);
    OSSL_PARAM_BLD_free(bld);
    return st;
}

static aor_status_t okp_pkey(const json_t *jwk, const char *crv,
                             EVP_PKEY **pkey, aor_error_t *err)
{
    unsigned char xb[JWK_MEMBER_MAX];
    size_t xlen = 0, want;
    const char *type;
    aor_status_t st;

    if (strcmp(crv, "Ed25519") == 0)
        type = "ED25519", want = 32;
    else if (strcmp(crv, "Ed448") == 0)
        type = "ED448", want = 57;
    else
        return aor_error_set(err, AOR_E_CONFIG, "unsupported OKP curve "
                             "(Ed25519 or Ed448 expected)");
    st = member_bytes(jwk, "x", xb, &xlen, err);
    if (st != AOR_OK)
        return st;
    if (xlen != want)
        return aor_error_set(err, AOR_E_CONFIG, "%s public key must be %zu "
                             "bytes", crv, want);
    *pkey = EVP_PKEY_new_raw_public_key_ex(NULL, type, NULL, xb, xlen);
    if (*pkey == NULL)
        return aor_error_ssl(err, AOR_E_CONFIG, "invalid %s key", crv);
    return AOR_OK;
}

static aor_status_t oct_key(const json_t *jwk, aor_key_t **out,
                            aor_error_t *err)
{
    unsigned char kb[JWK_MEMBER_MAX];
    size_t klen = 0;
    aor_status_t st = member_bytes(jwk, "k", kb, &klen, err);

    if (st == AOR_OK)
        st = aor_key_from_secret(kb, klen, out, err);
    OPENSSL_cleanse(kb, sizeof(kb));
    return st;
}

/* The key material of a JWK, by "kty". */
static aor_status_t material(const json_t *jwk, aor_key_t **out,
                             aor_error_t *err)
{
    const char *kty = NULL, *crv = NULL;
    EVP_PKEY *pkey = NULL;
    aor_status_t st;

    if (aor_json_get_string(jwk, "kty", &kty) != 0 || kty == NULL)
        return aor_error_set(err, AOR_E_CONFIG, "\"kty\" is missing");
    if (strcmp(kty, "oct") == 0)
        return oct_key(jwk, out, err);
    if (strcmp(kty, "RSA") == 0) {
        st = rsa_pkey(jwk, &pkey, err);
    }
    else if (strcmp(kty, "EC") == 0 || strcmp(kty, "OKP") == 0) {
        if (aor_json_get_string(jwk, "crv", &crv) != 0 || crv == NULL)
            return aor_error_set(err, AOR_E_CONFIG, "\"crv\" is missing");
        st = kty[0] == 'E' ? ec_pkey(jwk, crv, &pkey, err)
                           : okp_pkey(jwk, crv, &pkey, err);
    }
    else {
        return aor_error_set(err, AOR_E_CONFIG, "unsupported kty");
    }
    if (st != AOR_OK)
        return st;
    return aor_key_from_pkey(pkey, out, err);
}

/* "use" and "key_ops" must allow signature verification. */
static aor_status_t check_usage(const json_t *jwk, aor_error_t *err)
{
    json_t *ops = json_object_get(jwk, "key_ops"), *op;
    const char *use;
    size_t i;

    if (aor_json_get_string(jwk, "use", &use) != 0
        || (use != NULL && strcmp(use, "sig") != 0))
        return aor_error_set(err, AOR_E_CONFIG, "\"use\" is not \"sig\"");
    if (ops == NULL)
        return AOR_OK;
    if (json_is_array(ops)) {
        json_array_foreach(ops, i, op) {
            if (json_is_string(op) && strcmp(json_string_value(op),
                                             "verify") == 0)
                return AOR_OK;
        }
    }
    return aor_error_set(err, AOR_E_CONFIG, "\"key_ops\" lacks \"verify\"");
}

/* The JWK "alg" restriction: a known algorithm that fits the key. */
static aor_status_t apply_alg(const json_t *jwk, aor_key_t *key,
                              aor_error_t *err)
{
    const char *name;
    aor_alg_t alg;

    if (aor_json_get_string(jwk, "alg", &name) != 0)
        return aor_error_set(err, AOR_E_CONFIG, "\"alg\" is not a string");
    if (name == NULL)
        return AOR_OK;
    alg = aor_alg_from_name(name);
    if (alg == AOR_ALG_COUNT)
        return aor_error_set(err, AOR_E_CONFIG, "\"alg\" is not a supported "
                             "signature algorithm");
    if (!aor_key_fits(key, alg))
        return aor_error_set(err, AOR_E_CONFIG, "\"alg\" %s does not fit "
                             "this key", aor_alg_info(alg)->name);
    aor_key_set_alg(key, alg);
    return AOR_OK;
}

aor_status_t aor_jwk_to_key(const json_t *jwk, aor_key_t **out,
                            aor_error_t *err)
{
    aor_key_t *key = NULL;
    const char *kid;
    aor_status_t st;

    *out = NULL;
    if (!json_is_object(jwk))
        return aor_error_set(err, AOR_E_CONFIG, "not a JSON object");
    if (aor_json_get_string(jwk, "kid", &kid) != 0)
        return aor_error_set(err, AOR_E_CONFIG, "\"kid\" is not a string");
    st = check_usage(jwk, err);
    if (st == AOR_OK)
        st = material(jwk, &key, err);
    if (st == AOR_OK)
        st = apply_alg(jwk, key, err);
    if (st == AOR_OK && kid != NULL && aor_key_set_kid(key, kid) != AOR_OK)
        st = aor_error_set(err, AOR_E_NOMEM, "out of memory");
    if (st != AOR_OK) {
        aor_key_free(key);
        return st;
    }
    *out = key;
    return AOR_OK;
}

int aor_jwk_is_private(const json_t *jwk)
{
    static const char *const members[] = { "d", "p", "q", "dp", "dq", "qi",
                                           "oth" };
    const char *kty = NULL;
    size_t i;

    /* an oct key's "k" is secret by nature; that is what HS* verifies with */
    if (aor_json_get_string(jwk, "kty", &kty) == 0 && kty != NULL
        && strcmp(kty, "oct") == 0)
        return 0;
    for (i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
        if (json_object_get(jwk, members[i]) != NULL)
            return 1;
    }
    return 0;
}

/* 1 when an entry before index i has the same string kid. */
static int kid_repeated(const json_t *keys, size_t i)
{
    const char *kid = NULL, *other;
    size_t j;

    if (aor_json_get_string(json_array_get(keys, i), "kid", &kid) != 0
        || kid == NULL)
        return 0;
    for (j = 0; j < i; j++) {
        if (aor_json_get_string(json_array_get(keys, j), "kid", &other) == 0
            && other != NULL && strcmp(kid, other) == 0)
            return 1;
    }
    return 0;
}

/*
 * Whole-set rules, over every entry, usable or not: no private key
 * material, no kid twice, and not both symmetric and asymmetric keys (a
 * shared secret published next to public keys is a leaked secret, and the
 * mix invites algorithm confusion).
 */
static aor_status_t jwks_check_set(const json_t *keys, aor_error_t *err)
{
    int has_oct = 0, has_asym = 0;
    const char *kty;
    json_t *jwk;
    size_t i;

    json_array_foreach(keys, i, jwk) {
        if (!json_is_object(jwk))
            continue;
        if (aor_jwk_is_private(jwk))
            return aor_error_set(err, AOR_E_CONFIG, "key %zu holds private "
                                 "key material", i);
        if (kid_repeated(keys, i))
            return aor_error_set(err, AOR_E_CONFIG, "key %zu repeats the "
                                 "kid of an earlier key", i);
        if (aor_json_get_string(jwk, "kty", &kty) == 0 && kty != NULL) {
            has_oct |= strcmp(kty, "oct") == 0;
            has_asym |= strcmp(kty, "oct") != 0;
        }
    }
    if (has_oct && has_asym)
        return aor_error_set(err, AOR_E_CONFIG, "the set mixes symmetric "
                             "(oct) and asymmetric keys");
    return AOR_OK;
}

/* Check the set, then parse its usable keys into tmp. */
static aor_status_t jwks_collect(const json_t *keys, aor_keyset_t *tmp,
                                 aor_jwks_skip_fn skip, void *ctx,
                                 aor_error_t *err)
{
    aor_error_t why;
    aor_key_t *key;
    json_t *jwk;
    size_t i;

    if (jwks_check_set(keys, err) != AOR_OK)
        return AOR_E_CONFIG;
    json_array_foreach(keys, i, jwk) {
        const char *kid = NULL;

        aor_json_get_string(jwk, "kid", &kid);
        if (aor_jwk_to_key(jwk, &key, &why) != AOR_OK) {
            if (skip != NULL)
                skip(ctx, i, kid, why.text);
            continue;
        }
        if (aor_keyset_add(tmp, key, AOR_KEY_FROM_JWKS, err) != AOR_OK)
            return AOR_E_NOMEM;
    }
    if (aor_keyset_count(tmp) == 0)
        return aor_error_set(err, AOR_E_CONFIG, "no usable key");
    return AOR_OK;
}

aor_status_t aor_jwks_load(const char *text, size_t len, aor_keyset_t *ks,
                           aor_jwks_skip_fn skip, void *ctx, size_t *added,
                           aor_error_t *err)
{
    aor_keyset_t *tmp = NULL;
    json_t *doc, *keys;
    aor_status_t st;
    size_t i;

    if (added != NULL)
        *added = 0;
    doc = aor_json_parse_object(text, len, err);
    if (doc == NULL)
        return AOR_E_CONFIG;
    keys = json_object_get(doc, "keys");
    if (!json_is_array(keys)) {
        json_decref(doc);
        return aor_error_set(err, AOR_E_CONFIG, "no \"keys\" array");
    }
    tmp = aor_keyset_new();
    st = tmp ? jwks_collect(keys, tmp, skip, ctx, err)
             : aor_error_set(err, AOR_E_NOMEM, "out of memory");
    json_decref(doc);
    /* all or nothing: move the keys only when the whole set is good */
    for (i = 0; st == AOR_OK && i < aor_keyset_count(tmp); i++) {
        aor_key_t *key = aor_keyset_take(tmp, i);

        st = aor_keyset_add(ks, key, AOR_KEY_FROM_JWKS, err);
        if (st == AOR_OK && added != NULL)
            (*added)++;
    }
    aor_keyset_free(tmp);
    return st;
}
