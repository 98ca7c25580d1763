/*
 * httpd_status.c - the counters (in the key store's shared memory, so
 * every worker adds to the same numbers) and the status handler
 * (SetHandler agentos-rbac-status, SPEC 7): JSON by default, Prometheus
 * text with ?format=prometheus.
 */
#include <jansson.h>

#include "http_protocol.h"

#include "aor_keyblob.h"
#include "httpd_state.h"

static const char *const deny_names[RBAC_DENY_COUNT] = {
    "missing", "invalid", "expired", "audience", "issuer", "subject",
    "scope", "error"
};

static rbac_counters_t *counters(request_rec *r)
{
    rbac_state_t *st = rbac_state(r);

    return st ? rbac_store_counters(st->store) : NULL;
}

void rbac_count_allowed(request_rec *r)
{
    rbac_counters_t *c = counters(r);

    if (c != NULL)
        apr_atomic_inc64(&c->allowed);
}

void rbac_count_denied(request_rec *r, rbac_deny_t why)
{
    rbac_counters_t *c = counters(r);

    if (c != NULL)
        apr_atomic_inc64(&c->denied[why]);
}

void rbac_count_cache(request_rec *r, int hit)
{
    rbac_counters_t *c = counters(r);

    if (c != NULL)
        apr_atomic_inc64(hit ? &c->cache_hits : &c->cache_misses);
}

void rbac_count_verification(request_rec *r, aor_alg_t alg)
{
    rbac_counters_t *c = counters(r);

    if (c != NULL && alg < AOR_ALG_COUNT)
        apr_atomic_inc64(&c->verifications[alg]);
}

/* What the status shows of one key source. */
typedef struct {
    const char *name;           /* the URL, or "static:<n>" */
    apr_uint64_t fetches, failures;
    apr_uint32_t generation;
    long age;                   /* seconds since loaded; -1: never */
    apr_array_header_t *kids;   /* const char * ("" for none) */
} source_view_t;

static void view_source(request_rec *r, rbac_state_t *st, int i,
                        source_view_t *v)
{
    const aor_keysrc_t *src = st->sources[i];
    rbac_slot_t *sl = rbac_store_slot(st->store, src->slot);
    aor_keyset_t *ks = NULL;
    unsigned char *blob;
    apr_size_t len = 0, k;
    apr_uint32_t loaded = apr_atomic_read32(&sl->loaded_at);
    aor_error_t err;

    v->name = src->uri ? src->uri->url : apr_psprintf(r->pool, "static:%d",
                                                      i);
    v->fetches = apr_atomic_read64(&sl->fetches);
    v->failures = apr_atomic_read64(&sl->failures);
    v->generation = apr_atomic_read32(&sl->gen) / 2;
    v->age = src->uri ? (loaded ? (long)(rbac_now_s() - loaded) : -1) : 0;
    v->kids = apr_array_make(r->pool, 4, sizeof(const char *));
    blob = rbac_store_get(st->store, src->slot, r->pool, &len);
    if (len == 0 || aor_keyblob_decode(blob, len, &ks, &err) != AOR_OK)
        return;
    for (k = 0; k < aor_keyset_count(ks); k++) {
        const char *kid = aor_key_kid(aor_keyset_get(ks, k, NULL));

        APR_ARRAY_PUSH(v->kids, const char *) = apr_pstrdup(r->pool,
                                                            kid ? kid : "");
    }
    aor_keyset_free(ks);
}

static void send_json(request_rec *r, rbac_state_t *st)
{
    rbac_counters_t *c = rbac_store_counters(st->store);
    json_t *doc = json_object(), *denied = json_object(), *alg = json_object();
    json_t *sources = json_array();
    source_view_t v;
    char *text;
    int i;

    for (i = 0; i < RBAC_DENY_COUNT; i++)
        json_object_set_new(denied, deny_names[i], json_integer(
            (json_int_t)apr_atomic_read64(&c->denied[i])));
    for (i = 0; i < AOR_ALG_COUNT; i++)
        json_object_set_new(alg, aor_alg_info((aor_alg_t)i)->name,
                            json_integer((json_int_t)apr_atomic_read64(
                                &c->verifications[i])));
    for (i = 0; i < st->n_sources; i++) {
        json_t *kids = json_array();
        int k;

        view_source(r, st, i, &v);
        for (k = 0; k < v.kids->nelts; k++)
            json_array_append_new(kids, json_string(
                APR_ARRAY_IDX(v.kids, k, const char *)));
        json_array_append_new(sources, json_pack(
            "{s:s, s:I, s:I, s:i, s:I, s:o}", "source", v.name,
            "fetches", (json_int_t)v.fetches, "failures",
            (json_int_t)v.failures, "generation", (int)v.generation,
            "age_seconds", (json_int_t)v.age, "kids", kids));
    }
    json_object_set_new(doc, "allowed", json_integer(
        (json_int_t)apr_atomic_read64(&c->allowed)));
    json_object_set_new(doc, "denied", denied);
    json_object_set_new(doc, "token_cache", json_pack(
        "{s:s, s:I, s:I}", "provider", st->cache ? st->cache->name : "off",
        "hits", (json_int_t)apr_atomic_read64(&c->cache_hits), "misses",
        (json_int_t)apr_atomic_read64(&c->cache_misses)));
    json_object_set_new(doc, "verifications", alg);
    json_object_set_new(doc, "key_sources", sources);
    text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(doc);
    ap_set_content_type(r, "application/json");
    if (text != NULL) {
        ap_rputs(text, r);
        ap_rputs("\n", r);
        free(text);
    }
}

