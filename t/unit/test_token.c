/*
 * test_token.c - unit tests of aor_token: extraction of the verified
 * identity from a payload whose signature and registered claims were
 * already checked (SPEC 4.3, 4.7, 4.11): user id, reserved subjects,
 * session id, audience, scopes, control characters, exp, alg and kid.
 */
#include <stdlib.h>
#include <string.h>

#include "aor_token.h"
#include "tap.h"

enum {
    P_SPLIT = 1,        /* scopes_space_delimited            */
    P_CUSTOM = 2        /* uid / sid / scope / audience      */
};

typedef struct {
    const char *name;
    const char *payload;
    int policy;
    aor_status_t want;
    /* expected identity when want is AOR_OK */
    const char *user, *session, *audience;
    size_t n_scopes;
    const char *scopes;     /* joined with '|' */
} token_vector_t;

#define REJECT(st) st, NULL, NULL, NULL, 0, NULL

static const token_vector_t vectors[] = {
    { "agentos-example", "{\"sub\":\"user-123\",\"aud\":\"my-agent-os\","
      "\"scopes\":[\"agents:read\",\"agents:my-agent:run\","
      "\"sessions:write\"],\"exp\":1735689600,\"session_id\":\"sess-1\"}",
      0, AOR_OK, "user-123", "sess-1", "my-agent-os", 3,
      "agents:read|agents:my-agent:run|sessions:write" },
    { "empty-payload", "{}", 0, AOR_OK, NULL, NULL, NULL, 0, "" },

    /* user id: absent is accepted as AgentOS does (SPEC 4.11) */
    { "sub-absent", "{\"scopes\":[\"agents:read\"]}", 0, AOR_OK, NULL, NULL,
      NULL, 1, "agents:read" },
    { "sub-empty-string", "{\"sub\":\"\"}", 0, AOR_OK, "", NULL, NULL, 0,
      "" },
    { "sub-utf8", "{\"sub\":\"J\\u00fcrgen\"}", 0, AOR_OK, "J\xc3\xbcrgen",
      NULL, NULL, 0, "" },
    /* present but not a string (null included) is a 401 (SPEC 4.11) */
    { "sub-number", "{\"sub\":123}", 0, REJECT(AOR_E_SUBJECT_TYPE) },
    { "sub-real", "{\"sub\":1.5}", 0, REJECT(AOR_E_SUBJECT_TYPE) },
    { "sub-null", "{\"sub\":null}", 0, REJECT(AOR_E_SUBJECT_TYPE) },
    { "sub-true", "{\"sub\":true}", 0, REJECT(AOR_E_SUBJECT_TYPE) },
    { "sub-array", "{\"sub\":[\"user-123\"]}", 0,
      REJECT(AOR_E_SUBJECT_TYPE) },
    { "sub-object", "{\"sub\":{}}", 0, REJECT(AOR_E_SUBJECT_TYPE) },

    /* reserved subjects impersonate AgentOS internals (SPEC 4.2) */
    { "reserved-service-account", "{\"sub\":\"sa:x\"}", 0,
      REJECT(AOR_E_SUBJECT) },
    { "reserved-service-account-bare", "{\"sub\":\"sa:\"}", 0,
      REJECT(AOR_E_SUBJECT) },
    { "reserved-oauth", "{\"sub\":\"__oauth__:x\"}", 0,
      REJECT(AOR_E_SUBJECT) },
    { "reserved-oauth-bare", "{\"sub\":\"__oauth__:\"}", 0,
      REJECT(AOR_E_SUBJECT) },
    { "reserved-scheduler", "{\"sub\":\"__scheduler__\"}", 0,
      REJECT(AOR_E_SUBJECT) },
    /* look-alikes are ordinary user ids: the rules are exact */
    { "not-reserved-sa", "{\"sub\":\"sa\"}", 0, AOR_OK, "sa", NULL, NULL,
      0, "" },
    { "not-reserved-xsa", "{\"sub\":\"xsa:\"}", 0, AOR_OK, "xsa:", NULL,
      NULL, 0, "" },
    { "not-reserved-SA", "{\"sub\":\"SA:x\"}", 0, AOR_OK, "SA:x", NULL,
      NULL, 0, "" },
    { "not-reserved-oauth-no-colon", "{\"sub\":\"__oauth__\"}", 0, AOR_OK,
      "__oauth__", NULL, NULL, 0, "" },
    { "not-reserved-scheduler-suffix", "{\"sub\":\"__scheduler__2\"}", 0,
      AOR_OK, "__scheduler__2", NULL, NULL, 0, "" },

    /* control characters could split a forwarded header (SPEC 4.11) */
    { "control-sub-newline", "{\"sub\":\"user\\n1\"}", 0,
      REJECT(AOR_E_CONTROL_CHAR) },
    { "control-sub-crlf-injection", "{\"sub\":\"u\\r\\nX-AgentOS-Scopes: "
      "agent_os:admin\"}", 0, REJECT(AOR_E_CONTROL_CHAR) },
    { "control-sub-tab", "{\"sub\":\"\\tuser\"}", 0,
      REJECT(AOR_E_CONTROL_CHAR) },
    { "control-sub-del", "{\"sub\":\"user\\u007f\"}", 0,
      REJECT(AOR_E_CONTROL_CHAR) },
    { "control-session-crlf-injection", "{\"sub\":\"u\","
      "\"session_id\":\"s1\\r\\nX-AgentOS-User-Id: admin\"}", 0,
      REJECT(AOR_E_CONTROL_CHAR) },
    { "control-session-escape", "{\"session_id\":\"s\\u001b[0m\"}", 0,
      REJECT(AOR_E_CONTROL_CHAR) },
    { "control-scope-in-list", "{\"scopes\":[\"agents:read\","
      "\"agents:run\\n\"]}", 0, REJECT(AOR_E_CONTROL_CHAR) },
    { "control-scope-string", "{\"scopes\":\"agents:read\\u0001\"}", 0,
      REJECT(AOR_E_CONTROL_CHAR) },
    /* only ' ' separates: a tab is a control character, not a separator */
    { "control-scope-split-tab", "{\"scopes\":\"agents:read\\tagents:run\"}",
      P_SPLIT, REJECT(AOR_E_CONTROL_CHAR) },
    { "control-scope-del", "{\"scopes\":[\"\\u007f\"]}", 0,
      REJECT(AOR_E_CONTROL_CHAR) },
    /* UTF-8 is not a control character, C1 code points included */
    { "utf8-session-ok", "{\"session_id\":\"s\\u0085\\u00e9\"}", 0, AOR_OK,
      NULL, "s\xc2\x85\xc3\xa9", NULL, 0, "" },

    /* scopes: a string is one scope, as AgentOS (SPEC 4.3) */
    { "scopes-string-one", "{\"scopes\":\"agents:read\"}", 0, AOR_OK, NULL,
      NULL, NULL, 1, "agents:read" },
    { "scopes-string-not-split", "{\"scopes\":\"agents:read agents:run\"}",
      0, AOR_OK, NULL, NULL, NULL, 1, "agents:read agents:run" },
    { "scopes-string-empty", "{\"scopes\":\"\"}", 0, AOR_OK, NULL, NULL,
      NULL, 1, "" },
    /* with space-delimited, split on spaces, empty pieces dropped */
    { "scopes-split", "{\"scopes\":\"agents:read agents:run\"}", P_SPLIT,
      AOR_OK, NULL, NULL, NULL, 2, "agents:read|agents:run" },
    { "scopes-split-extra-spaces", "{\"scopes\":\"  agents:read   "
      "agents:run  \"}", P_SPLIT, AOR_OK, NULL, NULL, NULL, 2,
      "agents:read|agents:run" },
    { "scopes-split-empty", "{\"scopes\":\"\"}", P_SPLIT, AOR_OK, NULL,
      NULL, NULL, 0, "" },
    { "scopes-split-spaces-only", "{\"scopes\":\"   \"}", P_SPLIT, AOR_OK,
      NULL, NULL, NULL, 0, "" },
    { "scopes-split-one", "{\"scopes\":\"agents:read\"}", P_SPLIT, AOR_OK,
      NULL, NULL, NULL, 1, "agents:read" },
    /* splitting applies to a string claim, never to list members */
    { "scopes-split-list-untouched", "{\"scopes\":[\"a:b c:d\"]}", P_SPLIT,
      AOR_OK, NULL, NULL, NULL, 1, "a:b c:d" },
    { "scopes-list", "{\"scopes\":[\"a:b\",\"c:d:e\",\"f:g\"]}", 0, AOR_OK,
      NULL, NULL, NULL, 3, "a:b|c:d:e|f:g" },
    { "scopes-list-empty", "{\"scopes\":[]}", 0, AOR_OK, NULL, NULL, NULL,
      0, "" },
    { "scopes-list-duplicates-kept", "{\"scopes\":[\"a:b\",\"a:b\"]}", 0,
      AOR_OK, NULL, NULL, NULL, 2, "a:b|a:b" },
    /* any other non-list means no scopes (SPEC 4.3) */
    { "scopes-number", "{\"scopes\":42}", 0, AOR_OK, NULL, NULL, NULL, 0,
      "" },
    { "scopes-object", "{\"scopes\":{\"agents:read\":true}}", 0, AOR_OK,
      NULL, NULL, NULL, 0, "" },
    { "scopes-null", "{\"scopes\":null}", 0, AOR_OK, NULL, NULL, NULL, 0,
      "" },
    { "scopes-true", "{\"scopes\":true}", 0, AOR_OK, NULL, NULL, NULL, 0,
      "" },
    /* a list holding a non-string is malformed (SPEC 4.10) */
    { "scopes-list-number", "{\"scopes\":[\"agents:read\",1]}", 0,
      REJECT(AOR_E_SCOPES) },
    { "scopes-list-null", "{\"scopes\":[null]}", 0, REJECT(AOR_E_SCOPES) },
    { "scopes-list-nested", "{\"scopes\":[[\"agent_os:admin\"]]}", 0,
      REJECT(AOR_E_SCOPES) },
    { "scopes-list-object", "{\"scopes\":[{}]}", 0, REJECT(AOR_E_SCOPES) },
    { "scopes-list-true", "{\"scopes\":[true]}", 0, REJECT(AOR_E_SCOPES) },

    /* audience: joined with spaces for arrays (SPEC 4.11) */
    { "aud-string", "{\"aud\":\"my-agent-os\"}", 0, AOR_OK, NULL, NULL,
      "my-agent-os", 0, "" },
    { "aud-array-joined", "{\"aud\":[\"a\",\"b\",\"c\"]}", 0, AOR_OK, NULL,
      NULL, "a b c", 0, "" },
    { "aud-array-one", "{\"aud\":[\"my-agent-os\"]}", 0, AOR_OK, NULL, NULL,
      "my-agent-os", 0, "" },
    { "aud-absent", "{\"sub\":\"u\"}", 0, AOR_OK, "u", NULL, NULL, 0, "" },
    { "aud-array-empty", "{\"aud\":[]}", 0, AOR_OK, NULL, NULL, NULL, 0,
      "" },
    { "aud-number", "{\"aud\":7}", 0, AOR_OK, NULL, NULL, NULL, 0, "" },

    /* session id: a non-string is not forwarded, and not an error */
    { "session-string", "{\"session_id\":\"s-9\"}", 0, AOR_OK, NULL, "s-9",
      NULL, 0, "" },
    { "session-empty", "{\"session_id\":\"\"}", 0, AOR_OK, NULL, "", NULL,
      0, "" },
    { "session-number", "{\"session_id\":42}", 0, AOR_OK, NULL, NULL, NULL,
      0, "" },
    { "session-null", "{\"session_id\":null}", 0, AOR_OK, NULL, NULL, NULL,
      0, "" },
    { "session-object", "{\"session_id\":{\"a\":\"b\"}}", 0, AOR_OK, NULL,
      NULL, NULL, 0, "" },

    /* configured claim names replace the defaults entirely */
    { "custom-claims", "{\"uid\":\"u1\",\"sid\":\"s9\",\"scope\":\"a:b c:d\","
      "\"audience\":[\"x\",\"y\"],\"sub\":\"sa:x\",\"session_id\":\"no\","
      "\"scopes\":[1],\"aud\":\"no\"}", P_CUSTOM | P_SPLIT, AOR_OK, "u1",
      "s9", "x y", 2, "a:b|c:d" },
    { "custom-claim-reserved", "{\"uid\":\"__scheduler__\"}", P_CUSTOM,
      REJECT(AOR_E_SUBJECT) },
    { "custom-claim-not-string", "{\"uid\":null,\"sub\":\"u\"}", P_CUSTOM,
      REJECT(AOR_E_SUBJECT_TYPE) },

    /* order: subject before scopes (SPEC 4.11) */
    { "order-reserved-before-scopes", "{\"sub\":\"sa:x\",\"scopes\":[1]}",
      0, REJECT(AOR_E_SUBJECT) },
    { "order-subject-type-before-scopes", "{\"sub\":1,\"scopes\":[1]}", 0,
      REJECT(AOR_E_SUBJECT_TYPE) },
    { "order-session-control-before-scopes", "{\"session_id\":\"a\\nb\","
      "\"scopes\":[1]}", 0, REJECT(AOR_E_CONTROL_CHAR) },
};

