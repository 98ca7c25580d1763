/*
 * test_jws.c - the compact JWS layer on its own: splitting, decoding,
 * the protected header checks, and verification through a key set.
 */
#include "aor_jws.h"
#include "jws_signer.h"
#include "tap.h"

static aor_status_t parse(const char *token, aor_jws_t **out)
{
    aor_error_t err;

    return aor_jws_parse(token, strlen(token), NULL, out, &err);
}

/* Parse then check the header of b64url(header).e30.sig. */
static aor_status_t header_status(const char *header, aor_algset_t allowed)
{
    char *h = signer_b64(header, strlen(header)), *token;
    aor_jws_t *jws = NULL;
    aor_error_t err;
    aor_status_t st;

    token = malloc(strlen(h) + 16);
    strcpy(token, h);
    strcat(token, ".e30.AAAA");
    st = parse(token, &jws);
    if (st == AOR_OK)
        st = aor_jws_check_header(jws, allowed, &err);
    aor_jws_free(jws);
    free(token);
    free(h);
    return st;
}

static void test_structure(void)
{
    static const struct { const char *name, *token; aor_status_t st; }
    cases[] = {
        { "three parts",            "e30.e30.AAAA",       AOR_OK },
        { "empty signature part",   "e30.e30.",           AOR_OK },
        /* not-compact: exactly three parts, nothing else */
        { "two parts",              "e30.e30",            AOR_E_MALFORMED },
        { "four parts",             "e30.e30.AAAA.AAAA",  AOR_E_MALFORMED },
        { "no dot",                 "e30",                AOR_E_MALFORMED },
        { "empty",                  "",                   AOR_E_MALFORMED },
        { "empty header",           ".e30.AAAA",          AOR_E_MALFORMED },
        /* padding: RFC 7515 base64url has none */
        { "padded header",          "e30=.e30.AAAA",      AOR_E_MALFORMED },
        { "padded signature",       "e30.e30.AA==",       AOR_E_MALFORMED },
        /* non-canonical: 'B' leaves non-zero unused bits */
        { "non-canonical sig",      "e30.e30.AB",         AOR_E_MALFORMED },
        { "standard alphabet",      "e30.e30.A+/A",       AOR_E_MALFORMED },
        { "whitespace",             "e30 .e30.AAAA",      AOR_E_MALFORMED },
        { "header not an object",   "W10.e30.AAAA",       AOR_E_MALFORMED },
        { "header not JSON",        "eHh4.e30.AAAA",      AOR_E_MALFORMED },
    };
    aor_jws_t *jws;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        jws = NULL;
        is_int(parse(cases[i].token, &jws), cases[i].st, "%s", cases[i].name);
        ok((jws != NULL) == (cases[i].st == AOR_OK), "%s: result iff OK",
           cases[i].name);
        aor_jws_free(jws);
    }
    /* the JWS layer does not care what the payload is */
    is_int(parse("e30.Zm9v.AAAA", &jws), AOR_OK, "non-JSON payload parses");
    is_int(jws->payload_len, 3, "payload decoded");
    is_str(jws->payload, "foo", "payload bytes");
    is_int(jws->sig_len, 3, "signature decoded");
    is_int(jws->signing_len, strlen("e30.Zm9v"), "signing input length");
    aor_jws_free(jws);
}

