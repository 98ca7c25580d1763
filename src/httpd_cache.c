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

void rbac_cache_child_init(rbac_cache_t *c, apr_pool_t *pchild,
                           server_rec *s)
{
    apr_status_t rv;

    if (c->mutex == NULL)
        return;
    rv = apr_global_mutex_child_init(&c->mutex,
                                     apr_global_mutex_lockfile(c->mutex),
                                     pchild);
    if (rv != APR_SUCCESS)
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, AOR_LOGNO(00904)
                     "AgentOSTokenCache: cannot attach the cache mutex");
}

aor_token_t *rbac_cache_get(request_rec *r, rbac_cache_t *c,
                            const unsigned char *key, apr_size_t keylen)
{
    unsigned char buf[8192];
    unsigned int len = sizeof(buf);
    aor_token_t *t = NULL;
    aor_error_t err;
    apr_status_t rv;

    if (c->mutex != NULL)
        apr_global_mutex_lock(c->mutex);
    rv = c->provider->retrieve(c->inst, r->server, key, (unsigned int)keylen,
                               buf, &len, r->pool);
    if (c->mutex != NULL)
        apr_global_mutex_unlock(c->mutex);
    if (rv != APR_SUCCESS)
        return NULL;
    if (aor_token_decode(buf, len, &t, &err) != AOR_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, AOR_LOGNO(00905)
                      "token cache: ignoring a bad entry: %s", err.text);
        return NULL;
    }
    return t;
}

void rbac_cache_put(request_rec *r, rbac_cache_t *c,
                    const unsigned char *key, apr_size_t keylen,
                    const aor_token_t *t, apr_time_t expiry)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    aor_error_t err;
    apr_status_t rv;

    if (aor_token_encode(t, &buf, &len, &err) != AOR_OK)
        return;
    if (len <= 8192) {
        if (c->mutex != NULL)
            apr_global_mutex_lock(c->mutex);
        rv = c->provider->store(c->inst, r->server, key, (unsigned int)keylen,
                                expiry, buf, (unsigned int)len, r->pool);
        if (c->mutex != NULL)
            apr_global_mutex_unlock(c->mutex);
        if (rv != APR_SUCCESS)
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, AOR_LOGNO(00906)
                          "token cache: store failed");
    }
    free(buf);
}