static void make_policy(int flags, aor_identity_policy_t *pol)
{
    int custom = (flags & P_CUSTOM) != 0;

    memset(pol, 0, sizeof(*pol));
    pol->user_claim = custom ? "uid" : "sub";
    pol->session_claim = custom ? "sid" : "session_id";
    pol->scopes_claim = custom ? "scope" : "scopes";
    pol->scopes_space_delimited = (flags & P_SPLIT) != 0;
    pol->aud_claim = custom ? "audience" : "aud";
}

/* The token's scopes joined with '|' into buf. */
static const char *join_scopes(const aor_token_t *t, char *buf, size_t size)
{
    size_t i, used = 0;

    buf[0] = '\0';
    for (i = 0; i < t->n_scopes; i++) {
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 i ? "|" : "", t->scopes[i]);
        if (used >= size)
            break;
    }
    return buf;
}

static void check_vector(const token_vector_t *v)
{
    static aor_token_t sentinel;
    aor_identity_policy_t pol;
    aor_token_t *t = &sentinel;     /* must be reset to NULL on failure */
    json_t *payload = json_loads(v->payload, JSON_REJECT_DUPLICATES, NULL);
    aor_error_t err;
    aor_status_t st;
    char buf[256];

    if (!ok(payload != NULL, "%s: fixture parses", v->name))
        return;
    make_policy(v->policy, &pol);
    err.text[0] = '\0';
    st = aor_token_from_claims(payload, &pol, AOR_ALG_RS256, NULL, &t,
                               &err);
    /* the token must not borrow from the payload */
    json_decref(payload);
    is_int(st, v->want, "%s: status", v->name);
    if (v->want != AOR_OK || st != AOR_OK) {
        ok(t == NULL, "%s: no token on failure", v->name);
        if (st != AOR_OK)
            ok(err.text[0] != '\0', "%s: detail set", v->name);
        if (st == AOR_OK)
            aor_token_free(t);
        return;
    }
    is_str(t->user_id, v->user, "%s: user_id", v->name);
    is_str(t->session_id, v->session, "%s: session_id", v->name);
    is_str(t->audience, v->audience, "%s: audience", v->name);
    is_int(t->n_scopes, v->n_scopes, "%s: n_scopes", v->name);
    is_str(join_scopes(t, buf, sizeof(buf)), v->scopes, "%s: scopes",
           v->name);
    aor_token_free(t);
}

