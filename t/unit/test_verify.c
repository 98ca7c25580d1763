/*
 * test_verify.c - the whole pipeline, aor_verify_token, at a fixed "now":
 * one table row per attack or rule, named after what it stops, and the
 * identity a good token yields.
 */
#include "aor_verify.h"
#include "jws_signer.h"
#include "tap.h"

#define NOW 1700000000.0

static EVP_PKEY *rsa_key;           /* the configured RS256 key      */
static EVP_PKEY *other_key;         /* an attacker's RSA key         */
static unsigned char secret[64];    /* the configured HMAC secret    */
static aor_keyset_t *rsa_set;       /* RSA public key only           */
static aor_keyset_t *hmac_set;      /* the HMAC secret only          */
static char *rsa_pem;               /* the RSA public key, as PEM    */

static const char *audiences[] = { "my-os" };

static void policy(aor_policy_t *pol, aor_algset_t algs)
{
    memset(pol, 0, sizeof(*pol));
    pol->max_token_size = 16384;
    pol->algs = algs;
    pol->claims.leeway = 10;
    pol->claims.audiences = audiences;
    pol->claims.n_audiences = 1;
    pol->claims.aud_claim = AOR_CLAIM_AUDIENCE;
    aor_identity_policy_init(&pol->identity);
}

static void setup(void)
{
    aor_key_t *key = NULL;
    aor_error_t err;

    rsa_key = signer_keygen("RSA", NULL, 2048);
    other_key = signer_keygen("RSA", NULL, 2048);
    rsa_pem = signer_public_pem(rsa_key);
    memset(secret, 0x42, sizeof(secret));
    rsa_set = aor_keyset_new();
    aor_key_from_pem(rsa_pem, strlen(rsa_pem), &key, &err);
    aor_keyset_add(rsa_set, key, AOR_KEY_FROM_STATIC, &err);
    hmac_set = aor_keyset_new();
    aor_key_from_secret(secret, sizeof(secret), &key, &err);
    aor_keyset_add(hmac_set, key, AOR_KEY_FROM_STATIC, &err);
}

#define GOOD "{\"sub\":\"u1\",\"aud\":\"my-os\",\"exp\":1700000100," \
             "\"scopes\":[\"agents:read\"]}"

typedef enum { SIGN_RSA, SIGN_OTHER, SIGN_HMAC, SIGN_PEM_AS_HMAC } signer_t;

typedef struct {
    const char *name;           /* the attack or rule */
    const char *header;
    const char *payload;
    const char *alg;            /* what the signer really does */
    signer_t signer;
    int hmac_location;          /* verify against the HMAC key set */
    aor_status_t want;
} case_t;

