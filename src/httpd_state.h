/*
 * httpd_state.h - the module's state of one configuration generation:
 * the key store, the key sources, the token cache; created in post_config
 * by the parent, inherited by every child, reached from a request through
 * the server configuration.
 */
#ifndef HTTPD_STATE_H
#define HTTPD_STATE_H

#include "ap_socache.h"
#include "apr_global_mutex.h"

#include "aor_l1.h"
#include "httpd_private.h"
#include "httpd_store.h"

/*
 * The verified-token cache (httpd_cache.c): a per-process, lock-free L1
 * (aor_l1) in front of the socache provider, which all processes (or
 * hosts) share.
 */
typedef struct {
    const char *name;                       /* provider name, for logs */
    const ap_socache_provider_t *provider;
    ap_socache_instance_t *inst;
    apr_global_mutex_t *mutex;              /* NULL: provider is MP-safe */
    aor_l1_t *l1;                           /* per process: child_init */
} rbac_cache_t;

typedef struct rbac_state {
    rbac_store_t *store;
    aor_keysrc_t **sources;
    int n_sources;
    rbac_cache_t *cache;                    /* NULL: off */
    aor_l1_t *header_memo;                  /* per process: child_init */
} rbac_state_t;

/* httpd_state.c */
int rbac_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp);
int rbac_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                     server_rec *s);
void rbac_child_init(apr_pool_t *pchild, server_rec *s);
rbac_state_t *rbac_state(request_rec *r);
const aor_keyset_t *rbac_keys(request_rec *r, const aor_keysrc_t *src);
int rbac_keys_kid_miss(request_rec *r, const aor_keysrc_t *src);
const char *rbac_keysrc_blob(const aor_keysrc_t *src, apr_pool_t *p,
                             unsigned char **blob, apr_size_t *len);
apr_size_t rbac_slot_size(server_rec *s);
const char *set_store_size(cmd_parms *cmd, void *dconf, const char *arg);

/* httpd_jwks.c */
void rbac_jwks_startup(server_rec *s, rbac_store_t *st,
                       const aor_keysrc_t *src);
void rbac_jwks_tick(server_rec *s, rbac_store_t *st,
                    const aor_keysrc_t *src);
int rbac_jwks_first_load(request_rec *r, rbac_store_t *st,
                         const aor_keysrc_t *src);
int rbac_jwks_kid_miss(request_rec *r, rbac_store_t *st,
                       const aor_keysrc_t *src);

/* httpd_cache.c */
const char *set_token_cache(cmd_parms *cmd, void *dconf, const char *arg);
int rbac_cache_pre_config(apr_pool_t *pconf);
apr_status_t rbac_cache_create(apr_pool_t *pconf, apr_pool_t *ptemp,
                               server_rec *s, rbac_cache_t **out);
void rbac_cache_child_init(rbac_cache_t *c, apr_pool_t *pchild,
                           server_rec *s);
aor_token_t *rbac_cache_lookup(request_rec *r, rbac_cache_t *c,
                               uint64_t ctx, const char *token,
                               apr_size_t len, const aor_keyset_t *keys,
                               double leeway, double now);
void rbac_cache_store(request_rec *r, rbac_cache_t *c, uint64_t ctx,
                      const char *token, apr_size_t len,
                      const aor_token_t *t, double now);

/* httpd_status.c */
void rbac_count_allowed(request_rec *r);
void rbac_count_denied(request_rec *r, rbac_deny_t why);
void rbac_count_cache(request_rec *r, int hit);
void rbac_count_verification(request_rec *r, aor_alg_t alg);
int rbac_status_handler(request_rec *r);

#endif /* HTTPD_STATE_H */