static void test_vectors(void)
{
    size_t i;

    for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
        check_vector(&vectors[i]);
}

/* exp, alg and kid are recorded; kid is copied, not borrowed. */
static void test_metadata(void)
{
    aor_identity_policy_t pol;
    aor_token_t *t = NULL;
    aor_error_t err;
    char kid[16];
    json_t *p;

    make_policy(0, &pol);
    p = json_loads("{\"sub\":\"u\",\"exp\":1735689600}", 0, NULL);
    strcpy(kid, "key-2024");
    is_int(aor_token_from_claims(p, &pol, AOR_ALG_ES256, kid, &t, &err),
           AOR_OK, "metadata: extracted");
    json_decref(p);
    memset(kid, 'X', sizeof(kid) - 1);
    if (t != NULL) {
        is_int(t->has_exp, 1, "exp recorded: has_exp");
        ok(t->exp == 1735689600.0, "exp recorded: 1735689600");
        is_int(t->alg, AOR_ALG_ES256, "alg recorded: ES256");
        is_str(t->kid, "key-2024", "kid recorded and copied");
    }
    aor_token_free(t);

    t = NULL;
    p = json_loads("{\"exp\":1735689600.75}", 0, NULL);
    is_int(aor_token_from_claims(p, &pol, AOR_ALG_EDDSA, NULL, &t, &err),
           AOR_OK, "fractional exp: extracted");
    json_decref(p);
    if (t != NULL) {
        ok(t->has_exp == 1 && t->exp == 1735689600.75,
           "fractional exp recorded exactly");
        is_int(t->alg, AOR_ALG_EDDSA, "alg recorded: EdDSA");
        ok(t->kid == NULL, "kid NULL when the token has none");
        ok(t->user_id == NULL, "user_id NULL when sub absent");
    }
    aor_token_free(t);

    t = NULL;
    p = json_loads("{\"sub\":\"u\"}", 0, NULL);
    is_int(aor_token_from_claims(p, &pol, AOR_ALG_HS256, "", &t, &err),
           AOR_OK, "no exp: extracted");
    json_decref(p);
    if (t != NULL) {
        is_int(t->has_exp, 0, "no exp: has_exp 0");
        is_str(t->kid, "", "empty kid is kept as \"\", not NULL");
        is_int(t->alg, AOR_ALG_HS256, "alg recorded: HS256");
    }
    aor_token_free(t);
    aor_token_free(NULL);
    ok(1, "aor_token_free(NULL) is a no-op");
}