static const case_t cases[] = {
    { "good-rs256", "{\"alg\":\"RS256\"}", GOOD, "RS256", SIGN_RSA, 0,
      AOR_OK },
    { "good-hs256", "{\"alg\":\"HS256\"}", GOOD, "HS256", SIGN_HMAC, 1,
      AOR_OK },
    /* the attacker signs with their own key */
    { "foreign-key", "{\"alg\":\"RS256\"}", GOOD, "RS256", SIGN_OTHER, 0,
      AOR_E_SIGNATURE },
    /* alg confusion: HMAC keyed with the public key's PEM bytes */
    { "hs256-with-rsa-pubkey", "{\"alg\":\"HS256\"}", GOOD, "HS256",
      SIGN_PEM_AS_HMAC, 0, AOR_E_NO_KEY },
    /* the same where HS256 is allowed but only HMAC keys exist */
    { "hs256-with-rsa-pubkey-hmac-location", "{\"alg\":\"HS256\"}", GOOD,
      "HS256", SIGN_PEM_AS_HMAC, 1, AOR_E_SIGNATURE },
    { "rs256-token-at-hs256-location", "{\"alg\":\"RS256\"}", GOOD, "RS256",
      SIGN_RSA, 1, AOR_E_ALG },
    { "crit-unknown", "{\"alg\":\"RS256\",\"crit\":[\"x\"],\"x\":1}", GOOD,
      "RS256", SIGN_RSA, 0, AOR_E_HEADER },
    { "duplicate-alg", "{\"alg\":\"RS256\",\"alg\":\"none\"}", GOOD, "RS256",
      SIGN_RSA, 0, AOR_E_MALFORMED },
    { "duplicate-claim", "{\"alg\":\"RS256\"}",
      "{\"sub\":\"u1\",\"sub\":\"admin\",\"aud\":\"my-os\"}", "RS256",
      SIGN_RSA, 0, AOR_E_MALFORMED },
    { "payload-not-object", "{\"alg\":\"RS256\"}", "[1,2]", "RS256",
      SIGN_RSA, 0, AOR_E_MALFORMED },
    { "expired", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"exp\":1699999000}", "RS256", SIGN_RSA, 0,
      AOR_E_EXPIRED },
    { "expired-within-leeway", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"exp\":1699999995}", "RS256", SIGN_RSA, 0,
      AOR_OK },
    { "nbf-future", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"nbf\":1700000060}", "RS256", SIGN_RSA, 0,
      AOR_E_NBF },
    { "iat-future", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"iat\":1700000060}", "RS256", SIGN_RSA, 0,
      AOR_E_IAT },
    { "audience-mismatch", "{\"alg\":\"RS256\"}", "{\"aud\":\"other-os\"}",
      "RS256", SIGN_RSA, 0, AOR_E_AUDIENCE },
    { "audience-array", "{\"alg\":\"RS256\"}",
      "{\"aud\":[\"x\",\"my-os\"]}", "RS256", SIGN_RSA, 0, AOR_OK },
    { "audience-missing", "{\"alg\":\"RS256\"}", "{\"sub\":\"u\"}", "RS256",
      SIGN_RSA, 0, AOR_E_AUD_MISSING },
    { "reserved-subject-sa", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"sub\":\"sa:robot\"}", "RS256", SIGN_RSA, 0,
      AOR_E_SUBJECT },
    { "reserved-subject-oauth", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"sub\":\"__oauth__:c\"}", "RS256", SIGN_RSA, 0,
      AOR_E_SUBJECT },
    { "reserved-subject-scheduler", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"sub\":\"__scheduler__\"}", "RS256", SIGN_RSA, 0,
      AOR_E_SUBJECT },
    /* order of checks: the signature comes before any claim */
    { "order-signature-before-exp", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"x\",\"exp\":1}", "RS256", SIGN_OTHER, 0, AOR_E_SIGNATURE },
    { "order-exp-before-aud", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"x\",\"exp\":1}", "RS256", SIGN_RSA, 0, AOR_E_EXPIRED },
    { "order-aud-before-subject", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"x\",\"sub\":\"sa:x\"}", "RS256", SIGN_RSA, 0,
      AOR_E_AUDIENCE },
    { "order-subject-before-scopes", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"sub\":\"sa:x\",\"scopes\":[1]}", "RS256",
      SIGN_RSA, 0, AOR_E_SUBJECT },
    { "scopes-non-string", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"scopes\":[\"a:b\",null]}", "RS256", SIGN_RSA, 0,
      AOR_E_SCOPES },
    { "scope-control-char", "{\"alg\":\"RS256\"}",
      "{\"aud\":\"my-os\",\"scopes\":[\"a:b\\r\\nX: y\"]}", "RS256",
      SIGN_RSA, 0, AOR_E_CONTROL_CHAR },
};

static char *sign_case(const case_t *c)
{
    switch (c->signer) {
    case SIGN_RSA:
        return signer_jws(c->header, c->payload, c->alg, rsa_key, NULL, 0);
    case SIGN_OTHER:
        return signer_jws(c->header, c->payload, c->alg, other_key, NULL, 0);
    case SIGN_HMAC:
        return signer_jws(c->header, c->payload, c->alg, NULL, secret,
                          sizeof(secret));
    case SIGN_PEM_AS_HMAC:
        return signer_jws(c->header, c->payload, c->alg, NULL,
                          (const unsigned char *)rsa_pem, strlen(rsa_pem));
    }
    return NULL;
}

