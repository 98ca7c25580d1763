/*
 * test_alg.c - unit tests of aor_alg: the table binding each JOSE "alg"
 * (RFC 7518 3.1, RFC 8037) to its key family, digest and curve, the exact
 * name lookup that keeps "none" and look-alikes out (SPEC 4.2), and the
 * ECDSA curve sizes and group orders (RFC 7518 3.4), checked against
 * OpenSSL's own curve parameters.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "aor_alg.h"
#include "tap.h"

typedef struct {
    const char *name;
    aor_alg_t alg;
    aor_alg_family_t family;
    const char *digest;
    size_t hash_len;
    aor_curve_t curve;
} alg_vector_t;

static const alg_vector_t alg_vectors[] = {
    { "HS256", AOR_ALG_HS256, AOR_FAMILY_HMAC, "SHA256", 32, AOR_CURVE_NONE },
    { "HS384", AOR_ALG_HS384, AOR_FAMILY_HMAC, "SHA384", 48, AOR_CURVE_NONE },
    { "HS512", AOR_ALG_HS512, AOR_FAMILY_HMAC, "SHA512", 64, AOR_CURVE_NONE },
    { "RS256", AOR_ALG_RS256, AOR_FAMILY_RSA_PKCS1, "SHA256", 32,
      AOR_CURVE_NONE },
    { "RS384", AOR_ALG_RS384, AOR_FAMILY_RSA_PKCS1, "SHA384", 48,
      AOR_CURVE_NONE },
    { "RS512", AOR_ALG_RS512, AOR_FAMILY_RSA_PKCS1, "SHA512", 64,
      AOR_CURVE_NONE },
    { "PS256", AOR_ALG_PS256, AOR_FAMILY_RSA_PSS, "SHA256", 32,
      AOR_CURVE_NONE },
    { "PS384", AOR_ALG_PS384, AOR_FAMILY_RSA_PSS, "SHA384", 48,
      AOR_CURVE_NONE },
    { "PS512", AOR_ALG_PS512, AOR_FAMILY_RSA_PSS, "SHA512", 64,
      AOR_CURVE_NONE },
    { "ES256", AOR_ALG_ES256, AOR_FAMILY_ECDSA, "SHA256", 32,
      AOR_CURVE_P256 },
    { "ES384", AOR_ALG_ES384, AOR_FAMILY_ECDSA, "SHA384", 48,
      AOR_CURVE_P384 },
    /* ES512 is P-521 with SHA-512, not a "P-512" curve */
    { "ES512", AOR_ALG_ES512, AOR_FAMILY_ECDSA, "SHA512", 64,
      AOR_CURVE_P521 },
    /* EdDSA hashes internally: no digest, the key decides the curve */
    { "EdDSA", AOR_ALG_EDDSA, AOR_FAMILY_EDDSA, NULL, 0, AOR_CURVE_NONE },
};

#define N_ALG_VECTORS (sizeof(alg_vectors) / sizeof(alg_vectors[0]))

static void test_table(void)
{
    size_t i;

    is_int(N_ALG_VECTORS, AOR_ALG_COUNT, "every algorithm has a vector");
    for (i = 0; i < N_ALG_VECTORS; i++) {
        const alg_vector_t *v = &alg_vectors[i];
        const aor_alg_info_t *info;

        is_int(aor_alg_from_name(v->name), v->alg, "%s: name maps",
               v->name);
        is_int(aor_alg_from_namelen(v->name, strlen(v->name)), v->alg,
               "%s: namelen maps", v->name);
        info = aor_alg_info(v->alg);
        if (!ok(info != NULL, "%s: info present", v->name))
            continue;
        is_str(info->name, v->name, "%s: info name", v->name);
        is_int(info->family, v->family, "%s: family", v->name);
        is_str(info->digest, v->digest, "%s: digest", v->name);
        is_int(info->hash_len, v->hash_len, "%s: hash length", v->name);
        is_int(info->curve, v->curve, "%s: curve", v->name);
    }
}

/* name -> alg -> name is the identity over the whole enum. */
static void test_round_trip(void)
{
    int i, wrong = 0;

    for (i = 0; i < AOR_ALG_COUNT; i++) {
        const char *name = aor_alg_info((aor_alg_t)i)->name;

        if (aor_alg_from_name(name) != (aor_alg_t)i) {
            wrong++;
            tap_diag("alg %d (%s) does not round-trip", i, name);
        }
    }
    is_int(wrong, 0, "every aor_alg_t round-trips through its name");
    is_int(AOR_ALGSET_ALL, 0x1fff, "AOR_ALGSET_ALL has one bit per alg");
    is_int(AOR_ALGSET_BIT(AOR_ALG_RS256), 1u << 3, "AOR_ALGSET_BIT(RS256)");
}

typedef struct {
    const char *name;       /* test name */
    const char *in;
    size_t len;
} bad_name_t;

#define N(s) s, sizeof(s) - 1

