/*
 * httpd_cache.c - the verified-token cache (AgentOSTokenCache, SPEC 6)
 * through Apache's socache providers: shmcb on one host, memcache or
 * redis for a fleet.
 *
 * Key: a fingerprint of the verification policy (8 bytes) and the SHA-256
 * of the whole token (32 bytes), so a token verified under one policy is
 * never honoured under another.  Value: the verified identity
 * (aor_token_encode), stored until the token's exp at the latest.
 * Nothing but successfully verified tokens is stored.
 */
#include "ap_provider.h"
#include "http_main.h"
#include "util_mutex.h"

#include "httpd_state.h"

#define CACHE_MUTEX     "agentos-rbac-cache"
#define CACHE_NAMESPACE "agentos-rbac"
#define CACHE_DEFAULT   "shmcb"
#define RBAC_CACHE_VALUE_MAX 8192
#define RBAC_L1_SLOTS   256

const char *set_token_cache(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_srv_conf_t *srv = ap_get_module_config(cmd->server->module_config,
                                               &agentos_rbac_module);
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);

    (void)dconf;
    if (err != NULL)
        return err;
    if (*arg == '\0' || *arg == ':')
        return apr_psprintf(cmd->pool, "%s: give a socache provider "
                            "(shmcb, memcache:host:port, redis:host:port, "
                            "...) or off", cmd->cmd->name);
    srv->cache_spec = arg;
    return NULL;
}

int rbac_cache_pre_config(apr_pool_t *pconf)
{
    return ap_mutex_register(pconf, CACHE_MUTEX, NULL, APR_LOCK_DEFAULT, 0)
        == APR_SUCCESS ? OK : HTTP_INTERNAL_SERVER_ERROR;
}

static apr_status_t cache_cleanup(void *data)
{
    rbac_cache_t *c = data;

    c->provider->destroy(c->inst, ap_server_conf);
    return APR_SUCCESS;
}

apr_status_t rbac_cache_create(apr_pool_t *pconf, apr_pool_t *ptemp,
                               server_rec *s, rbac_cache_t **out)
{
    aor_srv_conf_t *srv = ap_get_module_config(s->module_config,
                                               &agentos_rbac_module);
    struct ap_socache_hints hints = { 40, 256, 30 };
    const char *spec = srv->cache_spec ? srv->cache_spec : CACHE_DEFAULT;
    const char *args = ap_strchr_c(spec, ':'), *err = NULL;
    rbac_cache_t *c;
    apr_status_t rv;

    *out = NULL;
    if (strcasecmp(spec, "off") == 0)
        return APR_SUCCESS;
    c = apr_pcalloc(pconf, sizeof(*c));
    c->name = args ? apr_pstrndup(pconf, spec, (apr_size_t)(args - spec))
                   : spec;
    c->provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, c->name,
                                     AP_SOCACHE_PROVIDER_VERSION);
    if (c->provider == NULL) {
        ap_log_error(APLOG_MARK, srv->cache_spec ? APLOG_EMERG
                     : APLOG_WARNING, 0, s, AOR_LOGNO(00901)
                     "AgentOSTokenCache: socache provider '%s' not found: "
                     "load mod_socache_%s%s", c->name, c->name,
                     srv->cache_spec ? "" : " (token cache off)");
        return srv->cache_spec ? APR_EGENERAL : APR_SUCCESS;
    }
    err = c->provider->create(&c->inst, args ? args + 1 : NULL, ptemp,
                              pconf);
    if (err != NULL) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, AOR_LOGNO(00902)
                     "AgentOSTokenCache: %s", err);
        return APR_EGENERAL;
    }
    if (c->provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE) {
        rv = ap_global_mutex_create(&c->mutex, NULL, CACHE_MUTEX, NULL, s,
                                    pconf, 0);
        if (rv != APR_SUCCESS)
            return rv;
    }
    rv = c->provider->init(c->inst, CACHE_NAMESPACE, &hints, s, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, AOR_LOGNO(00903)
                     "AgentOSTokenCache: cannot initialise '%s'", spec);
        return rv;
    }
    apr_pool_cleanup_register(pconf, c, cache_cleanup,
                              apr_pool_cleanup_null);
    *out = c;
    return APR_SUCCESS;
}

static apr_status_t l1_cleanup(void *data)
{
    aor_l1_free(data);
    return APR_SUCCESS;
}

