/*
 * aor_jws.h - compact JWS (RFC 7515 section 7.1): split, decode, check the
 * protected header, verify the signature.
 *
 * Three steps so that the JWT layer can keep the order of checks of
 * SPEC 4.11 (structure, header, key, signature) and so that the JWS layer
 * can be tested on its own with payloads that are not JSON:
 *
 *   aor_jws_parse()         exactly three canonical base64url parts, the
 *                           header a JSON object without duplicates
 *   aor_jws_check_header()  alg known and allowed; no crit, no b64; kid
 *                           a string when present
 *   aor_jws_verify()        the key set's selection rule and the signature
 *
 * jku, jwk, x5u and x5c are never read: a token does not choose its key.
 */
#ifndef AOR_JWS_H
#define AOR_JWS_H

#include <stddef.h>

#include <jansson.h>

#include "aor_alg.h"
#include "aor_err.h"
#include "aor_key.h"
#include "aor_keyset.h"
#include "aor_l1.h"

/* What the protected header says, extracted once from its JSON. */
typedef struct {
    char alg_text[16];          /* "alg" as given (cut), "" if absent     */
    aor_alg_t alg;              /* AOR_ALG_COUNT: missing, not a string,  */
                                /* or not a known algorithm               */
    int has_crit;               /* a "crit" member is present             */
    int has_b64;                /* a "b64" member is present              */
    int kid_bad;                /* "kid" present but not a string         */
    char *kid;                  /* owned; NULL when absent                */
} aor_jws_header_t;

typedef struct {
    const char *signing_input;  /* borrowed: the token up to the 2nd dot */
    size_t signing_len;
    aor_jws_header_t hdr;
    char *payload;              /* owned, decoded, NUL-terminated         */
    size_t payload_len;
    unsigned char *sig;         /* owned (same allocation as payload)     */
    size_t sig_len;
    aor_alg_t alg;              /* set by aor_jws_check_header()          */
    const char *kid;            /* = hdr.kid once the header is checked   */
} aor_jws_t;

/*
 * Split and decode token[0..len).  The token must outlive the result.
 * memo (may be NULL) remembers what the header segments seen before
 * said, so a header repeated by every token of an issuer is parsed once
 * per process.  Returns AOR_OK with an owned *out, or AOR_E_MALFORMED.
 */
aor_status_t aor_jws_parse(const char *token, size_t len, aor_l1_t *memo,
                           aor_jws_t **out, aor_error_t *err);

/*
 * Check the protected header against the allowed algorithms and set
 * jws->alg and jws->kid.  Returns AOR_OK, AOR_E_ALG or AOR_E_HEADER.
 */
aor_status_t aor_jws_check_header(aor_jws_t *jws, aor_algset_t allowed,
                                  aor_error_t *err);

/*
 * Verify the signature with the keys the selection rule allows for the
 * header's alg and kid (aor_keyset_verify).  *used, when not NULL, is the
 * key that verified (borrowed from keys).
 */
aor_status_t aor_jws_verify(const aor_jws_t *jws, const aor_keyset_t *keys,
                            const aor_key_t **used, aor_error_t *err);

void aor_jws_free(aor_jws_t *jws);

#endif /* AOR_JWS_H */
