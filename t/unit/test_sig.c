/*
 * test_sig.c - aor_sig_verify for every algorithm, and the signature
 * shapes it must refuse before any cryptography.
 */
#include <openssl/err.h>
#include <openssl/objects.h>

#include "aor_key.h"
#include "aor_sig.h"
#include "jws_signer.h"
#include "tap.h"

static const char input[] = "eyJhbGciOiJ4In0.eyJzdWIiOiJ1In0";

typedef struct {
    const char *alg;
    const char *type;
    const char *curve;
} alg_case_t;

static const alg_case_t algs[] = {
    { "RS256", "RSA", NULL },     { "RS384", "RSA", NULL },
    { "RS512", "RSA", NULL },     { "PS256", "RSA", NULL },
    { "PS384", "RSA", NULL },     { "PS512", "RSA", NULL },
    { "ES256", "EC", "P-256" },   { "ES384", "EC", "P-384" },
    { "ES512", "EC", "P-521" },   { "EdDSA", "ED25519", NULL },
    { "EdDSA", "ED448", NULL },
};

static aor_status_t verify(const aor_key_t *key, const char *alg,
                           const unsigned char *sig, size_t len)
{
    aor_error_t err;

    return aor_sig_verify(key, aor_alg_from_name(alg),
                          (const unsigned char *)input, strlen(input), sig,
                          len, &err);
}

static void test_round_trips(void)
{
    unsigned char sig[1024];
    size_t i, len;

    for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
        const alg_case_t *c = &algs[i];
        EVP_PKEY *pkey = signer_keygen(c->type, c->curve, 2048);
        aor_key_t *key = NULL;
        aor_error_t err;

        EVP_PKEY_up_ref(pkey);
        aor_key_from_pkey(pkey, &key, &err);
        len = signer_sign(c->alg, pkey, NULL, 0, input, sig);
        is_int(verify(key, c->alg, sig, len), AOR_OK, "%s/%s verifies",
               c->alg, c->type);
        sig[len / 2] ^= 0x01;
        is_int(verify(key, c->alg, sig, len), AOR_E_SIGNATURE,
               "%s/%s: one flipped bit fails", c->alg, c->type);
        sig[len / 2] ^= 0x01;
        /* truncated-signature: never passed to OpenSSL */
        is_int(verify(key, c->alg, sig, len - 1), AOR_E_SIGNATURE,
               "%s/%s: truncated fails", c->alg, c->type);
        is_int(verify(key, c->alg, sig, 0), AOR_E_SIGNATURE,
               "%s/%s: empty fails", c->alg, c->type);
        aor_key_free(key);
        EVP_PKEY_free(pkey);
    }
}

static void test_hmac(void)
{
    static const char *names[] = { "HS256", "HS384", "HS512" };
    unsigned char secret[64], sig[1024];
    aor_key_t *key = NULL;
    aor_error_t err;
    size_t i, len;

    memset(secret, 0x5a, sizeof(secret));
    aor_key_from_secret(secret, sizeof(secret), &key, &err);
    for (i = 0; i < 3; i++) {
        len = signer_sign(names[i], NULL, secret, sizeof(secret), input, sig);
        is_int(verify(key, names[i], sig, len), AOR_OK, "%s verifies",
               names[i]);
        sig[0] ^= 0x80;
        is_int(verify(key, names[i], sig, len), AOR_E_SIGNATURE,
               "%s: flipped bit fails", names[i]);
        sig[0] ^= 0x80;
        /* hmac-truncated-tag: a prefix of the tag is not the tag */
        is_int(verify(key, names[i], sig, 16), AOR_E_SIGNATURE,
               "%s: 16-byte prefix of the tag fails", names[i]);
    }
    aor_key_free(key);
}