static void test_cases(void)
{
    aor_algset_t both = AOR_ALGSET_BIT(AOR_ALG_RS256)
        | AOR_ALGSET_BIT(AOR_ALG_HS256);
    aor_policy_t pol;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const case_t *c = &cases[i];
        char *token = sign_case(c);
        aor_token_t *t = NULL;
        aor_error_t err;
        aor_status_t st;

        policy(&pol, c->hmac_location ? AOR_ALGSET_BIT(AOR_ALG_HS256) : both);
        st = aor_verify_token(token, strlen(token),
                              c->hmac_location ? hmac_set : rsa_set, &pol,
                              NOW, &t, NULL, &err);
        is_int(st, c->want, "%s", c->name);
        ok((t != NULL) == (st == AOR_OK), "%s: identity iff accepted",
           c->name);
        aor_token_free(t);
        free(token);
    }
}

static void test_identity_and_meta(void)
{
    aor_policy_t pol;
    aor_verify_meta_t meta;
    aor_token_t *t = NULL;
    aor_error_t err;
    char *token;

    policy(&pol, AOR_ALGSET_BIT(AOR_ALG_RS256));
    token = signer_jws("{\"alg\":\"RS256\",\"kid\":\"k-1\"}",
                       "{\"sub\":\"u1\",\"aud\":[\"my-os\",\"b\"],"
                       "\"session_id\":\"s1\",\"exp\":1700000100.5,"
                       "\"scopes\":[\"agents:read\",\"teams:a:run\"]}",
                       "RS256", rsa_key, NULL, 0);
    is_int(aor_verify_token(token, strlen(token), rsa_set, &pol, NOW, &t,
                            &meta, &err), AOR_OK, "identity token verifies");
    is_str(t->user_id, "u1", "user id");
    is_str(t->session_id, "s1", "session id");
    is_str(t->audience, "my-os b", "audience joined");
    is_int(t->n_scopes, 2, "two scopes");
    is_str(t->scopes[1], "teams:a:run", "scopes in order");
    ok(t->has_exp && t->exp == 1700000100.5, "fractional exp kept");
    is_int(t->alg, AOR_ALG_RS256, "alg recorded");
    is_str(t->kid, "k-1", "kid recorded");
    is_str(meta.kid, "k-1", "meta kid");
    aor_token_free(t);
    free(token);

    /* meta is for logs: hostile bytes in kid are neutralised */
    token = signer_jws("{\"alg\":\"RS256\",\"kid\":\"a\\nb\\\"c\"}",
                       "{\"aud\":\"zz\",\"iss\":\"https://idp\"}", "RS256",
                       other_key, NULL, 0);
    t = NULL;
    is_int(aor_verify_token(token, strlen(token), rsa_set, &pol, NOW, &t,
                            &meta, &err), AOR_E_SIGNATURE, "meta case fails");
    is_str(meta.kid, "a?b?c", "kid sanitised for the log");
    is_str(meta.alg, "RS256", "alg in meta");
    is_str(meta.iss, "https://idp", "iss in meta");
    ok(strstr(err.text, token) == NULL, "error text holds no token");
    free(token);

    /* size before anything: a huge token is not even split */
    pol.max_token_size = 64;
    token = signer_jws("{\"alg\":\"RS256\"}", GOOD, "RS256", rsa_key, NULL, 0);
    is_int(aor_verify_token(token, strlen(token), rsa_set, &pol, NOW, &t,
                            NULL, &err), AOR_E_TOO_LARGE, "size limit first");
    free(token);
}

int main(void)
{
    setup();
    test_cases();
    test_identity_and_meta();
    aor_keyset_free(rsa_set);
    aor_keyset_free(hmac_set);
    EVP_PKEY_free(rsa_key);
    EVP_PKEY_free(other_key);
    free(rsa_pem);
    return tap_done();
}
