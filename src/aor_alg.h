/*
 * aor_alg.h - the JWS algorithms the module knows (RFC 7518, RFC 8037).
 *
 * An algorithm is an index into one static table that says which key type
 * and curve it needs and how its signature is laid out.  "none" is not in
 * the table, so no spelling of it can ever be looked up.
 */
#ifndef AOR_ALG_H
#define AOR_ALG_H

#include <stddef.h>

typedef enum {
    AOR_ALG_HS256, AOR_ALG_HS384, AOR_ALG_HS512,
    AOR_ALG_RS256, AOR_ALG_RS384, AOR_ALG_RS512,
    AOR_ALG_PS256, AOR_ALG_PS384, AOR_ALG_PS512,
    AOR_ALG_ES256, AOR_ALG_ES384, AOR_ALG_ES512,
    AOR_ALG_EDDSA,
    AOR_ALG_COUNT           /* also "no algorithm" */
} aor_alg_t;

typedef enum {
    AOR_FAMILY_HMAC,        /* HS*: shared secret                */
    AOR_FAMILY_RSA_PKCS1,   /* RS*: RSASSA-PKCS1-v1_5            */
    AOR_FAMILY_RSA_PSS,     /* PS*: RSASSA-PSS, salt = hash size */
    AOR_FAMILY_ECDSA,       /* ES*: raw R||S                     */
    AOR_FAMILY_EDDSA        /* EdDSA: Ed25519 or Ed448           */
} aor_alg_family_t;

/* Elliptic curves and Edwards curves a key may be on. */
typedef enum {
    AOR_CURVE_NONE,
    AOR_CURVE_P256, AOR_CURVE_P384, AOR_CURVE_P521,
    AOR_CURVE_ED25519, AOR_CURVE_ED448
} aor_curve_t;

typedef struct {
    const char *name;           /* JOSE name, e.g. "ES256"             */
    aor_alg_family_t family;
    const char *digest;         /* OpenSSL digest name; NULL for EdDSA */
    size_t hash_len;            /* digest size in bytes; 0 for EdDSA   */
    aor_curve_t curve;          /* ECDSA only: the one curve allowed   */
} aor_alg_info_t;

/* A set of algorithms, one bit per aor_alg_t. */
typedef unsigned int aor_algset_t;
#define AOR_ALGSET_BIT(alg) (1u << (alg))
#define AOR_ALGSET_ALL      ((1u << AOR_ALG_COUNT) - 1)

/* Table entry of alg (< AOR_ALG_COUNT).  Static storage. */
const aor_alg_info_t *aor_alg_info(aor_alg_t alg);

/* Exact, case-sensitive lookup of a JOSE name; AOR_ALG_COUNT if unknown. */
aor_alg_t aor_alg_from_name(const char *name);

/* The same for a name that is not NUL-terminated. */
aor_alg_t aor_alg_from_namelen(const char *name, size_t len);

/* JOSE name of a curve ("P-256", "Ed25519", ...); "" for AOR_CURVE_NONE. */
const char *aor_curve_name(aor_curve_t curve);

/* Size in bytes of R (and of S) in an ECDSA signature on curve; else 0. */
size_t aor_curve_coord_len(aor_curve_t curve);

/* The group order of an ECDSA curve, big-endian, coord_len bytes. */
const unsigned char *aor_curve_order(aor_curve_t curve);

#endif /* AOR_ALG_H */
