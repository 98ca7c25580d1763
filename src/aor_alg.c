/*
 * aor_alg.c - the algorithm table.
 *
 * Owns the binding of each JOSE "alg" to its key family, digest and curve.
 * Everything that decides whether a key may verify a token reads it here.
 */
#include <string.h>

#include "aor_alg.h"

static const aor_alg_info_t alg_table[AOR_ALG_COUNT] = {
    { "HS256", AOR_FAMILY_HMAC,      "SHA256", 32, AOR_CURVE_NONE },
    { "HS384", AOR_FAMILY_HMAC,      "SHA384", 48, AOR_CURVE_NONE },
    { "HS512", AOR_FAMILY_HMAC,      "SHA512", 64, AOR_CURVE_NONE },
    { "RS256", AOR_FAMILY_RSA_PKCS1, "SHA256", 32, AOR_CURVE_NONE },
    { "RS384", AOR_FAMILY_RSA_PKCS1, "SHA384", 48, AOR_CURVE_NONE },
    { "RS512", AOR_FAMILY_RSA_PKCS1, "SHA512", 64, AOR_CURVE_NONE },
    { "PS256", AOR_FAMILY_RSA_PSS,   "SHA256", 32, AOR_CURVE_NONE },
    { "PS384", AOR_FAMILY_RSA_PSS,   "SHA384", 48, AOR_CURVE_NONE },
    { "PS512", AOR_FAMILY_RSA_PSS,   "SHA512", 64, AOR_CURVE_NONE },
    { "ES256", AOR_FAMILY_ECDSA,     "SHA256", 32, AOR_CURVE_P256 },
    { "ES384", AOR_FAMILY_ECDSA,     "SHA384", 48, AOR_CURVE_P384 },
    { "ES512", AOR_FAMILY_ECDSA,     "SHA512", 64, AOR_CURVE_P521 },
    { "EdDSA", AOR_FAMILY_EDDSA,     NULL,      0, AOR_CURVE_NONE },
};

/* Group orders (n), big-endian, from `openssl ecparam -param_enc explicit`. */
static const unsigned char order_p256[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad,
    0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
    0x25, 0x51,
};
static const unsigned char order_p384[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37,
    0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a,
    0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
};
static const unsigned char order_p521[66] = {
    0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xfa, 0x51, 0x86, 0x87, 0x83, 0xbf, 0x2f,
    0x96, 0x6b, 0x7f, 0xcc, 0x01, 0x48, 0xf7, 0x09, 0xa5, 0xd0,
    0x3b, 0xb5, 0xc9, 0xb8, 0x89, 0x9c, 0x47, 0xae, 0xbb, 0x6f,
    0xb7, 0x1e, 0x91, 0x38, 0x64, 0x09,
};

const aor_alg_info_t *aor_alg_info(aor_alg_t alg)
{
    return &alg_table[alg];
}

aor_alg_t aor_alg_from_namelen(const char *name, size_t len)
{
    int i;

    for (i = 0; i < AOR_ALG_COUNT; i++) {
        if (strlen(alg_table[i].name) == len
            && memcmp(alg_table[i].name, name, len) == 0)
            return (aor_alg_t)i;
    }
    return AOR_ALG_COUNT;
}

aor_alg_t aor_alg_from_name(const char *name)
{
    return aor_alg_from_namelen(name, strlen(name));
}

const char *aor_curve_name(aor_curve_t curve)
{
    switch (curve) {
    case AOR_CURVE_P256:    return "P-256";
    case AOR_CURVE_P384:    return "P-384";
    case AOR_CURVE_P521:    return "P-521";
    case AOR_CURVE_ED25519: return "Ed25519";
    case AOR_CURVE_ED448:   return "Ed448";
    case AOR_CURVE_NONE:    break;
    }
    return "";
}

size_t aor_curve_coord_len(aor_curve_t curve)
{
    switch (curve) {
    case AOR_CURVE_P256: return sizeof(order_p256);
    case AOR_CURVE_P384: return sizeof(order_p384);
    case AOR_CURVE_P521: return sizeof(order_p521);
    default:             return 0;
    }
}

const unsigned char *aor_curve_order(aor_curve_t curve)
{
    switch (curve) {
    case AOR_CURVE_P256: return order_p256;
    case AOR_CURVE_P384: return order_p384;
    case AOR_CURVE_P521: return order_p521;
    default:             return NULL;
    }
}
