/*
 * aor_token.c - identity extraction and the flat token layout.
 *
 * The string area of a token is laid out as
 *
 *   +------+---------+----------+-----+--------+-----+--------+-------+
 *   | user | session | audience | kid | scope1 | ... | scopeN | claims |
 *   +------+---------+----------+-----+--------+-----+--------+-------+
 *
 * each field NUL-terminated ("" when absent; the presence bits tell absent
 * from empty); claims are name and value pairs of the present env claims.  Pointers in aor_token_t are rebuilt from the area by
 * token_resolve(), so the area alone is enough to rebuild a token.
 */
#include <stdlib.h>
#include <string.h>

#include "aor_json.h"
#include "aor_token.h"

#define SLOT_USER       0
#define SLOT_SESSION    1
#define SLOT_AUDIENCE   2
#define SLOT_KID        3
#define SLOT_COUNT      4

/* A growing string area under construction. */
typedef struct {
    char *buf;
    size_t len;
    size_t cap;
    int failed;
} area_t;

static void area_append(area_t *a, const char *s, size_t n, char sep)
{
    size_t need = a->len + n + 1;
    char *grown;

    if (a->failed)
        return;
    if (need > a->cap) {
        size_t cap = a->cap ? a->cap : 128;

        while (cap < need)
            cap *= 2;
        grown = realloc(a->buf, cap);
        if (grown == NULL) {
            a->failed = 1;
            return;
        }
        a->buf = grown;
        a->cap = cap;
    }
    memcpy(a->buf + a->len, s, n);
    a->buf[a->len + n] = sep;
    a->len = need;
}

/* Append a slot string; NULL appends "" (absent). */
static void area_slot(area_t *a, const char *s)
{
    area_append(a, s ? s : "", s ? strlen(s) : 0, '\0');
}

int aor_token_subject_reserved(const char *user_id)
{
    return strncmp(user_id, "sa:", 3) == 0
        || strncmp(user_id, "__oauth__:", 10) == 0
        || strcmp(user_id, "__scheduler__") == 0;
}

static aor_status_t read_user(const json_t *payload,
                              const aor_identity_policy_t *pol,
                              const char **user, aor_error_t *err)
{
    if (aor_json_get_string(payload, pol->user_claim, user) != 0)
        return aor_error_set(err, AOR_E_SUBJECT_TYPE, "%s is not a string",
                             pol->user_claim);
    if (*user == NULL)
        return AOR_OK;
    if (aor_token_subject_reserved(*user))
        return aor_error_set(err, AOR_E_SUBJECT, "%s is a reserved subject",
                             pol->user_claim);
    if (aor_has_control_char(*user, strlen(*user)))
        return aor_error_set(err, AOR_E_CONTROL_CHAR, "%s holds a control "
                             "character", pol->user_claim);
    return AOR_OK;
}

static aor_status_t read_session(const json_t *payload,
                                 const aor_identity_policy_t *pol,
                                 const char **session, aor_error_t *err)
{
    /* AgentOS forwards whatever is there; a non-string is not forwarded */
    if (aor_json_get_string(payload, pol->session_claim, session) != 0)
        *session = NULL;
    if (*session != NULL && aor_has_control_char(*session, strlen(*session)))
        return aor_error_set(err, AOR_E_CONTROL_CHAR, "%s holds a control "
                             "character", pol->session_claim);
    return AOR_OK;
}

/* The audience joined with spaces; control characters drop it. */
static void append_audience(area_t *a, const json_t *payload,
                            const aor_identity_policy_t *pol)
{
    json_t *aud = json_object_get(payload, pol->aud_claim), *item;
    size_t i, start = a->len, n;

    if (json_is_string(aud)
        && !aor_has_control_char(json_string_value(aud),
                                 json_string_length(aud))) {
        area_slot(a, json_string_value(aud));
        return;
    }
    if (!json_is_array(aud) || json_array_size(aud) == 0) {
        area_slot(a, NULL);
        return;
    }
    n = json_array_size(aud);
    json_array_foreach(aud, i, item) {
        if (!json_is_string(item)
            || aor_has_control_char(json_string_value(item),
                                    json_string_length(item))) {
            a->len = start;
            area_slot(a, NULL);
            return;
        }
        area_append(a, json_string_value(item), json_string_length(item),
                    i + 1 < n ? ' ' : '\0');
    }
}

/* Append one scope; returns AOR_OK or AOR_E_CONTROL_CHAR. */
static aor_status_t append_scope(area_t *a, const char *s, size_t n,
                                 size_t *count, aor_error_t *err)
{
    if (aor_has_control_char(s, n))
        return aor_error_set(err, AOR_E_CONTROL_CHAR, "a scope holds a "
                             "control character");
    area_append(a, s, n, '\0');
    (*count)++;
    return AOR_OK;
}

static aor_status_t append_scope_string(area_t *a, const char *s, size_t n,
                                        int split, size_t *count,
                                        aor_error_t *err)
{
    aor_status_t st = AOR_OK;
    size_t i = 0, j;

    if (!split)
        return append_scope(a, s, n, count, err);
    while (i < n && st == AOR_OK) {
        while (i < n && s[i] == ' ')
            i++;
        for (j = i; j < n && s[j] != ' '; j++)
            ;
        if (j > i)
            st = append_scope(a, s + i, j - i, count, err);
        i = j;
    }
    return st;
}

