/*
 * test_claims.c - unit tests of aor_claims: the registered-claim checks
 * (RFC 7519 4.1) at a fixed time, with PyJWT 2's boundaries and order
 * (SPEC 4.2, 4.11): iat, nbf, exp, iss, aud; first failure wins.
 *
 * now is fixed at 1700000000 and the default leeway is 10 s, so
 *   exp <= 1699999990 is expired, nbf/iat > 1700000010 is in the future.
 */
#include <stdlib.h>
#include <string.h>

#include "aor_claims.h"
#include "tap.h"

#define NOW 1700000000.0

/* Policy variations a vector can ask for. */
enum {
    P_ISS = 1,          /* issuers configured          */
    P_AUD = 2,          /* audiences configured        */
    P_REQ_EXP = 4,      /* require_exp                 */
    P_NO_LEEWAY = 8,    /* leeway 0 instead of 10      */
    P_AUD_CLAIM = 16    /* audience claim "audience"   */
};

typedef struct {
    const char *name;
    const char *payload;
    int policy;
    aor_status_t want;
} claims_vector_t;

static const char *const issuers[] = {
    "https://issuer.example", "https://other.example"
};
static const char *const audiences[] = { "my-agent-os", "second-os" };

static const claims_vector_t vectors[] = {
    { "no-claims", "{}", 0, AOR_OK },
    { "all-valid", "{\"iat\":1699999000,\"nbf\":1699999000,"
      "\"exp\":1700000600,\"iss\":\"https://issuer.example\","
      "\"aud\":\"my-agent-os\"}", P_ISS | P_AUD | P_REQ_EXP, AOR_OK },

    /* exp: expired when exp <= now - leeway (PyJWT) */
    { "exp-future", "{\"exp\":1700000100}", 0, AOR_OK },
    { "exp-now-within-leeway", "{\"exp\":1700000000}", 0, AOR_OK },
    { "exp-leeway-edge-plus-1", "{\"exp\":1699999991}", 0, AOR_OK },
    { "exp-leeway-edge-plus-half", "{\"exp\":1699999990.5}", 0, AOR_OK },
    /* exactly now - leeway is already expired (<=, not <) */
    { "exp-leeway-edge-exact", "{\"exp\":1699999990}", 0, AOR_E_EXPIRED },
    { "exp-leeway-edge-minus-half", "{\"exp\":1699999989.5}", 0,
      AOR_E_EXPIRED },
    { "exp-no-leeway-now", "{\"exp\":1700000000}", P_NO_LEEWAY,
      AOR_E_EXPIRED },
    { "exp-no-leeway-now-plus-half", "{\"exp\":1700000000.5}", P_NO_LEEWAY,
      AOR_OK },
    { "exp-zero", "{\"exp\":0}", 0, AOR_E_EXPIRED },
    { "exp-negative", "{\"exp\":-1}", 0, AOR_E_EXPIRED },
    /* huge NumericDates compare as doubles, no integer overflow */
    { "exp-1e300-far-future", "{\"exp\":1e300}", 0, AOR_OK },
    { "exp-minus-1e300", "{\"exp\":-1e300}", 0, AOR_E_EXPIRED },
    { "exp-int64-max", "{\"exp\":9223372036854775807}", 0, AOR_OK },
    { "exp-int64-min", "{\"exp\":-9223372036854775807}", 0, AOR_E_EXPIRED },

    /* nbf / iat: not yet valid when > now + leeway */
    { "nbf-past", "{\"nbf\":1699990000}", 0, AOR_OK },
    { "nbf-leeway-edge-exact", "{\"nbf\":1700000010}", 0, AOR_OK },
    { "nbf-leeway-edge-plus-half", "{\"nbf\":1700000010.5}", 0,
      AOR_E_NBF },
    { "nbf-leeway-edge-plus-1", "{\"nbf\":1700000011}", 0, AOR_E_NBF },
    { "nbf-no-leeway-now", "{\"nbf\":1700000000}", P_NO_LEEWAY, AOR_OK },
    { "nbf-no-leeway-future", "{\"nbf\":1700000000.25}", P_NO_LEEWAY,
      AOR_E_NBF },
    { "nbf-1e300", "{\"nbf\":1e300}", 0, AOR_E_NBF },
    { "iat-past", "{\"iat\":1699990000}", 0, AOR_OK },
    { "iat-leeway-edge-exact", "{\"iat\":1700000010}", 0, AOR_OK },
    { "iat-leeway-edge-plus-fraction", "{\"iat\":1700000010.001}", 0,
      AOR_E_IAT },
    { "iat-future", "{\"iat\":1700003600}", 0, AOR_E_IAT },
    { "iat-1e300", "{\"iat\":1e300}", 0, AOR_E_IAT },

    /* a NumericDate must be a number (SPEC 4.2): a string date could be
     * read differently by every parser */
    { "exp-string", "{\"exp\":\"1700000100\"}", 0, AOR_E_CLAIM_TYPE },
    { "exp-true", "{\"exp\":true}", 0, AOR_E_CLAIM_TYPE },
    { "exp-false", "{\"exp\":false}", 0, AOR_E_CLAIM_TYPE },
    { "exp-null", "{\"exp\":null}", 0, AOR_E_CLAIM_TYPE },
    { "exp-array", "{\"exp\":[1700000100]}", 0, AOR_E_CLAIM_TYPE },
    { "exp-object", "{\"exp\":{}}", 0, AOR_E_CLAIM_TYPE },
    { "nbf-string", "{\"nbf\":\"0\"}", 0, AOR_E_CLAIM_TYPE },
    { "nbf-true", "{\"nbf\":true}", 0, AOR_E_CLAIM_TYPE },
    { "nbf-null", "{\"nbf\":null}", 0, AOR_E_CLAIM_TYPE },
    { "iat-string", "{\"iat\":\"0\"}", 0, AOR_E_CLAIM_TYPE },
    { "iat-false", "{\"iat\":false}", 0, AOR_E_CLAIM_TYPE },
    { "iat-null", "{\"iat\":null}", 0, AOR_E_CLAIM_TYPE },

    /* require_exp */
    { "require-exp-missing", "{}", P_REQ_EXP, AOR_E_EXP_MISSING },
    { "require-exp-present", "{\"exp\":1700000100}", P_REQ_EXP, AOR_OK },
    /* null is present with the wrong type, not missing */
    { "require-exp-null", "{\"exp\":null}", P_REQ_EXP, AOR_E_CLAIM_TYPE },
    { "require-exp-off-missing", "{}", 0, AOR_OK },

    /* order of checks: iat, nbf, exp, iss, aud (SPEC 4.11) */
    { "order-expired-before-audience", "{\"exp\":1600000000,"
      "\"aud\":\"someone-else\"}", P_AUD, AOR_E_EXPIRED },
    { "order-expired-before-aud-missing", "{\"exp\":1600000000}", P_AUD,
      AOR_E_EXPIRED },
    { "order-iat-before-expired", "{\"iat\":1800000000,"
      "\"exp\":1600000000}", 0, AOR_E_IAT },
    { "order-iat-before-nbf", "{\"iat\":1800000000,\"nbf\":1800000000}", 0,
      AOR_E_IAT },
    { "order-nbf-before-expired", "{\"nbf\":1800000000,"
      "\"exp\":1600000000}", 0, AOR_E_NBF },
    { "order-iat-before-exp-type", "{\"iat\":1800000000,"
      "\"exp\":\"soon\"}", 0, AOR_E_IAT },
    { "order-exp-type-before-issuer", "{\"exp\":\"soon\","
      "\"iss\":\"https://evil.example\"}", P_ISS, AOR_E_CLAIM_TYPE },
    { "order-expired-before-issuer", "{\"exp\":1600000000,"
      "\"iss\":\"https://evil.example\"}", P_ISS, AOR_E_EXPIRED },
    { "order-issuer-before-audience", "{\"iss\":\"https://evil.example\","
      "\"aud\":\"someone-else\"}", P_ISS | P_AUD, AOR_E_ISSUER },
    { "order-iss-missing-before-aud-missing", "{}", P_ISS | P_AUD,
      AOR_E_ISS_MISSING },

    /* issuer list */
    { "iss-first", "{\"iss\":\"https://issuer.example\"}", P_ISS, AOR_OK },
    { "iss-second", "{\"iss\":\"https://other.example\"}", P_ISS, AOR_OK },
    { "iss-missing", "{}", P_ISS, AOR_E_ISS_MISSING },
    /* a token from another issuer, signed by a shared key */
    { "iss-mismatch", "{\"iss\":\"https://evil.example\"}", P_ISS,
      AOR_E_ISSUER },
    { "iss-trailing-slash", "{\"iss\":\"https://issuer.example/\"}", P_ISS,
      AOR_E_ISSUER },
    { "iss-case", "{\"iss\":\"HTTPS://ISSUER.EXAMPLE\"}", P_ISS,
      AOR_E_ISSUER },
    { "iss-prefix", "{\"iss\":\"https://issuer.exam\"}", P_ISS,
      AOR_E_ISSUER },
    { "iss-empty", "{\"iss\":\"\"}", P_ISS, AOR_E_ISSUER },
    /* an array must not be searched for a matching issuer */
    { "iss-array-smuggling", "{\"iss\":[\"https://issuer.example\"]}",
      P_ISS, AOR_E_ISSUER },
    { "iss-number", "{\"iss\":1}", P_ISS, AOR_E_ISSUER },
    { "iss-null", "{\"iss\":null}", P_ISS, AOR_E_ISSUER },
    { "iss-not-configured", "{\"iss\":42}", 0, AOR_OK },

    /* audience */
    { "aud-string", "{\"aud\":\"my-agent-os\"}", P_AUD, AOR_OK },
    { "aud-string-second", "{\"aud\":\"second-os\"}", P_AUD, AOR_OK },
    /* a token minted for another AgentOS instance */
    { "aud-other-instance", "{\"aud\":\"other-os\"}", P_AUD,
      AOR_E_AUDIENCE },
    { "aud-substring", "{\"aud\":\"my-agent\"}", P_AUD, AOR_E_AUDIENCE },
    { "aud-superstring", "{\"aud\":\"my-agent-os-2\"}", P_AUD,
      AOR_E_AUDIENCE },
    { "aud-trailing-space", "{\"aud\":\"my-agent-os \"}", P_AUD,
      AOR_E_AUDIENCE },
    { "aud-case", "{\"aud\":\"MY-AGENT-OS\"}", P_AUD, AOR_E_AUDIENCE },
    { "aud-space-joined", "{\"aud\":\"x my-agent-os\"}", P_AUD,
      AOR_E_AUDIENCE },
    { "aud-array-contains", "{\"aud\":[\"x\",\"my-agent-os\"]}", P_AUD,
      AOR_OK },
    { "aud-array-second-accepted", "{\"aud\":[\"second-os\"]}", P_AUD,
      AOR_OK },
    { "aud-array-without", "{\"aud\":[\"x\",\"y\"]}", P_AUD,
      AOR_E_AUDIENCE },
    { "aud-array-empty", "{\"aud\":[]}", P_AUD, AOR_E_AUDIENCE },
    { "aud-missing", "{}", P_AUD, AOR_E_AUD_MISSING },
    /* null counts as missing (SPEC 4.11, PyJWT) */
    { "aud-null-is-missing", "{\"aud\":null}", P_AUD, AOR_E_AUD_MISSING },
    /* PyJWT rejects the whole array when one member is not a string */
    { "aud-array-non-string-member", "{\"aud\":[\"my-agent-os\",1]}", P_AUD,
      AOR_E_AUDIENCE },
    { "aud-array-null-member", "{\"aud\":[null,\"my-agent-os\"]}", P_AUD,
      AOR_E_AUDIENCE },
    { "aud-array-nested", "{\"aud\":[[\"my-agent-os\"]]}", P_AUD,
      AOR_E_AUDIENCE },
    { "aud-number", "{\"aud\":1}", P_AUD, AOR_E_AUDIENCE },
    { "aud-true", "{\"aud\":true}", P_AUD, AOR_E_AUDIENCE },
    { "aud-object", "{\"aud\":{\"my-agent-os\":1}}", P_AUD,
      AOR_E_AUDIENCE },
    /* n_audiences == 0: no audience check at all */
    { "aud-not-configured-missing", "{}", 0, AOR_OK },
    { "aud-not-configured-number", "{\"aud\":1}", 0, AOR_OK },
    { "aud-not-configured-other", "{\"aud\":\"other-os\"}", 0, AOR_OK },
    /* AgentOSAudienceClaim: the configured claim is the one checked */
    { "aud-claim-custom", "{\"audience\":\"my-agent-os\"}",
      P_AUD | P_AUD_CLAIM, AOR_OK },
    { "aud-claim-custom-ignores-aud", "{\"aud\":\"my-agent-os\"}",
      P_AUD | P_AUD_CLAIM, AOR_E_AUD_MISSING },
    { "aud-claim-custom-mismatch", "{\"audience\":\"x\","
      "\"aud\":\"my-agent-os\"}", P_AUD | P_AUD_CLAIM, AOR_E_AUDIENCE },
};

