/*
 * httpd_state.c - startup and per-child setup of the key store, the token
 * cache and the JWKS watchdog; the request path's way to its keys.
 *
 * post_config (parent, real pass only): every key source gets a slot;
 * static keys are written to it; remote JWKS are fetched once (a failure
 * is logged and retried); the token cache is created; mod_watchdog runs
 * the refreshes, in one child at a time.
 */
#include <curl/curl.h>
#include <openssl/evp.h>

#include "http_main.h"
#include "mod_watchdog.h"

#include "aor_keyblob.h"
#include "httpd_state.h"

#define KEYSRC_REGISTRY     "agentos_rbac_keysrcs"
#define DEFAULT_SLOT_SIZE   65536
#define WATCHDOG_NAME       "agentos-rbac-jwks"
#define RBAC_HEADER_MEMO_SLOTS 64

/* The key source of this section, created (and registered) on first use. */
static apr_status_t keyset_cleanup(void *data)
{
    aor_keyset_free(data);
    return APR_SUCCESS;
}

const char *rbac_section_keysrc(cmd_parms *cmd, aor_dir_conf_t *conf,
                                aor_keysrc_t **out)
{
    apr_array_header_t *all = NULL;
    aor_keysrc_t *src = conf->keysrc;

    if (src == NULL) {
        src = apr_pcalloc(cmd->pool, sizeof(*src));
        src->slot = -1;
        src->keys = aor_keyset_new();
        if (src->keys == NULL)
            return apr_psprintf(cmd->pool, "%s: out of memory",
                                cmd->cmd->name);
        apr_pool_cleanup_register(cmd->pool, src->keys, keyset_cleanup,
                                  apr_pool_cleanup_null);
        apr_pool_userdata_get((void **)&all, KEYSRC_REGISTRY, cmd->pool);
        if (all == NULL) {
            all = apr_array_make(cmd->pool, 4, sizeof(aor_keysrc_t *));
            apr_pool_userdata_setn(all, KEYSRC_REGISTRY, NULL, cmd->pool);
        }
        APR_ARRAY_PUSH(all, aor_keysrc_t *) = src;
        conf->keysrc = src;
    }
    *out = src;
    return NULL;
}

const char *set_store_size(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_srv_conf_t *srv = ap_get_module_config(cmd->server->module_config,
                                               &agentos_rbac_module);
    apr_int64_t n = apr_atoi64(arg);
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);

    (void)dconf;
    if (err != NULL)
        return err;
    if (n < 4096 || n > 16 * 1024 * 1024)
        return apr_psprintf(cmd->pool, "%s: '%s' is not a size from 4096 to "
                            "16777216 bytes", cmd->cmd->name, arg);
    srv->store_slot_size = (apr_size_t)n;
    return NULL;
}

apr_size_t rbac_slot_size(server_rec *s)
{
    aor_srv_conf_t *srv = ap_get_module_config(s->module_config,
                                               &agentos_rbac_module);

    return srv->store_slot_size ? srv->store_slot_size : DEFAULT_SLOT_SIZE;
}

const char *rbac_keysrc_blob(const aor_keysrc_t *src, apr_pool_t *p,
                             unsigned char **blob, apr_size_t *len)
{
    const aor_keyset_t *sets[1] = { src->keys };
    unsigned char *raw = NULL;
    size_t n = 0;
    aor_error_t err;

    if (aor_keyblob_encode(sets, 1, &raw, &n, &err) != AOR_OK)
        return apr_pstrdup(p, err.text);
    *blob = apr_pmemdup(p, raw, n);
    *len = n;
    free(raw);
    return NULL;
}

/* SHA-256 over what defines a source: its static keys and its URI. */
static void keysrc_identity(aor_keysrc_t *src, const unsigned char *blob,
                            apr_size_t len)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const char *url = src->uri ? src->uri->url : "";

    if (ctx == NULL || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)
        || !EVP_DigestUpdate(ctx, blob, len)
        || !EVP_DigestUpdate(ctx, url, strlen(url) + 1)
        || !EVP_DigestFinal_ex(ctx, src->id, NULL))
        memset(src->id, 0, sizeof(src->id));
    EVP_MD_CTX_free(ctx);
}

static apr_status_t curl_cleanup(void *data)
{
    (void)data;
    curl_global_cleanup();
    return APR_SUCCESS;
}

int rbac_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp)
{
    (void)plog;
    (void)ptemp;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return HTTP_INTERNAL_SERVER_ERROR;
    apr_pool_cleanup_register(pconf, NULL, curl_cleanup,
                              apr_pool_cleanup_null);
    return rbac_cache_pre_config(pconf);
}

static apr_status_t jwks_watchdog(int state, void *data, apr_pool_t *pool)
{
    rbac_state_t *st = data;
    int i;

    (void)pool;
    if (state != AP_WATCHDOG_STATE_RUNNING)
        return APR_SUCCESS;
    for (i = 0; i < st->n_sources; i++) {
        if (st->sources[i]->uri != NULL)
            rbac_jwks_tick(ap_server_conf, st->store, st->sources[i]);
    }
    return APR_SUCCESS;
}

static int start_watchdog(apr_pool_t *pconf, server_rec *s, rbac_state_t *st)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) *get_instance;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *register_cb;
    ap_watchdog_t *wd;
    apr_status_t rv;

    get_instance = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    register_cb = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    if (get_instance == NULL || register_cb == NULL) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, AOR_LOGNO(00801)
                     "AgentOSJWKSURI needs mod_watchdog for its refreshes");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    rv = get_instance(&wd, WATCHDOG_NAME, 0, 1, pconf);
    if (rv == APR_SUCCESS)
        rv = register_cb(wd, AP_WD_TM_INTERVAL, st, jwks_watchdog);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, AOR_LOGNO(00802)
                     "cannot start the JWKS watchdog");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