static void test_header(void)
{
    aor_algset_t rs = AOR_ALGSET_BIT(AOR_ALG_RS256);
    aor_algset_t all = AOR_ALGSET_ALL;

    is_int(header_status("{\"alg\":\"RS256\"}", rs), AOR_OK, "RS256 allowed");
    is_int(header_status("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"cty\":\"x\"}",
                         rs), AOR_OK, "typ and cty are ignored");
    is_int(header_status("{\"alg\":\"RS256\",\"jku\":\"http://x\","
                         "\"x5u\":\"http://x\",\"jwk\":{},\"x5c\":[]}", rs),
           AOR_OK, "jku/x5u/jwk/x5c are ignored, never used");
    /* alg-none in any spelling */
    is_int(header_status("{\"alg\":\"none\"}", all), AOR_E_ALG, "alg none");
    is_int(header_status("{\"alg\":\"None\"}", all), AOR_E_ALG, "alg None");
    is_int(header_status("{\"alg\":\"NONE\"}", all), AOR_E_ALG, "alg NONE");
    /* alg-lowercase: names are case-sensitive (RFC 7515 4.1.1) */
    is_int(header_status("{\"alg\":\"rs256\"}", all), AOR_E_ALG, "rs256");
    is_int(header_status("{\"alg\":\"HS256\"}", rs), AOR_E_ALG,
           "HS256 not in the allowed set");
    is_int(header_status("{}", all), AOR_E_ALG, "no alg");
    is_int(header_status("{\"alg\":1}", all), AOR_E_ALG, "numeric alg");
    /* crit-unknown: RFC 7515 4.1.11, we understand no extension */
    is_int(header_status("{\"alg\":\"RS256\",\"crit\":[\"exp\"]}", rs),
           AOR_E_HEADER, "crit with a member");
    is_int(header_status("{\"alg\":\"RS256\",\"crit\":[]}", rs),
           AOR_E_HEADER, "crit even empty");
    /* b64-unencoded: RFC 7797 payloads are not JWTs */
    is_int(header_status("{\"alg\":\"RS256\",\"b64\":false}", rs),
           AOR_E_HEADER, "b64 false");
    is_int(header_status("{\"alg\":\"RS256\",\"b64\":true}", rs),
           AOR_E_HEADER, "b64 true");
    is_int(header_status("{\"alg\":\"RS256\",\"kid\":7}", rs), AOR_E_HEADER,
           "numeric kid");
    /* duplicate-alg: {"alg":"RS256","alg":"none"} must not pick either */
    is_int(header_status("{\"alg\":\"RS256\",\"alg\":\"none\"}", all),
           AOR_E_MALFORMED, "duplicate alg members");
}

static void test_verify(void)
{
    EVP_PKEY *pkey = signer_keygen("EC", "P-256", 0);
    aor_keyset_t *ks = aor_keyset_new();
    aor_key_t *key = NULL;
    const aor_key_t *used = NULL;
    aor_jws_t *jws = NULL;
    aor_error_t err;
    char *token;

    EVP_PKEY_up_ref(pkey);
    aor_key_from_pkey(pkey, &key, &err);
    aor_keyset_add(ks, key, AOR_KEY_FROM_STATIC, &err);
    token = signer_jws("{\"alg\":\"ES256\"}", "not json at all", "ES256",
                       pkey, NULL, 0);
    is_int(parse(token, &jws), AOR_OK, "ES256 token parses");
    is_int(aor_jws_verify(jws, ks, &used, &err), AOR_E_INTERNAL,
           "verify before the header check is refused");
    is_int(aor_jws_check_header(jws, AOR_ALGSET_BIT(AOR_ALG_ES256), &err),
           AOR_OK, "header ok");
    is_int(jws->alg, AOR_ALG_ES256, "alg recorded");
    ok(jws->kid == NULL, "no kid");
    is_int(aor_jws_verify(jws, ks, &used, &err), AOR_OK, "signature ok");
    ok(used == key, "the configured key verified");
    aor_jws_free(jws);
    /* tampered-payload: the signature covers the payload */
    token[strlen("eyJhbGciOiJFUzI1NiJ9.") + 2] ^= 0x01;
    jws = NULL;
    is_int(parse(token, &jws), AOR_OK, "tampered token still parses");
    aor_jws_check_header(jws, AOR_ALGSET_BIT(AOR_ALG_ES256), &err);
    is_int(aor_jws_verify(jws, ks, &used, &err), AOR_E_SIGNATURE,
           "tampered payload fails");
    aor_jws_free(jws);
    free(token);
    aor_keyset_free(ks);
    EVP_PKEY_free(pkey);
}

int main(void)
{
    test_structure();
    test_header();
    test_verify();
    return tap_done();
}