static aor_status_t append_scopes(area_t *a, const json_t *payload,
                                  const aor_identity_policy_t *pol,
                                  size_t *count, aor_error_t *err)
{
    json_t *claim = json_object_get(payload, pol->scopes_claim), *item;
    aor_status_t st = AOR_OK;
    size_t i;

    *count = 0;
    if (json_is_string(claim))
        return append_scope_string(a, json_string_value(claim),
                                   json_string_length(claim),
                                   pol->scopes_space_delimited, count, err);
    if (!json_is_array(claim))
        return AOR_OK;  /* absent or another type: no scopes */
    json_array_foreach(claim, i, item) {
        if (!json_is_string(item))
            return aor_error_set(err, AOR_E_SCOPES, "%s holds a non-string",
                                 pol->scopes_claim);
    }
    json_array_foreach(claim, i, item) {
        st = append_scope(a, json_string_value(item),
                          json_string_length(item), count, err);
        if (st != AOR_OK)
            break;
    }
    return st;
}

/*
 * A token in one allocation: the struct, then the pointer array (n_scopes
 * scopes followed by n_claims name/value pairs), then a copy of the area.
 * NULL when out of memory.  The caller bounds the counts by the area.
 */
static aor_token_t *token_alloc(const char *area, size_t area_len,
                                size_t n_scopes, size_t n_claims)
{
    size_t n = n_scopes + 2 * n_claims;
    aor_token_t *t;
    char *block;

    block = malloc(sizeof(*t) + n * sizeof(const char *) + area_len);
    if (block == NULL)
        return NULL;
    t = (aor_token_t *)block;
    memset(t, 0, sizeof(*t));
    t->scopes = (const char *const *)(block + sizeof(*t));
    t->n_scopes = n_scopes;
    t->claims = t->scopes + n_scopes;
    t->n_claims = n_claims;
    t->area = block + sizeof(*t) + n * sizeof(const char *);
    t->area_len = area_len;
    memcpy(t->area, area, area_len);
    return t;
}

/*
 * Point the token's fields into its area: presence bits by slot, then the
 * scopes and the claims into the pointer array.  AOR_E_INTERNAL when the
 * area holds fewer strings than the counts say.
 */
static aor_status_t token_resolve(aor_token_t *t, unsigned present)
{
    const char *slots[SLOT_COUNT];
    const char **ptrs = (const char **)t->scopes;
    const char *p = t->area, *end = t->area + t->area_len;
    size_t i, n = t->n_scopes + 2 * t->n_claims;

    for (i = 0; i < SLOT_COUNT + n; i++) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));

        if (nul == NULL)
            return AOR_E_INTERNAL;
        if (i < SLOT_COUNT)
            slots[i] = (present & (1u << i)) ? p : NULL;
        else
            ptrs[i - SLOT_COUNT] = p;
        p = nul + 1;
    }
    t->user_id = slots[SLOT_USER];
    t->session_id = slots[SLOT_SESSION];
    t->audience = slots[SLOT_AUDIENCE];
    t->kid = slots[SLOT_KID];
    return AOR_OK;
}

/*
 * The configured env claims that are present, as name/value pairs: a
 * string as it is (left out if it holds a control character), any other
 * value JSON-encoded.
 */
static aor_status_t append_claims(area_t *a, const json_t *payload,
                                  const aor_identity_policy_t *pol,
                                  size_t *count)
{
    size_t i;

    *count = 0;
    for (i = 0; i < pol->n_env_claims; i++) {
        const char *name = pol->env_claims[i];
        json_t *v = json_object_get(payload, name);
        char *text;

        if (v == NULL)
            continue;
        if (json_is_string(v)) {
            if (aor_has_control_char(json_string_value(v),
                                     json_string_length(v)))
                continue;
            area_slot(a, name);
            area_append(a, json_string_value(v), json_string_length(v),
                        '\0');
        }
        else {
            text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            if (text == NULL)
                return AOR_E_NOMEM;
            area_slot(a, name);
            area_slot(a, text);
            free(text);
        }
        (*count)++;
    }
    return AOR_OK;
}

void aor_identity_policy_init(aor_identity_policy_t *pol)
{
    memset(pol, 0, sizeof(*pol));
    pol->user_claim = AOR_CLAIM_USER;
    pol->session_claim = AOR_CLAIM_SESSION;
    pol->scopes_claim = AOR_CLAIM_SCOPES;
    pol->aud_claim = AOR_CLAIM_AUDIENCE;
}

void aor_token_free(aor_token_t *token)
{
    free(token);
}