static void test_ecdsa_shapes(void)
{
    EVP_PKEY *pkey = signer_keygen("EC", "P-256", 0);
    const unsigned char *n = aor_curve_order(AOR_CURVE_P256);
    unsigned char raw[64], der[128], bad[64];
    aor_key_t *key = NULL;
    aor_error_t err;
    EVP_MD_CTX *mctx;
    size_t der_len = sizeof(der), len;

    EVP_PKEY_up_ref(pkey);
    aor_key_from_pkey(pkey, &key, &err);
    len = signer_sign("ES256", pkey, NULL, 0, input, raw);
    is_int(len, 64, "ES256 raw signature is 64 bytes");
    /* es256-der-signature: only raw R||S is JOSE; DER is refused */
    mctx = EVP_MD_CTX_new();
    EVP_DigestSignInit_ex(mctx, NULL, "SHA256", NULL, NULL, pkey, NULL);
    EVP_DigestSign(mctx, der, &der_len, (const unsigned char *)input,
                   strlen(input));
    EVP_MD_CTX_free(mctx);
    is_int(verify(key, "ES256", der, der_len), AOR_E_SIGNATURE,
           "es256-der-signature refused");
    /* psychic-signature (CVE-2022-21449): r = s = 0 */
    memset(bad, 0, sizeof(bad));
    is_int(verify(key, "ES256", bad, 64), AOR_E_SIGNATURE,
           "psychic signature r=s=0 refused");
    /* r = n and s = n: out of range, as bad as zero */
    memcpy(bad, n, 32);
    memcpy(bad + 32, raw + 32, 32);
    is_int(verify(key, "ES256", bad, 64), AOR_E_SIGNATURE, "r = n refused");
    memcpy(bad, raw, 32);
    memcpy(bad + 32, n, 32);
    is_int(verify(key, "ES256", bad, 64), AOR_E_SIGNATURE, "s = n refused");
    memset(bad + 32, 0xff, 32);
    is_int(verify(key, "ES256", bad, 64), AOR_E_SIGNATURE, "s > n refused");
    /* a 66-byte ES512-sized signature on an ES256 key */
    is_int(verify(key, "ES256", raw, 63), AOR_E_SIGNATURE,
           "63-byte ES256 signature refused");
    /* key-alg-mismatch: the signature code refuses a key that does not fit */
    is_int(verify(key, "ES384", raw, 64), AOR_E_INTERNAL,
           "P-256 key with ES384 refused");
    is_int(verify(key, "RS256", raw, 64), AOR_E_INTERNAL,
           "EC key with RS256 refused");
    aor_key_free(key);
    EVP_PKEY_free(pkey);
}

static void test_rsa_padding(void)
{
    EVP_PKEY *pkey = signer_keygen("RSA", NULL, 2048);
    unsigned char sig[1024];
    aor_key_t *key = NULL;
    aor_error_t err;
    size_t len;

    EVP_PKEY_up_ref(pkey);
    aor_key_from_pkey(pkey, &key, &err);
    /* pss-as-pkcs1 and back: the padding is the algorithm's, not the token's */
    len = signer_sign("PS256", pkey, NULL, 0, input, sig);
    is_int(verify(key, "RS256", sig, len), AOR_E_SIGNATURE,
           "a PS256 signature is not an RS256 signature");
    len = signer_sign("RS256", pkey, NULL, 0, input, sig);
    is_int(verify(key, "PS256", sig, len), AOR_E_SIGNATURE,
           "an RS256 signature is not a PS256 signature");
    is_int(verify(key, "RS384", sig, len), AOR_E_SIGNATURE,
           "an RS256 signature is not an RS384 signature");
    aor_key_free(key);
    EVP_PKEY_free(pkey);
}

/* the hard-coded group orders are OpenSSL's */
static void test_curve_orders(void)
{
    static const struct { aor_curve_t curve; const char *name; } c[] = {
        { AOR_CURVE_P256, "prime256v1" },
        { AOR_CURVE_P384, "secp384r1" },
        { AOR_CURVE_P521, "secp521r1" },
    };
    unsigned char want[66];
    size_t i, len;

    for (i = 0; i < 3; i++) {
        EC_GROUP *g = EC_GROUP_new_by_curve_name(OBJ_sn2nid(c[i].name));

        len = aor_curve_coord_len(c[i].curve);
        BN_bn2binpad(EC_GROUP_get0_order(g), want, (int)len);
        ok(memcmp(aor_curve_order(c[i].curve), want, len) == 0,
           "%s order matches OpenSSL (%zu bytes)", c[i].name, len);
        EC_GROUP_free(g);
    }
}

/*
 * R and S become DER inside aor_sig: every shape must survive, a leading
 * zero byte (dropped) and a top bit set (a zero byte put in front).  Sign
 * until both shapes were seen (a leading zero byte takes 128 signatures on
 * average; 20000 make missing it impossible in practice).
 */
