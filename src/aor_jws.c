/*
 * aor_jws.c - compact JWS parsing and verification.
 *
 * One allocation holds the decoded payload and signature; the header is a
 * jansson object.  Works on untrusted bytes: every length is checked
 * before it is used.
 */
#include <stdlib.h>
#include <string.h>

#include "aor_b64url.h"
#include "aor_json.h"
#include "aor_jws.h"

void aor_jws_free(aor_jws_t *jws)
{
    if (jws == NULL)
        return;
    json_decref(jws->header);
    free(jws->payload);
    free(jws);
}

/* Decode part[0..len) into buf; on success *outlen is its size. */
static aor_status_t decode_part(const char *what, const char *part,
                                size_t len, unsigned char *buf,
                                size_t *outlen, aor_error_t *err)
{
    if (aor_b64url_decode(part, len, buf, outlen) != 0)
        return aor_error_set(err, AOR_E_MALFORMED, "%s is not canonical "
                             "base64url", what);
    return AOR_OK;
}

/* Positions of the two dots; -1 unless there are exactly two. */
static int split_compact(const char *token, size_t len, size_t *dot1,
                         size_t *dot2)
{
    const char *p1 = memchr(token, '.', len), *p2;

    if (p1 == NULL)
        return -1;
    p2 = memchr(p1 + 1, '.', len - (size_t)(p1 + 1 - token));
    if (p2 == NULL
        || memchr(p2 + 1, '.', len - (size_t)(p2 + 1 - token)) != NULL)
        return -1;
    *dot1 = (size_t)(p1 - token);
    *dot2 = (size_t)(p2 - token);
    return 0;
}

static aor_status_t parse_header(aor_jws_t *jws, const char *part,
                                 size_t len, aor_error_t *err)
{
    unsigned char *buf = malloc(AOR_B64URL_DECODED_MAX(len) + 1);
    size_t n = 0;
    aor_status_t st;

    if (buf == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    st = decode_part("header", part, len, buf, &n, err);
    if (st == AOR_OK) {
        jws->header = aor_json_parse_object((const char *)buf, n, err);
        if (jws->header == NULL)
            st = AOR_E_MALFORMED;
    }
    free(buf);
    return st;
}

aor_status_t aor_jws_parse(const char *token, size_t len, aor_jws_t **out,
                           aor_error_t *err)
{
    aor_jws_t *jws;
    size_t dot1, dot2, plen, slen, pmax;
    aor_status_t st;

    *out = NULL;
    if (split_compact(token, len, &dot1, &dot2) != 0)
        return aor_error_set(err, AOR_E_MALFORMED, "not three dot-separated "
                             "parts");
    jws = calloc(1, sizeof(*jws));
    if (jws == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    jws->alg = AOR_ALG_COUNT;
    jws->signing_input = token;
    jws->signing_len = dot2;
    st = parse_header(jws, token, dot1, err);
    if (st != AOR_OK)
        goto done;
    plen = dot2 - dot1 - 1;
    slen = len - dot2 - 1;
    pmax = AOR_B64URL_DECODED_MAX(plen);
    jws->payload = malloc(pmax + 1 + AOR_B64URL_DECODED_MAX(slen));
    if (jws->payload == NULL) {
        st = aor_error_set(err, AOR_E_NOMEM, "out of memory");
        goto done;
    }
    st = decode_part("payload", token + dot1 + 1, plen,
                     (unsigned char *)jws->payload, &jws->payload_len, err);
    if (st != AOR_OK)
        goto done;
    jws->payload[jws->payload_len] = '\0';
    jws->sig = (unsigned char *)jws->payload + pmax + 1;
    st = decode_part("signature", token + dot2 + 1, slen, jws->sig,
                     &jws->sig_len, err);
done:
    if (st != AOR_OK)
        aor_jws_free(jws);
    else
        *out = jws;
    return st;
}

aor_status_t aor_jws_check_header(aor_jws_t *jws, aor_algset_t allowed,
                                  aor_error_t *err)
{
    const char *alg_name;
    aor_alg_t alg;

    if (aor_json_get_string(jws->header, "alg", &alg_name) != 0
        || alg_name == NULL)
        return aor_error_set(err, AOR_E_ALG, "header has no string alg");
    alg = aor_alg_from_name(alg_name);
    if (alg == AOR_ALG_COUNT)
        return aor_error_set(err, AOR_E_ALG, "alg is not a supported "
                             "algorithm");
    if (!(allowed & AOR_ALGSET_BIT(alg)))
        return aor_error_set(err, AOR_E_ALG, "alg %s is not allowed",
                             aor_alg_info(alg)->name);
    if (json_object_get(jws->header, "crit") != NULL)
        return aor_error_set(err, AOR_E_HEADER, "header has crit");
    if (json_object_get(jws->header, "b64") != NULL)
        return aor_error_set(err, AOR_E_HEADER, "header has b64");
    if (aor_json_get_string(jws->header, "kid", &jws->kid) != 0)
        return aor_error_set(err, AOR_E_HEADER, "kid is not a string");
    jws->alg = alg;
    return AOR_OK;
}

aor_status_t aor_jws_verify(const aor_jws_t *jws, const aor_keyset_t *keys,
                            const aor_key_t **used, aor_error_t *err)
{
    if (jws->alg == AOR_ALG_COUNT)
        return aor_error_set(err, AOR_E_INTERNAL, "header not checked");
    return aor_keyset_verify(keys, jws->alg, jws->kid,
                             (const unsigned char *)jws->signing_input,
                             jws->signing_len, jws->sig, jws->sig_len, used,
                             err);
}