/* Many scopes: the string area grows past its first allocation. */
static void test_many_scopes(void)
{
    aor_identity_policy_t pol;
    aor_token_t *t = NULL;
    aor_error_t err;
    json_t *p = json_object(), *list = json_array();
    char name[32];
    int i, wrong = 0;

    for (i = 0; i < 500; i++) {
        snprintf(name, sizeof(name), "agents:agent-%03d:run", i);
        json_array_append_new(list, json_string(name));
    }
    json_object_set_new(p, "scopes", list);
    json_object_set_new(p, "sub", json_string("user-123"));
    make_policy(0, &pol);
    is_int(aor_token_from_claims(p, &pol, AOR_ALG_RS256, "k", &t, &err),
           AOR_OK, "500 scopes: extracted");
    json_decref(p);
    if (t == NULL)
        return;
    is_int(t->n_scopes, 500, "500 scopes: all kept");
    for (i = 0; i < 500 && (size_t)i < t->n_scopes; i++) {
        snprintf(name, sizeof(name), "agents:agent-%03d:run", i);
        if (strcmp(t->scopes[i], name) != 0)
            wrong++;
    }
    is_int(wrong, 0, "500 scopes: in order and intact");
    is_str(t->user_id, "user-123", "500 scopes: user_id intact");
    is_str(t->kid, "k", "500 scopes: kid intact");
    aor_token_free(t);
}