/* A Prometheus label value: backslash, quote and newline escaped. */
static const char *label(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, 2 * strlen(s) + 1), *o = out;

    for (; *s != '\0'; s++) {
        if (*s == '\\' || *s == '"' || *s == '\n') {
            *o++ = '\\';
            *o++ = *s == '\n' ? 'n' : *s;
        }
        else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static void metric_head(request_rec *r, const char *name, const char *type,
                        const char *help)
{
    ap_rprintf(r, "# HELP agentos_rbac_%s %s\n# TYPE agentos_rbac_%s %s\n",
               name, help, name, type);
}

/* A counter without labels: its HELP and TYPE lines and its one sample. */
static void counter(request_rec *r, const char *name, const char *help,
                    apr_uint64_t value)
{
    metric_head(r, name, "counter", help);
    ap_rprintf(r, "agentos_rbac_%s %" APR_UINT64_T_FMT "\n", name, value);
}

static void send_sources_prometheus(request_rec *r, rbac_state_t *st)
{
    source_view_t v;
    int i, k;

    metric_head(r, "jwks_fetches_total", "counter",
                "JWKS fetches, by key source.");
    metric_head(r, "jwks_failures_total", "counter",
                "Failed JWKS fetches, by key source.");
    metric_head(r, "key_set_age_seconds", "gauge",
                "Seconds since the key source was last loaded.");
    metric_head(r, "keys", "gauge", "Keys of a key source, by kid.");
    for (i = 0; i < st->n_sources; i++) {
        const char *src;

        view_source(r, st, i, &v);
        src = label(r->pool, v.name);
        ap_rprintf(r, "agentos_rbac_jwks_fetches_total{source=\"%s\"} %"
                   APR_UINT64_T_FMT "\n", src, v.fetches);
        ap_rprintf(r, "agentos_rbac_jwks_failures_total{source=\"%s\"} %"
                   APR_UINT64_T_FMT "\n", src, v.failures);
        ap_rprintf(r, "agentos_rbac_key_set_age_seconds{source=\"%s\"} %ld\n",
                   src, v.age);
        for (k = 0; k < v.kids->nelts; k++)
            ap_rprintf(r, "agentos_rbac_keys{source=\"%s\",kid=\"%s\"} 1\n",
                       src, label(r->pool, APR_ARRAY_IDX(v.kids, k,
                                                         const char *)));
    }
}

static void send_prometheus(request_rec *r, rbac_state_t *st)
{
    rbac_counters_t *c = rbac_store_counters(st->store);
    int i;

    ap_set_content_type(r, "text/plain; version=0.0.4");
    counter(r, "requests_allowed_total", "Requests the module let through.",
            apr_atomic_read64(&c->allowed));
    metric_head(r, "requests_denied_total", "counter",
                "Requests the module refused, by reason.");
    for (i = 0; i < RBAC_DENY_COUNT; i++)
        ap_rprintf(r, "agentos_rbac_requests_denied_total{reason=\"%s\"} %"
                   APR_UINT64_T_FMT "\n", deny_names[i],
                   apr_atomic_read64(&c->denied[i]));
    counter(r, "token_cache_hits_total", "Verified-token cache hits.",
            apr_atomic_read64(&c->cache_hits));
    counter(r, "token_cache_misses_total", "Verified-token cache misses.",
            apr_atomic_read64(&c->cache_misses));
    metric_head(r, "verifications_total", "counter",
                "Token signature verifications, by algorithm.");
    for (i = 0; i < AOR_ALG_COUNT; i++)
        ap_rprintf(r, "agentos_rbac_verifications_total{alg=\"%s\"} %"
                   APR_UINT64_T_FMT "\n", aor_alg_info((aor_alg_t)i)->name,
                   apr_atomic_read64(&c->verifications[i]));
    send_sources_prometheus(r, st);
}

int rbac_status_handler(request_rec *r)
{
    rbac_state_t *st;

    if (r->handler == NULL || strcmp(r->handler, "agentos-rbac-status") != 0)
        return DECLINED;
    if (r->method_number != M_GET)
        return HTTP_METHOD_NOT_ALLOWED;
    st = rbac_state(r);
    if (st == NULL)
        return HTTP_SERVICE_UNAVAILABLE;
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    if (r->args != NULL && strstr(r->args, "format=prometheus") != NULL)
        send_prometheus(r, st);
    else
        send_json(r, st);
    return OK;
}