/* Give every source a slot spec; refuse static keys that do not fit. */
static int slot_specs(apr_pool_t *ptemp, server_rec *s, rbac_state_t *st,
                      rbac_slot_spec_t *specs, unsigned char **blobs,
                      apr_size_t *lens)
{
    apr_size_t cap = rbac_slot_size(s);
    const char *err;
    int i;

    for (i = 0; i < st->n_sources; i++) {
        err = rbac_keysrc_blob(st->sources[i], ptemp, &blobs[i], &lens[i]);
        if (err == NULL && lens[i] > cap)
            err = apr_psprintf(ptemp, "static keys of %" APR_SIZE_T_FMT
                               " bytes do not fit AgentOSKeyStoreSize (%"
                               APR_SIZE_T_FMT ")", lens[i], cap);
        if (err != NULL) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, AOR_LOGNO(00803)
                         "key store: %s", err);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        keysrc_identity(st->sources[i], blobs[i], lens[i]);
        memcpy(specs[i].id, st->sources[i]->id, sizeof(specs[i].id));
        specs[i].cap = cap;
    }
    return OK;
}

static int create_store(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s,
                        rbac_state_t *st)
{
    int n = st->n_sources, i, rc, any_uri = 0;
    rbac_slot_spec_t *specs = apr_pcalloc(ptemp, (n + 1) * sizeof(*specs));
    unsigned char **blobs = apr_pcalloc(ptemp, (n + 1) * sizeof(*blobs));
    apr_size_t *lens = apr_pcalloc(ptemp, (n + 1) * sizeof(*lens));
    apr_status_t rv;

    rc = slot_specs(ptemp, s, st, specs, blobs, lens);
    if (rc != OK)
        return rc;
    rv = rbac_store_create(pconf, s, specs, n, &st->store);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, AOR_LOGNO(00804)
                     "cannot create the key store in shared memory");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    for (i = 0; i < n; i++) {
        st->sources[i]->slot = i;
        if (rbac_store_slot(st->store, i)->gen == 0)
            rbac_store_put(st->store, i, blobs[i], lens[i]);
        if (st->sources[i]->uri != NULL) {
            any_uri = 1;
            rbac_jwks_startup(s, st->store, st->sources[i]);
        }
    }
    return any_uri ? start_watchdog(pconf, s, st) : OK;
}

int rbac_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                     server_rec *s)
{
    rbac_state_t *st = apr_pcalloc(pconf, sizeof(*st));
    apr_array_header_t *all = NULL;
    server_rec *sv;
    int rc;

    (void)plog;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG)
        return OK;
    apr_pool_userdata_get((void **)&all, KEYSRC_REGISTRY, pconf);
    st->n_sources = all ? all->nelts : 0;
    st->sources = all ? (aor_keysrc_t **)all->elts : NULL;
    rc = create_store(pconf, ptemp, s, st);
    if (rc != OK)
        return rc;
    if (rbac_cache_create(pconf, ptemp, s, &st->cache) != APR_SUCCESS)
        return HTTP_INTERNAL_SERVER_ERROR;
    for (sv = s; sv != NULL; sv = sv->next) {
        aor_srv_conf_t *srv = ap_get_module_config(sv->module_config,
                                                   &agentos_rbac_module);
        srv->state = st;
    }
    return OK;
}

static apr_status_t memo_cleanup(void *data)
{
    aor_l1_free(data);
    return APR_SUCCESS;
}

void rbac_child_init(apr_pool_t *pchild, server_rec *s)
{
    aor_srv_conf_t *srv = ap_get_module_config(s->module_config,
                                               &agentos_rbac_module);
    rbac_state_t *st = srv->state;
    uint64_t seed = 0;

    if (st == NULL)
        return;
    apr_generate_random_bytes((unsigned char *)&seed, sizeof(seed));
    st->header_memo = aor_l1_new(RBAC_HEADER_MEMO_SLOTS, seed);
    if (st->header_memo != NULL)
        apr_pool_cleanup_register(pchild, st->header_memo, memo_cleanup,
                                  apr_pool_cleanup_null);
    if (rbac_store_child_init(st->store, pchild) != APR_SUCCESS)
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, AOR_LOGNO(00805)
                     "cannot set up the key store in this child");
    if (st->cache != NULL)
        rbac_cache_child_init(st->cache, pchild, s);
}

rbac_state_t *rbac_state(request_rec *r)
{
    aor_srv_conf_t *srv = ap_get_module_config(r->server->module_config,
                                               &agentos_rbac_module);

    return srv->state;
}

const aor_keyset_t *rbac_keys(request_rec *r, const aor_keysrc_t *src)
{
    rbac_state_t *st = rbac_state(r);
    const aor_keyset_t *keys;

    if (st == NULL || src->slot < 0)
        return NULL;
    keys = rbac_store_keys(st->store, src->slot);
    if (src->uri == NULL
        || apr_atomic_read32(&rbac_store_slot(st->store,
                                              src->slot)->loaded_at) != 0)
        return keys;
    /* the remote JWKS never loaded: try now, this request may wait */
    if (rbac_jwks_first_load(r, st->store, src))
        return rbac_store_keys(st->store, src->slot);
    return keys != NULL && aor_keyset_count(keys) > 0 ? keys : NULL;
}

int rbac_keys_kid_miss(request_rec *r, const aor_keysrc_t *src)
{
    rbac_state_t *st = rbac_state(r);

    return st != NULL && src->uri != NULL && src->slot >= 0
        && rbac_jwks_kid_miss(r, st->store, src);
}