static void test_ecdsa_der_shapes(void)
{
    EVP_PKEY *pkey = signer_keygen("EC", "P-256", 0);
    unsigned char raw[64];
    aor_key_t *key = NULL;
    aor_error_t err;
    int i, verified = 0, zero = 0, top = 0;

    EVP_PKEY_up_ref(pkey);
    aor_key_from_pkey(pkey, &key, &err);
    for (i = 0; i < 20000 && (zero == 0 || top == 0); i++) {
        signer_sign("ES256", pkey, NULL, 0, input, raw);
        verified += verify(key, "ES256", raw, 64) == AOR_OK;
        zero += raw[0] == 0 || raw[32] == 0;
        top += (raw[0] & 0x80) || (raw[32] & 0x80);
    }
    is_int(verified, i, "all %d ES256 signatures verify", i);
    ok(zero > 0, "among them R or S with a leading zero byte");
    ok(top > 0, "among them R or S with the top bit set");
    aor_key_free(key);
    EVP_PKEY_free(pkey);
}

/* S + L, little-endian: the same scalar, not in canonical form */
static void add_group_order(unsigned char s[32])
{
    static const unsigned char l[32] = {
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
        0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    };
    unsigned int carry = 0, i;

    for (i = 0; i < 32; i++) {
        carry += (unsigned int)s[i] + l[i];
        s[i] = (unsigned char)carry;
        carry >>= 8;
    }
}

/* Ed25519 inputs RFC 8032 leaves open or OpenSSL 3.0 lets through */
static void test_ed25519_edges(void)
{
    /* the neutral element (y = 1): a public key of order 1 */
    static const unsigned char neutral[32] = { 0x01 };
    unsigned char sig[64] = { 0x01 }, good[64];
    EVP_PKEY *pkey;
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    aor_key_t *key = NULL;
    aor_error_t err;
    size_t len;
    int evp;

    /*
     * small-order-key: R = neutral, S = 0 satisfies [S]B = R + [h]A for
     * every message when A is the neutral element; such a key is refused
     * when it is loaded (aor_key), and libsodium would refuse it as well
     */
    pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, neutral, 32);
    EVP_PKEY_up_ref(pkey);
    is_int(aor_key_from_pkey(pkey, &key, &err), AOR_E_CONFIG,
           "small-order-key: a neutral-element Ed25519 key is refused");
    is_str(err.text, "the Ed25519 public key is not a canonical point of "
           "prime order (small-order or invalid)", "with the reason");
    evp = EVP_DigestVerifyInit(mctx, NULL, NULL, NULL, pkey) == 1
        && EVP_DigestVerify(mctx, sig, 64, (const unsigned char *)input,
                            strlen(input)) == 1;
    tap_diag("OpenSSL's own EVP_DigestVerify %s R = neutral, S = 0 under it",
             evp ? "accepts" : "refuses");
    ERR_clear_error();
    EVP_MD_CTX_free(mctx);
    EVP_PKEY_free(pkey);

    /* non-canonical-s: a valid signature with S + L in place of S */
    pkey = signer_keygen("ED25519", NULL, 0);
    EVP_PKEY_up_ref(pkey);
    aor_key_from_pkey(pkey, &key, &err);
    len = signer_sign("EdDSA", pkey, NULL, 0, input, good);
    is_int(verify(key, "EdDSA", good, len), AOR_OK, "the signature verifies");
    memcpy(sig, good, 64);
    add_group_order(sig + 32);
    is_int(verify(key, "EdDSA", sig, 64), AOR_E_SIGNATURE,
           "non-canonical-s: S + L is refused");
    /* small-order-r: R replaced by the neutral element */
    memcpy(sig, good, 64);
    memcpy(sig, neutral, 32);
    is_int(verify(key, "EdDSA", sig, 64), AOR_E_SIGNATURE,
           "small-order-r: R = neutral is refused");
    aor_key_free(key);
    EVP_PKEY_free(pkey);
}

int main(void)
{
    test_curve_orders();
    test_ed25519_edges();
    test_round_trips();
    test_hmac();
    test_ecdsa_shapes();
    test_ecdsa_der_shapes();
    test_rsa_padding();
    return tap_done();
}