static const bad_name_t bad_names[] = {
    /* alg "none" disables the signature (RFC 8725 3.1) in any spelling */
    { "alg-none", N("none") },
    { "alg-None", N("None") },
    { "alg-NONE", N("NONE") },
    { "alg-nOnE", N("nOnE") },
    /* the lookup is case-sensitive: "rs256" is not an RFC 7518 name */
    { "alg-lowercase-rs256", N("rs256") },
    { "alg-lowercase-eddsa", N("eddsa") },
    { "alg-uppercase-EDDSA", N("EDDSA") },
    /* padding must not be trimmed into a match */
    { "alg-trailing-space", N("HS256 ") },
    { "alg-leading-space", N(" HS256") },
    { "alg-trailing-newline", N("RS256\n") },
    { "alg-empty", N("") },
    /* a NUL inside the name must not end the comparison early */
    { "alg-embedded-nul", N("RS256\0") },
    /* prefixes and extensions of a known name */
    { "alg-prefix", N("RS25") },
    { "alg-extension", N("RS2560") },
    { "alg-es256k", N("ES256K") },
    /* curve names and family names are not algorithm names */
    { "alg-curve-name", N("Ed25519") },
    { "alg-family-name", N("RSA") },
    /* the unsupported JWE / RSA key-transport names */
    { "alg-rsa1-5", N("RSA1_5") },
    { "alg-dir", N("dir") },
};

static void test_bad_names(void)
{
    size_t i;

    for (i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
        const bad_name_t *b = &bad_names[i];

        is_int(aor_alg_from_namelen(b->in, b->len), AOR_ALG_COUNT,
               "%s: unknown (namelen)", b->name);
        if (strlen(b->in) == b->len)
            is_int(aor_alg_from_name(b->in), AOR_ALG_COUNT,
                   "%s: unknown (name)", b->name);
    }
    /* the length decides, not a NUL: a prefix of a longer buffer matches */
    is_int(aor_alg_from_namelen("RS256xyz", 5), AOR_ALG_RS256,
           "namelen: 5 bytes of 'RS256xyz' is RS256");
    is_int(aor_alg_from_namelen("RS256", 4), AOR_ALG_COUNT,
           "namelen: 4 bytes of 'RS256' is unknown");
    is_int(aor_alg_from_namelen("RS256", 0), AOR_ALG_COUNT,
           "namelen: 0 bytes is unknown");
}

typedef struct {
    aor_curve_t curve;
    const char *name;
    size_t coord_len;       /* RFC 7518 3.4: ceil(bits / 8) */
    int nid;                /* OpenSSL's curve, 0 when not ECDSA */
} curve_vector_t;

static const curve_vector_t curve_vectors[] = {
    { AOR_CURVE_NONE,    "",        0,  0 },
    { AOR_CURVE_P256,    "P-256",   32, NID_X9_62_prime256v1 },
    { AOR_CURVE_P384,    "P-384",   48, NID_secp384r1 },
    /* 521 bits round up to 66 bytes, not 65 */
    { AOR_CURVE_P521,    "P-521",   66, NID_secp521r1 },
    { AOR_CURVE_ED25519, "Ed25519", 0,  0 },
    { AOR_CURVE_ED448,   "Ed448",   0,  0 },
};

/* The curve's order as aor_alg reports it equals OpenSSL's group order. */
static void check_order(const curve_vector_t *v)
{
    const unsigned char *order = aor_curve_order(v->curve);
    size_t len = aor_curve_coord_len(v->curve);
    EC_GROUP *group = EC_GROUP_new_by_curve_name(v->nid);
    const BIGNUM *want = group ? EC_GROUP_get0_order(group) : NULL;
    BIGNUM *got = NULL;

    if (!ok(group != NULL && want != NULL, "%s: OpenSSL knows the curve",
            v->name))
        goto done;
    is_int(BN_num_bytes(want), v->coord_len,
           "%s: OpenSSL's order has %zu bytes", v->name, v->coord_len);
    if (!ok(order != NULL, "%s: order present", v->name))
        goto done;
    /* read only the coord_len bytes the header promises */
    got = BN_bin2bn(order, (int)len, NULL);
    ok(got != NULL && BN_cmp(got, want) == 0,
       "%s: order equals OpenSSL's group order", v->name);
    if (got != NULL && BN_cmp(got, want) != 0)
        tap_diag("%s: order has %d bits, OpenSSL's %d", v->name,
                 BN_num_bits(got), BN_num_bits(want));
    ok(len > 0 && order[0] != 0x00,
       "%s: order is minimal big-endian (coord_len is tight)", v->name);
done:
    BN_free(got);
    EC_GROUP_free(group);
}

static void test_curves(void)
{
    size_t i;

    for (i = 0; i < sizeof(curve_vectors) / sizeof(curve_vectors[0]); i++) {
        const curve_vector_t *v = &curve_vectors[i];
        const char *label = v->name[0] ? v->name : "NONE";

        is_str(aor_curve_name(v->curve), v->name, "%s: JOSE name", label);
        is_int(aor_curve_coord_len(v->curve), v->coord_len,
               "%s: coord_len %zu", label, v->coord_len);
        if (v->nid != 0)
            check_order(v);
        else
            ok(aor_curve_order(v->curve) == NULL, "%s: no order", label);
    }
    /* the ECDSA signature is R||S: 64, 96 and 132 bytes */
    is_int(2 * aor_curve_coord_len(aor_alg_info(AOR_ALG_ES256)->curve), 64,
           "ES256 signature is 64 bytes");
    is_int(2 * aor_curve_coord_len(aor_alg_info(AOR_ALG_ES384)->curve), 96,
           "ES384 signature is 96 bytes");
    is_int(2 * aor_curve_coord_len(aor_alg_info(AOR_ALG_ES512)->curve), 132,
           "ES512 signature is 132 bytes");
}

int main(void)
{
    test_table();
    test_round_trip();
    test_bad_names();
    test_curves();
    return tap_done();
}