typedef struct {
    const char *sub;
    int reserved;
} reserved_vector_t;

static const reserved_vector_t reserved_vectors[] = {
    { "sa:x", 1 }, { "sa:", 1 }, { "sa:sa:", 1 },
    { "__oauth__:x", 1 }, { "__oauth__:", 1 }, { "__scheduler__", 1 },
    { "sa", 0 }, { "xsa:", 0 }, { " sa:x", 0 }, { "SA:x", 0 },
    { "__oauth__", 0 }, { "__oauth_:x", 0 }, { "__scheduler__ ", 0 },
    { "__scheduler", 0 }, { "", 0 }, { "user-123", 0 },
};

static void test_subject_reserved(void)
{
    size_t i;

    for (i = 0; i < sizeof(reserved_vectors) / sizeof(reserved_vectors[0]);
         i++) {
        const reserved_vector_t *v = &reserved_vectors[i];

        is_int(aor_token_subject_reserved(v->sub), v->reserved,
               "subject_reserved('%s')", v->sub);
    }
}

/* AgentOSClaimEnv: the configured claims, strings raw, others as JSON. */
static void test_env_claims(void)
{
    static const char *const names[] = { "email", "groups", "org", "n",
                                         "absent", "evil" };
    aor_identity_policy_t pol;
    aor_token_t *t = NULL;
    aor_error_t err;
    json_t *p = json_loads("{\"sub\":\"u\",\"email\":\"a@b.c\","
                           "\"groups\":[\"x\",\"y\"],\"org\":{\"id\":1},"
                           "\"n\":null,\"evil\":\"a\\nb\","
                           "\"scopes\":[\"a:b\"]}", 0, NULL);

    make_policy(0, &pol);
    pol.env_claims = names;
    pol.n_env_claims = 6;
    is_int(aor_token_from_claims(p, &pol, AOR_ALG_RS256, NULL, &t, &err),
           AOR_OK, "env claims: extracted");
    json_decref(p);
    if (t == NULL)
        return;
    /* absent is left out; a string with a control character too */
    is_int(t->n_claims, 4, "env claims: four present and safe");
    is_str(t->claims[0], "email", "string claim name");
    is_str(t->claims[1], "a@b.c", "string claim raw");
    is_str(t->claims[3], "[\"x\",\"y\"]", "array JSON-encoded");
    is_str(t->claims[5], "{\"id\":1}", "object JSON-encoded");
    is_str(t->claims[6], "n", "null claim name");
    is_str(t->claims[7], "null", "null JSON-encoded");
    is_int(t->n_scopes, 1, "scopes unaffected");
    is_str(t->scopes[0], "a:b", "scope intact");
    aor_token_free(t);
}