aor_status_t aor_token_from_claims(const json_t *payload,
                                   const aor_identity_policy_t *pol,
                                   aor_alg_t alg, const char *kid,
                                   aor_token_t **out, aor_error_t *err)
{
    area_t a = { NULL, 0, 0, 0 };
    const char *user, *session;
    aor_token_t *t = NULL;
    size_t n_scopes = 0, n_claims = 0, aud_start;
    unsigned present;
    aor_status_t st;
    json_t *exp;

    *out = NULL;
    st = read_user(payload, pol, &user, err);
    if (st == AOR_OK)
        st = read_session(payload, pol, &session, err);
    if (st != AOR_OK)
        return st;
    area_slot(&a, user);
    area_slot(&a, session);
    aud_start = a.len;
    append_audience(&a, payload, pol);
    present = (user ? 1u << SLOT_USER : 0) | (session ? 1u << SLOT_SESSION : 0)
        | (a.len - aud_start > 1 ? 1u << SLOT_AUDIENCE : 0)
        | (kid ? 1u << SLOT_KID : 0);
    area_slot(&a, kid);
    st = append_scopes(&a, payload, pol, &n_scopes, err);
    if (st == AOR_OK && append_claims(&a, payload, pol, &n_claims) != AOR_OK)
        st = aor_error_set(err, AOR_E_NOMEM, "out of memory");
    if (st == AOR_OK && (a.failed || (t = token_alloc(a.buf, a.len, n_scopes,
                                                      n_claims)) == NULL))
        st = aor_error_set(err, AOR_E_NOMEM, "out of memory");
    free(a.buf);
    if (st != AOR_OK)
        return st;
    t->alg = alg;
    t->presence = present;
    exp = json_object_get(payload, "exp");
    t->has_exp = json_is_number(exp);
    t->exp = t->has_exp ? json_number_value(exp) : 0;
    if (token_resolve(t, present) != AOR_OK) {
        aor_token_free(t);
        return aor_error_set(err, AOR_E_INTERNAL, "token area inconsistent");
    }
    *out = t;
    return AOR_OK;
}

/*
 * Encoded token:
 *
 *   +-------+---------+-----+----------+----------+----------+---------+
 *   | "AOT1" | exp (8) | fp  | presence | n_scopes | n_claims | area... |
 *   +-------+---------+-----+----------+----------+----------+---------+
 *
 * exp is the IEEE double's bits (NaN: no exp), fp the verifying key's
 * fingerprint (8), presence/alg one byte each, counts 4 bytes, all
 * little-endian.
 */
#define TOKEN_MAGIC "AOT1"
#define TOKEN_HEAD  (4 + 8 + 8 + 1 + 1 + 4 + 4)

static void put64(unsigned char *p, uint64_t v)
{
    int i;

    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;

    for (i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

aor_status_t aor_token_encode(const aor_token_t *t, unsigned char **out,
                              size_t *len, aor_error_t *err)
{
    unsigned char *b = malloc(TOKEN_HEAD + t->area_len);
    double exp = t->has_exp ? t->exp : 0.0;
    uint64_t bits;

    if (b == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    memcpy(&bits, &exp, sizeof(bits));
    memcpy(b, TOKEN_MAGIC, 4);
    put64(b + 4, t->has_exp ? bits : UINT64_MAX);
    put64(b + 12, t->key_fp);
    b[20] = (unsigned char)t->presence;
    b[21] = (unsigned char)t->alg;
    put64(b + 22, (uint64_t)t->n_scopes | ((uint64_t)t->n_claims << 32));
    memcpy(b + TOKEN_HEAD, t->area, t->area_len);
    *out = b;
    *len = TOKEN_HEAD + t->area_len;
    return AOR_OK;
}

aor_status_t aor_token_decode(const unsigned char *buf, size_t len,
                              aor_token_t **out, aor_error_t *err)
{
    aor_token_t *t;
    uint64_t bits, counts;
    size_t n_scopes, n_claims;

    *out = NULL;
    if (len < TOKEN_HEAD || memcmp(buf, TOKEN_MAGIC, 4) != 0
        || buf[21] >= AOR_ALG_COUNT || (buf[20] & ~0x0fu) != 0
        || len == TOKEN_HEAD || buf[len - 1] != '\0')
        return aor_error_set(err, AOR_E_INTERNAL, "not an encoded token");
    counts = get64(buf + 22);
    n_scopes = (size_t)(counts & 0xffffffffu);
    n_claims = (size_t)(counts >> 32);
    if (n_scopes > len - TOKEN_HEAD || n_claims > len - TOKEN_HEAD)
        return aor_error_set(err, AOR_E_INTERNAL, "corrupt encoded token");
    t = token_alloc((const char *)buf + TOKEN_HEAD, len - TOKEN_HEAD,
                    n_scopes, n_claims);
    if (t == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    bits = get64(buf + 4);
    t->has_exp = bits != UINT64_MAX;
    if (t->has_exp)
        memcpy(&t->exp, &bits, sizeof(t->exp));
    t->key_fp = get64(buf + 12);
    t->presence = buf[20];
    t->alg = (aor_alg_t)buf[21];
    if (token_resolve(t, t->presence) != AOR_OK) {
        aor_token_free(t);
        return aor_error_set(err, AOR_E_INTERNAL, "corrupt encoded token");
    }
    *out = t;
    return AOR_OK;
}
