/*
 * test_err.c - unit tests of aor_err: the status codes, the error record
 * filled by aor_error_set() / aor_error_ssl(), and the short reasons a
 * client sees after "Invalid token: " (SPEC 4.2, 4.9).
 */
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "aor_err.h"
#include "tap.h"

/* Every status has a reason: the adapter formats it without checking. */
static void test_reason_never_null(void)
{
    int st, missing = 0;

    for (st = AOR_OK; st <= AOR_E_INTERNAL; st++) {
        const char *r = aor_status_reason((aor_status_t)st);

        if (r == NULL || r[0] == '\0') {
            missing++;
            tap_diag("status %d: reason %s", st, r ? "empty" : "NULL");
        }
    }
    is_int(missing, 0, "every status AOR_OK..AOR_E_INTERNAL has a reason");
    /* a status from a newer core must still yield a string */
    ok(aor_status_reason((aor_status_t)999) != NULL,
       "out-of-range status: not NULL");
    is_int(AOR_OK, 0, "AOR_OK is 0");
}

typedef struct {
    const char *name;
    aor_status_t status;
    const char *reason;
} reason_vector_t;

static const reason_vector_t reason_vectors[] = {
    /* fixed by SPEC 4.2: 'Invalid token: Token is missing the "aud" claim' */
    { "spec-aud-missing", AOR_E_AUD_MISSING,
      "Token is missing the \"aud\" claim" },
    /* PyJWT's wording, which AgentOS shows after "Invalid token: " */
    { "pyjwt-exp-missing", AOR_E_EXP_MISSING,
      "Token is missing the \"exp\" claim" },
    { "pyjwt-iss-missing", AOR_E_ISS_MISSING,
      "Token is missing the \"iss\" claim" },
    { "pyjwt-issuer", AOR_E_ISSUER, "Invalid issuer" },
    { "pyjwt-iat", AOR_E_IAT, "The token is not yet valid (iat)" },
    { "pyjwt-nbf", AOR_E_NBF, "The token is not yet valid (nbf)" },
    { "pyjwt-expired", AOR_E_EXPIRED, "Signature has expired" },
    { "pyjwt-audience", AOR_E_AUDIENCE, "Invalid audience" },
    { "pyjwt-signature", AOR_E_SIGNATURE, "Signature verification failed" },
    { "pyjwt-alg", AOR_E_ALG, "The specified alg value is not allowed" },
};

static void test_reason_texts(void)
{
    size_t i;

    for (i = 0; i < sizeof(reason_vectors) / sizeof(reason_vectors[0]);
         i++) {
        const reason_vector_t *v = &reason_vectors[i];

        is_str(aor_status_reason(v->status), v->reason, "%s", v->name);
    }
}

/*
 * Every token rejection has its own reason except the two "no key" cases,
 * so a client can tell an expired token from a bad signature.
 */
static void test_reasons_distinct(void)
{
    int a, b, clashes = 0;

    for (a = AOR_E_TOO_LARGE; a <= AOR_E_SCOPES; a++) {
        for (b = a + 1; b <= AOR_E_SCOPES; b++) {
            if (a == AOR_E_NO_KEY && b == AOR_E_KID_UNKNOWN)
                continue;
            if (strcmp(aor_status_reason((aor_status_t)a),
                       aor_status_reason((aor_status_t)b)) == 0) {
                clashes++;
                tap_diag("statuses %d and %d share a reason", a, b);
            }
        }
    }
    is_int(clashes, 0, "token rejection reasons are distinct");
    ok(strcmp(aor_status_reason(AOR_E_SIGNATURE),
              aor_status_reason(AOR_OK)) != 0,
       "a rejection never reads like success");
}

static void test_error_set(void)
{
    char longer[AOR_ERROR_TEXT_MAX * 2];
    aor_error_t err;

    memset(err.text, 'Z', sizeof(err.text));
    is_int(aor_error_set(&err, AOR_E_EXPIRED, "expired %d s ago", 42),
           AOR_E_EXPIRED, "error_set returns its status");
    is_str(err.text, "expired 42 s ago", "error_set formats the text");
    is_int(aor_error_set(NULL, AOR_E_SIGNATURE, "ignored"), AOR_E_SIGNATURE,
           "error_set with err NULL returns the status");
    is_int(aor_error_set(&err, AOR_OK, "%s", ""), AOR_OK,
           "error_set may carry AOR_OK");
    is_str(err.text, "", "error_set: empty text");

    /* an overlong detail is cut, NUL-terminated, never overflowed */
    memset(longer, 'a', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    aor_error_set(&err, AOR_E_MALFORMED, "%s", longer);
    is_int(strlen(err.text), AOR_ERROR_TEXT_MAX - 1,
           "error_set truncates to AOR_ERROR_TEXT_MAX - 1");
}

static void test_error_ssl(void)
{
    aor_error_t err;
    EVP_MD *md;

    /* a real OpenSSL failure puts an error on the queue */
    ERR_clear_error();
    md = EVP_MD_fetch(NULL, "NO-SUCH-DIGEST", NULL);
    ok(md == NULL && ERR_peek_error() != 0, "fixture: OpenSSL error queued");
    EVP_MD_free(md);
    is_int(aor_error_ssl(&err, AOR_E_CONFIG, "digest %s", "x"),
           AOR_E_CONFIG, "error_ssl returns its status");
    ok(strncmp(err.text, "digest x: error:", 16) == 0,
       "error_ssl appends the OpenSSL error: '%s'", err.text);
    is_int(ERR_peek_error(), 0, "error_ssl clears the queue");

    /* with an empty queue the text is the message alone */
    is_int(aor_error_ssl(&err, AOR_E_SIGNATURE, "verify failed"),
           AOR_E_SIGNATURE, "error_ssl, empty queue: status");
    is_str(err.text, "verify failed", "error_ssl, empty queue: text");

    /* err NULL still clears the queue: no stale error for the next call */
    md = EVP_MD_fetch(NULL, "NO-SUCH-DIGEST", NULL);
    EVP_MD_free(md);
    is_int(aor_error_ssl(NULL, AOR_E_INTERNAL, "x"), AOR_E_INTERNAL,
           "error_ssl, err NULL: status");
    is_int(ERR_peek_error(), 0, "error_ssl, err NULL: queue cleared");
}

int main(void)
{
    test_reason_never_null();
    test_reason_texts();
    test_reasons_distinct();
    test_error_set();
    test_error_ssl();
    return tap_done();
}
