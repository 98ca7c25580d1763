/*
 * aor_jws.c - compact JWS parsing and verification.
 *
 * One allocation holds the decoded payload and signature; the header is a
 * jansson object.  Works on untrusted bytes: every length is checked
 * before it is used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aor_b64url.h"
#include "aor_json.h"
#include "aor_jws.h"

void aor_jws_free(aor_jws_t *jws)
{
    if (jws == NULL)
        return;
    free(jws->hdr.kid);
    free(jws->payload);
    free(jws);
}

/* Header memo entries: alg, flags, then the kid; under a fixed ctx. */
#define MEMO_CTX        0x4a57534844520001ULL   /* "JWSHDR" v1 */
#define MEMO_HAS_KID    1
#define MEMO_CRIT       2
#define MEMO_B64        4

/* The header facts of a parsed JSON header. */
static aor_status_t header_facts(const json_t *h, aor_jws_header_t *hdr,
                                 aor_error_t *err)
{
    json_t *alg = json_object_get(h, "alg"), *kid = json_object_get(h, "kid");

    hdr->alg = AOR_ALG_COUNT;
    if (json_is_string(alg)) {
        snprintf(hdr->alg_text, sizeof(hdr->alg_text), "%s",
                 json_string_value(alg));
        hdr->alg = aor_alg_from_name(json_string_value(alg));
    }
    hdr->has_crit = json_object_get(h, "crit") != NULL;
    hdr->has_b64 = json_object_get(h, "b64") != NULL;
    hdr->kid_bad = kid != NULL && !json_is_string(kid);
    if (json_is_string(kid)
        && (hdr->kid = strdup(json_string_value(kid))) == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    return AOR_OK;
}

/* Remember the facts of a good-looking header (known alg, string kid). */
static void memo_put(aor_l1_t *memo, const char *seg, size_t len,
                     const aor_jws_header_t *hdr)
{
    unsigned char v[AOR_L1_VALUE_MAX];
    size_t klen = hdr->kid ? strlen(hdr->kid) : 0;

    if (memo == NULL || hdr->alg == AOR_ALG_COUNT || hdr->kid_bad
        || klen + 2 > sizeof(v))
        return;
    v[0] = (unsigned char)hdr->alg;
    v[1] = (unsigned char)((hdr->kid ? MEMO_HAS_KID : 0)
                           | (hdr->has_crit ? MEMO_CRIT : 0)
                           | (hdr->has_b64 ? MEMO_B64 : 0));
    memcpy(v + 2, hdr->kid ? hdr->kid : "", klen);
    aor_l1_put(memo, MEMO_CTX, seg, len, v, klen + 2);
}

/* The facts of a header seen before; 0 when the memo does not know it. */
static int memo_get(aor_l1_t *memo, const char *seg, size_t len,
                    aor_jws_header_t *hdr)
{
    unsigned char v[AOR_L1_VALUE_MAX];
    size_t n = memo ? aor_l1_get(memo, MEMO_CTX, seg, len, v) : 0;

    if (n < 2 || v[0] >= AOR_ALG_COUNT)
        return 0;
    hdr->alg = (aor_alg_t)v[0];
    snprintf(hdr->alg_text, sizeof(hdr->alg_text), "%s",
             aor_alg_info(hdr->alg)->name);
    hdr->has_crit = (v[1] & MEMO_CRIT) != 0;
    hdr->has_b64 = (v[1] & MEMO_B64) != 0;
    if (v[1] & MEMO_HAS_KID) {
        hdr->kid = malloc(n - 1);
        if (hdr->kid == NULL)
            return 0;
        memcpy(hdr->kid, v + 2, n - 2);
        hdr->kid[n - 2] = '\0';
    }
    return 1;
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
                                 size_t len, aor_l1_t *memo,
                                 aor_error_t *err)
{
    unsigned char *buf;
    json_t *h = NULL;
    size_t n = 0;
    aor_status_t st;

    if (memo_get(memo, part, len, &jws->hdr))
        return AOR_OK;
    buf = malloc(AOR_B64URL_DECODED_MAX(len) + 1);
    if (buf == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    st = decode_part("header", part, len, buf, &n, err);
    if (st == AOR_OK) {
        h = aor_json_parse_object((const char *)buf, n, err);
        st = h ? header_facts(h, &jws->hdr, err) : AOR_E_MALFORMED;
    }
    json_decref(h);
    free(buf);
    if (st == AOR_OK)
        memo_put(memo, part, len, &jws->hdr);
    return st;
}

aor_status_t aor_jws_parse(const char *token, size_t len, aor_l1_t *memo,
                           aor_jws_t **out, aor_error_t *err)
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
    st = parse_header(jws, token, dot1, memo, err);
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
    const aor_jws_header_t *h = &jws->hdr;

    if (h->alg_text[0] == '\0')
        return aor_error_set(err, AOR_E_ALG, "header has no string alg");
    if (h->alg == AOR_ALG_COUNT)
        return aor_error_set(err, AOR_E_ALG, "alg is not a supported "
                             "algorithm");
    if (!(allowed & AOR_ALGSET_BIT(h->alg)))
        return aor_error_set(err, AOR_E_ALG, "alg %s is not allowed",
                             aor_alg_info(h->alg)->name);
    if (h->has_crit)
        return aor_error_set(err, AOR_E_HEADER, "header has crit");
    if (h->has_b64)
        return aor_error_set(err, AOR_E_HEADER, "header has b64");
    if (h->kid_bad)
        return aor_error_set(err, AOR_E_HEADER, "kid is not a string");
    jws->alg = h->alg;
    jws->kid = h->kid;
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