static void make_policy(int flags, aor_claims_policy_t *pol)
{
    memset(pol, 0, sizeof(*pol));
    pol->leeway = (flags & P_NO_LEEWAY) ? 0.0 : 10.0;
    pol->require_exp = (flags & P_REQ_EXP) != 0;
    if (flags & P_ISS) {
        pol->issuers = issuers;
        pol->n_issuers = 2;
    }
    if (flags & P_AUD) {
        pol->audiences = audiences;
        pol->n_audiences = 2;
    }
    pol->aud_claim = (flags & P_AUD_CLAIM) ? "audience" : "aud";
}

static void test_vectors(void)
{
    size_t i;

    for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        const claims_vector_t *v = &vectors[i];
        aor_claims_policy_t pol;
        json_error_t jerr;
        aor_error_t err;
        json_t *payload = json_loads(v->payload, JSON_REJECT_DUPLICATES,
                                     &jerr);
        aor_status_t st;

        if (!ok(payload != NULL, "%s: fixture parses", v->name)) {
            tap_diag("%s", jerr.text);
            continue;
        }
        make_policy(v->policy, &pol);
        err.text[0] = '\0';
        st = aor_claims_check(payload, &pol, NOW, &err);
        is_int(st, v->want, "%s", v->name);
        if (st != v->want)
            tap_diag("%s: detail '%s'", v->name, err.text);
        json_decref(payload);
    }
}

/* A failure fills the log detail; the check does not modify the payload. */
static void test_detail_and_const(void)
{
    aor_claims_policy_t pol;
    aor_error_t err;
    json_t *payload = json_loads("{\"exp\":1600000000}", 0, NULL);
    char *before, *after;

    make_policy(0, &pol);
    before = json_dumps(payload, JSON_SORT_KEYS);
    err.text[0] = '\0';
    is_int(aor_claims_check(payload, &pol, NOW, &err), AOR_E_EXPIRED,
           "detail: expired");
    ok(err.text[0] != '\0', "detail: error text set");
    after = json_dumps(payload, JSON_SORT_KEYS);
    is_str(after, before, "payload unchanged by the check");
    free(before);
    free(after);
    /* the same token at its own time is fine: now is a parameter */
    is_int(aor_claims_check(payload, &pol, 1599999000.0, &err), AOR_OK,
           "now is the caller's: valid at an earlier now");
    json_decref(payload);
}

int main(void)
{
    test_vectors();
    test_detail_and_const();
    return tap_done();
}