/* A token through aor_token_encode/decode (the token cache's format). */
static void test_encode(void)
{
    static const char *const names[] = { "email" };
    aor_identity_policy_t pol;
    aor_token_t *t = NULL, *back = NULL;
    unsigned char *buf = NULL;
    aor_error_t err;
    size_t len = 0, cut, refused = 0;
    json_t *p = json_loads("{\"sub\":\"u\",\"session_id\":\"s\","
                           "\"aud\":[\"a\",\"b\"],\"exp\":1700000000.25,"
                           "\"email\":\"e@x\",\"scopes\":[\"a:b\",\"c:d\"]}",
                           0, NULL);

    make_policy(0, &pol);
    pol.env_claims = names;
    pol.n_env_claims = 1;
    aor_token_from_claims(p, &pol, AOR_ALG_ES256, "kid-1", &t, &err);
    json_decref(p);
    t->key_fp = 0x0123456789abcdefULL;
    is_int(aor_token_encode(t, &buf, &len, &err), AOR_OK, "encode");
    is_int(aor_token_decode(buf, len, &back, &err), AOR_OK, "decode");
    if (back != NULL) {
        is_str(back->user_id, "u", "user id");
        is_str(back->session_id, "s", "session id");
        is_str(back->audience, "a b", "audience");
        is_str(back->kid, "kid-1", "kid");
        is_int(back->n_scopes, 2, "scopes");
        is_str(back->scopes[1], "c:d", "scope 2");
        is_int(back->n_claims, 1, "claims");
        is_str(back->claims[1], "e@x", "claim value");
        ok(back->has_exp && back->exp == 1700000000.25, "exp");
        is_int(back->alg, AOR_ALG_ES256, "alg");
        ok(back->key_fp == 0x0123456789abcdefULL, "key fingerprint");
    }
    aor_token_free(back);
    /* cache-poisoning: truncated or corrupt bytes never make a token */
    for (cut = 0; cut < len; cut++) {
        back = NULL;
        if (aor_token_decode(buf, cut, &back, &err) != AOR_OK && !back)
            refused++;
        aor_token_free(back);
    }
    is_int(refused, len, "every truncation refused");
    buf[21] = 200;
    is_int(aor_token_decode(buf, len, &back, &err), AOR_E_INTERNAL,
           "bad alg refused");
    free(buf);
    aor_token_free(t);
    t = NULL;
    p = json_loads("{}", 0, NULL);
    aor_token_from_claims(p, &pol, AOR_ALG_HS256, NULL, &t, &err);
    json_decref(p);
    aor_token_encode(t, &buf, &len, &err);
    back = NULL;
    aor_token_decode(buf, len, &back, &err);
    ok(back && !back->has_exp && !back->user_id && !back->kid
       && back->n_scopes == 0, "an empty token round-trips");
    aor_token_free(back);
    aor_token_free(t);
    free(buf);
}

int main(void)
{
    test_encode();
    test_vectors();
    test_metadata();
    test_many_scopes();
    test_subject_reserved();
    test_env_claims();
    return tap_done();
}