void rbac_cache_child_init(rbac_cache_t *c, apr_pool_t *pchild,
                           server_rec *s)
{
    uint64_t seed = 0;
    apr_status_t rv;

    apr_generate_random_bytes((unsigned char *)&seed, sizeof(seed));
    c->l1 = aor_l1_new(RBAC_L1_SLOTS, seed);
    if (c->l1 != NULL)
        apr_pool_cleanup_register(pchild, c->l1, l1_cleanup,
                                  apr_pool_cleanup_null);
    if (c->mutex == NULL)
        return;
    rv = apr_global_mutex_child_init(&c->mutex,
                                     apr_global_mutex_lockfile(c->mutex),
                                     pchild);
    if (rv != APR_SUCCESS)
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, AOR_LOGNO(00904)
                     "AgentOSTokenCache: cannot attach the cache mutex");
}

/* The socache entry for key, as bytes in buf (8 KiB); 0 on a miss. */
static unsigned int l2_get(request_rec *r, rbac_cache_t *c,
                           const unsigned char *key, unsigned char *buf)
{
    unsigned int len = RBAC_CACHE_VALUE_MAX;
    apr_status_t rv;

    if (c->mutex != NULL)
        apr_global_mutex_lock(c->mutex);
    rv = c->provider->retrieve(c->inst, r->server, key, AOR_CACHE_KEY_LEN,
                               buf, &len, r->pool);
    if (c->mutex != NULL)
        apr_global_mutex_unlock(c->mutex);
    return rv == APR_SUCCESS ? len : 0;
}

/*
 * An identity from cached bytes, if still good: not expired (with
 * leeway), verified with a key the current key set still has.
 */
static aor_token_t *usable(request_rec *r, const unsigned char *buf,
                           size_t len, const aor_keyset_t *keys,
                           double leeway, double now)
{
    aor_token_t *t = NULL;
    aor_error_t err;

    if (aor_token_decode(buf, len, &t, &err) != AOR_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, AOR_LOGNO(00905)
                      "token cache: ignoring a bad entry: %s", err.text);
        return NULL;
    }
    if ((t->has_exp && t->exp <= now - leeway)
        || !aor_keyset_has_fingerprint(keys, t->key_fp)) {
        aor_token_free(t);
        return NULL;
    }
    return t;
}

aor_token_t *rbac_cache_lookup(request_rec *r, rbac_cache_t *c,
                               uint64_t ctx, const char *token,
                               apr_size_t len, const aor_keyset_t *keys,
                               double leeway, double now)
{
    unsigned char key[AOR_CACHE_KEY_LEN], *buf;
    aor_token_t *t = NULL;
    size_t n;

    buf = apr_palloc(r->pool, RBAC_CACHE_VALUE_MAX);
    n = c->l1 ? aor_l1_get(c->l1, ctx, token, len, buf) : 0;
    if (n > 0)
        t = usable(r, buf, n, keys, leeway, now);
    if (t == NULL) {
        aor_cache_key(ctx, token, len, key);
        n = l2_get(r, c, key, buf);
        if (n > 0 && (t = usable(r, buf, n, keys, leeway, now)) != NULL
            && c->l1 != NULL)
            aor_l1_put(c->l1, ctx, token, len, buf, n);
    }
    rbac_count_cache(r, t != NULL);
    return t;
}

/* Keep a verified identity until exp at the latest (SPEC 6). */
#define RBAC_CACHE_MAX_TTL 300

void rbac_cache_store(request_rec *r, rbac_cache_t *c, uint64_t ctx,
                      const char *token, apr_size_t len,
                      const aor_token_t *t, double now)
{
    unsigned char key[AOR_CACHE_KEY_LEN], *buf = NULL;
    double until = now + RBAC_CACHE_MAX_TTL;
    size_t n = 0;
    aor_error_t err;
    apr_status_t rv;

    if (t->has_exp && t->exp < until)
        until = t->exp;
    if (until <= now + 1 || aor_token_encode(t, &buf, &n, &err) != AOR_OK)
        return;
    if (n <= RBAC_CACHE_VALUE_MAX) {
        aor_cache_key(ctx, token, len, key);
        if (c->mutex != NULL)
            apr_global_mutex_lock(c->mutex);
        rv = c->provider->store(c->inst, r->server, key, AOR_CACHE_KEY_LEN,
                                (apr_time_t)(until * APR_USEC_PER_SEC), buf,
                                (unsigned int)n, r->pool);
        if (c->mutex != NULL)
            apr_global_mutex_unlock(c->mutex);
        if (rv != APR_SUCCESS)
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, AOR_LOGNO(00906)
                          "token cache: store failed");
        if (c->l1 != NULL)
            aor_l1_put(c->l1, ctx, token, len, buf, n);
    }
    free(buf);
}
