/*
 * aor_verify.c - the verification pipeline.
 *
 * Owns the order of checks and nothing else: each step lives in its own
 * component (aor_jws, aor_claims, aor_token).
 */
#include <string.h>

#include <openssl/evp.h>

#include "aor_json.h"
#include "aor_jws.h"
#include "aor_verify.h"

/* Copy s into dst[0..max) for logging, replacing non-printable bytes. */
static void meta_copy(char *dst, size_t max, const char *s)
{
    size_t i;

    for (i = 0; s != NULL && s[i] != '\0' && i + 1 < max; i++) {
        unsigned char c = (unsigned char)s[i];

        dst[i] = (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
            ? '?' : (char)c;
    }
    dst[i] = '\0';
}

static void meta_fill(aor_verify_meta_t *meta, const aor_jws_t *jws,
                      const json_t *payload)
{
    const char *s = NULL;

    if (meta == NULL)
        return;
    meta_copy(meta->alg, sizeof(meta->alg), jws->hdr.alg_text);
    meta_copy(meta->kid, sizeof(meta->kid), jws->hdr.kid);
    if (payload != NULL && aor_json_get_string(payload, "iss", &s) == 0)
        meta_copy(meta->iss, sizeof(meta->iss), s);
}

aor_status_t aor_verify_token(const char *token, size_t len,
                              const aor_keyset_t *keys,
                              const aor_policy_t *pol, double now,
                              aor_token_t **out, aor_verify_meta_t *meta,
                              aor_error_t *err)
{
    return aor_verify_token_memo(token, len, keys, pol, now, NULL, out,
                                 meta, err);
}

aor_status_t aor_verify_token_memo(const char *token, size_t len,
                                   const aor_keyset_t *keys,
                                   const aor_policy_t *pol, double now,
                                   aor_l1_t *memo, aor_token_t **out,
                                   aor_verify_meta_t *meta,
                                   aor_error_t *err)
{
    const aor_key_t *used = NULL;
    aor_jws_t *jws = NULL;
    json_t *payload = NULL;
    aor_status_t st;

    *out = NULL;
    if (meta != NULL)
        memset(meta, 0, sizeof(*meta));
    if (len > pol->max_token_size)
        return aor_error_set(err, AOR_E_TOO_LARGE, "token of %zu bytes "
                             "exceeds the limit of %zu", len,
                             pol->max_token_size);
    st = aor_jws_parse(token, len, memo, &jws, err);
    if (st != AOR_OK)
        return st;
    payload = aor_json_parse_object(jws->payload, jws->payload_len, err);
    meta_fill(meta, jws, payload);
    if (payload == NULL) {
        st = AOR_E_MALFORMED;
        goto done;
    }
    st = aor_jws_check_header(jws, pol->algs, err);
    if (st == AOR_OK)
        st = aor_jws_verify(jws, keys, &used, err);
    if (st == AOR_OK)
        st = aor_claims_check(payload, &pol->claims, now, err);
    if (st == AOR_OK)
        st = aor_token_from_claims(payload, &pol->identity, jws->alg,
                                   jws->kid, out, err);
    if (st == AOR_OK)
        (*out)->key_fp = aor_key_fingerprint(used);
done:
    json_decref(payload);
    aor_jws_free(jws);
    return st;
}

void aor_cache_key(uint64_t ctx, const char *token, size_t len,
                   unsigned char out[AOR_CACHE_KEY_LEN])
{
    unsigned int mdlen = 0;
    int i;

    for (i = 0; i < 8; i++)
        out[i] = (unsigned char)(ctx >> (56 - 8 * i));
    if (!EVP_Digest(token, len, out + 8, &mdlen, EVP_sha256(), NULL))
        memset(out + 8, 0, AOR_CACHE_KEY_LEN - 8);
}
