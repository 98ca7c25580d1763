/*
 * test_wycheproof.c - Project Wycheproof's JSON Web Signature and JSON Web
 * Key vectors (t/vectors/wycheproof/) against the core.
 *
 * JWS vectors: the group's key (a JWK) through aor_jwk_to_key, the token
 * through aor_jws_parse, aor_jws_check_header (every algorithm allowed:
 * the vectors test the JWS layer, not a policy) and aor_jws_verify.
 * JWK vectors: the group's key set through aor_jwks_load, then the same.
 * A vector is "valid" when every step succeeds; each must agree with its
 * expected result.  Payloads are not JSON here, so the JWT layer is not
 * involved.
 *
 * Eight JWS vectors of this Wycheproof release are defective (other
 * Wycheproof consumers skip the same six comments); for them the test
 * asserts the result SPEC 4.11 requires and says why, and they are
 * counted apart.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "aor_jwk.h"
#include "aor_jws.h"
#include "aor_l1.h"
#include "tap.h"

typedef struct {
    long long tc_id;
    const char *ours;           /* the result the SPEC requires */
    const char *why;
} defect_t;

static const defect_t jws_defects[] = {
    { 346, "invalid", "Figure20: a PS384 token for a JWK whose alg is PS256; "
      "a JWK's alg must equal the token's (SPEC 4.11, RFC 8725 3.1)" },
    { 350, "invalid", "Figure20 with key_ops: the same" },
    { 347, "invalid", "Figure27: the JWK's alg \"ES521\" is not a JOSE "
      "algorithm, so the key is unusable" },
    { 351, "invalid", "Figure27 with key_ops: the same" },
    { 367, "valid", "invalidBase64Padding: the token is byte for byte "
      "tcId 357 (ValidMac, valid); no padding is in it" },
    { 370, "valid", "invalidBase64PaddingInPayload: byte for byte tcId 357 "
      "as well" },
    { 372, "invalid", "InvalidCharacterInsertedInHeader: '?' is outside the "
      "base64url alphabet (SPEC 4.11), yet the vector expects valid" },
    { 373, "invalid", "InvalidCharacterInsertedInPayload: the same" },
};

static const defect_t *find_defect(const char *file, long long tc_id)
{
    size_t i;

    if (strcmp(file, "json_web_signature_test.json") != 0)
        return NULL;
    for (i = 0; i < sizeof(jws_defects) / sizeof(jws_defects[0]); i++) {
        if (jws_defects[i].tc_id == tc_id)
            return &jws_defects[i];
    }
    return NULL;
}

static const char *vector_dir(void)
{
    const char *dir = getenv("AOR_VECTORS");

    return dir != NULL ? dir : "t/vectors/wycheproof";
}

static json_t *load_suite(const char *name)
{
    char path[512];
    json_error_t jerr;
    json_t *doc;

    snprintf(path, sizeof(path), "%s/%s", vector_dir(), name);
    doc = json_load_file(path, 0, &jerr);
    if (doc == NULL)
        tap_diag("cannot load %s: %s", path, jerr.text);
    return doc;
}

/* A header memo shared by every vector: it must never change a result. */
static aor_l1_t *memo;

/* 1 when the compact token verifies with ks (with memo, or without). */
static int jws_valid_memo(const char *token, const aor_keyset_t *ks,
                          aor_l1_t *m)
{
    aor_jws_t *jws = NULL;
    aor_error_t err;
    int valid;

    valid = aor_jws_parse(token, strlen(token), m, &jws, &err) == AOR_OK
        && aor_jws_check_header(jws, AOR_ALGSET_ALL, &err) == AOR_OK
        && aor_jws_verify(jws, ks, NULL, &err) == AOR_OK;
    aor_jws_free(jws);
    return valid;
}

static int memo_disagreements;

static int jws_valid(const char *token, const aor_keyset_t *ks)
{
    int plain = jws_valid_memo(token, ks, NULL);

    /* twice through the memo: the second run answers from it */
    if (jws_valid_memo(token, ks, memo) != plain
        || jws_valid_memo(token, ks, memo) != plain)
        memo_disagreements++;
    return plain;
}

/* The key set of a JWS group: its one JWK (public if given). */
static aor_keyset_t *jws_group_keys(const json_t *group)
{
    json_t *jwk = json_object_get(group, "public");
    aor_keyset_t *ks = aor_keyset_new();
    aor_key_t *key = NULL;
    aor_error_t err;

    if (jwk == NULL)
        jwk = json_object_get(group, "private");
    if (aor_jwk_to_key(jwk, &key, &err) == AOR_OK)
        aor_keyset_add(ks, key, AOR_KEY_FROM_JWKS, &err);
    return ks;
}

/* The key set of a JWK group: its JWKS, or an empty set if refused. */
static aor_keyset_t *jwk_group_keys(const json_t *group)
{
    json_t *jwks = json_object_get(group, "public");
    aor_keyset_t *ks = aor_keyset_new();
    aor_error_t err;
    char *text;

    if (jwks == NULL)
        jwks = json_object_get(group, "private");
    text = json_dumps(jwks, JSON_COMPACT);
    aor_jwks_load(text, strlen(text), ks, NULL, NULL, NULL, &err);
    free(text);
    return ks;
}

/* Run every vector of a suite; returns the number run. */
static int run_suite(const char *file,
                     aor_keyset_t *(*group_keys)(const json_t *))
{
    json_t *doc = load_suite(file), *group, *test;
    size_t g, t;
    int run = 0, valid = 0, agree = 0, defects = 0;

    ok(doc != NULL, "%s loads", file);
    if (doc == NULL)
        return 0;
    json_array_foreach(json_object_get(doc, "testGroups"), g, group) {
        aor_keyset_t *ks = group_keys(group);

        json_array_foreach(json_object_get(group, "tests"), t, test) {
            long long id = json_integer_value(json_object_get(test, "tcId"));
            const char *expected = json_string_value(
                json_object_get(test, "result"));
            const char *comment = json_string_value(
                json_object_get(test, "comment"));
            const defect_t *defect = find_defect(file, id);
            int got = jws_valid(json_string_value(json_object_get(test,
                                                                  "jws")), ks);

            if (defect != NULL) {
                is_str(got ? "valid" : "invalid", defect->ours,
                       "%s tcId %lld: %s (defective vector: %s)", file, id,
                       comment, defect->why);
                defects++;
            }
            else {
                is_str(got ? "valid" : "invalid", expected,
                       "%s tcId %lld: %s", file, id, comment);
                agree++;
            }
            run++;
            valid += got;
        }
        aor_keyset_free(ks);
    }
    is_int(run, json_integer_value(json_object_get(doc, "numberOfTests")),
           "%s: every vector run", file);
    tap_diag("%s: %d vectors (%d valid, %d invalid): %d agree with "
             "Wycheproof, %d defective vectors decided by the SPEC", file,
             run, valid, run - valid, agree, defects);
    json_decref(doc);
    return run;
}

int main(void)
{
    int n;

    memo = aor_l1_new(64, 1);
    n = run_suite("json_web_signature_test.json", jws_group_keys);

    n += run_suite("json_web_key_test.json", jwk_group_keys);
    tap_diag("Wycheproof vectors run: %d", n);
    is_int(memo_disagreements, 0, "the JWS header memo never changed a "
           "result (every vector run twice through it)");
    aor_l1_free(memo);
    return tap_done();
}
