/*
 * httpd_private.h - what the files of the httpd adapter share.
 *
 * The adapter translates between httpd and the core (aor_*): it owns
 * configuration, hooks, the authz provider, error responses and logging.
 * It holds no policy: every decision about a token or a scope is made by
 * the core.
 */
#ifndef HTTPD_PRIVATE_H
#define HTTPD_PRIVATE_H

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_request.h"
#include "mod_auth.h"

#include <errno.h>

#include "apr_lib.h"
#include "apr_strings.h"
#include "apr_tables.h"

#include "aor_alg.h"
#include "aor_decide.h"
#include "aor_err.h"
#include "aor_key.h"
#include "aor_keyset.h"
#include "aor_routes.h"
#include "aor_scope.h"
#include "aor_token.h"
#include "aor_verify.h"

/* mod_agentos_rbac.c declares the module; the other files need the tag. */
#ifndef AOR_MODULE_RECORD
APLOG_USE_MODULE(agentos_rbac);
#endif
/* The only symbol the module exports (the rest is -fvisibility=hidden). */
extern module AP_MODULE_DECLARE_DATA __attribute__((visibility("default")))
    agentos_rbac_module;

/*
 * Error log tags: one per call site, never reused, checked by `make
 * check`.  httpd's AHnnnnn numbers belong to httpd itself.
 */
#define AOR_LOGNO(n) "AOR" #n ": "

#define AOR_AUTH_TYPE           "agentos"
#define AOR_DEFAULT_ALGS        AOR_ALGSET_BIT(AOR_ALG_RS256)
#define AOR_DEFAULT_LEEWAY      10
#define AOR_DEFAULT_HEADER      "Authorization"
#define AOR_DEFAULT_COOKIE      "access_token"
#define AOR_DEFAULT_MAX_TOKEN   16384
#define AOR_DEFAULT_ADMIN       "agent_os:admin"
#define AOR_SERVICE_PREFIX      "agno_pat_"

/* AgentOSJWKSURI: a remote JWKS (SPEC 6). */
typedef struct {
    const char *url;
    apr_uint32_t refresh_s;     /* refresh=S, default 300            */
    apr_uint32_t timeout_s;     /* timeout=S, default 5              */
    const char *ca_file;        /* ca=FILE: trust anchors for HTTPS  */
    apr_size_t max_size;        /* max-size=BYTES of the response    */
} rbac_uri_t;

/*
 * The keys a section verifies with.  The static keys (AgentOSVerifyKey,
 * AgentOSJWKSFile) are parsed at configuration time; at startup they,
 * and the keys fetched from a JWKS URI, go through one key store slot,
 * from which every worker builds its own key set.
 */
typedef struct {
    aor_keyset_t *keys;         /* static keys; owned, config pool     */
    rbac_uri_t *uri;            /* NULL: no remote JWKS                */
    int slot;                   /* key store slot; -1 before startup   */
    unsigned char id[32];       /* identity, for the slot and caches   */
} aor_keysrc_t;

typedef enum {
    RBAC_SOURCE_HEADER = 0,
    RBAC_SOURCE_COOKIE,
    RBAC_SOURCE_BOTH
} rbac_source_t;

typedef enum {
    RBAC_SERVICE_DENY = 0,
    RBAC_SERVICE_PASSTHROUGH
} rbac_service_t;

/*
 * Per-directory configuration, one field per directive.  Unset is NULL or
 * -1 (merge never compares with a default); the rbac_conf_*() accessors
 * apply the defaults.  Lists are arrays of const char *.
 */
typedef struct {
    /* who may call: audience, issuer, expiry */
    const char *agentos_id;
    apr_array_header_t *audiences;
    apr_array_header_t *issuers;
    int require_exp;
    /* keys and algorithms */
    aor_keysrc_t *keysrc;
    int algs_set;
    aor_algset_t algs;
    int leeway;
    aor_key_t *security_key;            /* legacy shared key (oct) */
    /* where the token is */
    int token_source;                   /* rbac_source_t */
    const char *token_header;
    const char *cookie_name;
    apr_off_t max_token_size;
    int service_accounts;               /* rbac_service_t */
    /* claim names */
    const char *scopes_claim;
    int scopes_split;                   /* with scopes_claim */
    const char *user_claim;
    const char *session_claim;
    const char *aud_claim;
    const char *admin_scope;
    apr_array_header_t *claim_env;
    /* routing */
    const char *base_path;
    int route_map;                      /* 1 default, 0 none */
    aor_routes_t *routes;               /* AgentOSRoute, owned */
    aor_routes_t *excludes;             /* empty: none */
    /* what leaves the module */
    int forward_claims;
    apr_array_header_t *cors_origins;
    int registered;                     /* in the httpd_check.c registry */
} aor_dir_conf_t;

struct rbac_state;             /* httpd_state.c: this generation's */

/* Per-server configuration. */
typedef struct {
    const aor_routes_t *default_routes; /* the built-in map, shared     */
    const aor_routes_t *default_excludes; /* AgentOS's exclusions       */
    apr_size_t store_slot_size;         /* AgentOSKeyStoreSize; 0 unset */
    const char *cache_spec;             /* AgentOSTokenCache; NULL unset */
    struct rbac_state *state;           /* set at post_config            */
} aor_srv_conf_t;

/* httpd_config.c: creation, merging, defaults, the core's policy */
void *rbac_create_dir_conf(apr_pool_t *p, char *dir);
void *rbac_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);
void *rbac_create_srv_conf(apr_pool_t *p, server_rec *s);
aor_dir_conf_t *rbac_dir_conf(request_rec *r);
void rbac_conf_policy(const aor_dir_conf_t *conf, aor_policy_t *pol);
const char *rbac_conf_realm(request_rec *r, const aor_dir_conf_t *conf);
const char *rbac_conf_header(const aor_dir_conf_t *conf);
const char *rbac_conf_cookie(const aor_dir_conf_t *conf);
const char *rbac_conf_admin(const aor_dir_conf_t *conf);
int rbac_conf_legacy(const aor_dir_conf_t *conf);
uint64_t rbac_conf_fingerprint(const aor_dir_conf_t *conf);

/* httpd_directives.c: handlers of the plain directives */
const char *set_agentos_id(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_list(cmd_parms *cmd, void *dconf, int argc,
                     char *const argv[]);
const char *set_algorithms(cmd_parms *cmd, void *dconf, int argc,
                           char *const argv[]);
const char *set_leeway(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_max_token_size(cmd_parms *cmd, void *dconf,
                               const char *arg);
const char *set_header_name(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_claim_name(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_scopes_claim(cmd_parms *cmd, void *dconf, const char *name,
                             const char *mode);
const char *set_admin_scope(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_token_source(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_service_accounts(cmd_parms *cmd, void *dconf,
                                 const char *arg);
const char *set_flag(cmd_parms *cmd, void *dconf, int on);
const char *set_cors_origins(cmd_parms *cmd, void *dconf, int argc,
                             char *const argv[]);

/* httpd_keys.c, httpd_jwks.c, httpd_state.c: key sources */
const char *rbac_section_keysrc(cmd_parms *cmd, aor_dir_conf_t *conf,
                                aor_keysrc_t **out);
const char *rbac_read_file(cmd_parms *cmd, const char *name, char **data,
                           apr_size_t *len);
const char *set_jwks_uri(cmd_parms *cmd, void *dconf, int argc,
                         char *const argv[]);
const char *set_verify_key(cmd_parms *cmd, void *dconf, int argc,
                           char *const argv[]);
const char *set_jwks_file(cmd_parms *cmd, void *dconf, const char *path);
const char *set_security_key(cmd_parms *cmd, void *dconf, const char *arg);

/* httpd_routes.c: route map, base path, exclusions */
const char *set_route(cmd_parms *cmd, void *dconf, int argc,
                      char *const argv[]);
const char *set_route_map(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_base_path(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_exclude(cmd_parms *cmd, void *dconf, int argc,
                        char *const argv[]);
const aor_routes_t *rbac_default_routes(apr_pool_t *pconf);
const aor_routes_t *rbac_default_excludes(apr_pool_t *pconf);
int rbac_path_excluded(request_rec *r, const aor_dir_conf_t *conf,
                       const char *path, apr_size_t len);

/* httpd_check.c: checks across directives, at configtest and start */
void rbac_register_section(cmd_parms *cmd, aor_dir_conf_t *conf);
int rbac_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                      server_rec *s);

/* httpd_request.c: the per-request state, verified once */
typedef enum {
    RBAC_UNCHECKED = 0,
    RBAC_MISSING,               /* no token: 401 without an error code   */
    RBAC_REJECTED,              /* a token that does not verify: 401     */
    RBAC_VALID,                 /* a verified token: token is set        */
    RBAC_TRUSTED,               /* legacy key or service passthrough:    */
                                /* full access, no identity              */
    RBAC_FAULT,                 /* misconfiguration: 500                 */
    RBAC_UNAVAILABLE            /* no keys loaded yet: 503               */
} rbac_outcome_t;

typedef struct {
    rbac_outcome_t outcome;
    const char *detail;         /* MISSING, REJECTED: the client detail  */
    int deny;                   /* rbac_deny_t when refused              */
    const aor_token_t *token;   /* VALID                                 */
    int excluded;               /* -1 unknown, 0, 1                      */
    const char *path;           /* route path: base stripped, normalised */
    apr_size_t path_len;
    const char *accessible_ids; /* set when the listing rule applied     */
    int published;              /* the identity went out (once)          */
    /* the error response prepared for this request, if any */
    int err_status;
    const char *err_body;
    const char *err_www_authenticate;
} rbac_req_t;

int rbac_is_agentos(request_rec *r);
rbac_req_t *rbac_req(request_rec *r);
rbac_req_t *rbac_req_verify(request_rec *r);
int rbac_req_excluded(request_rec *r);
void rbac_req_path(request_rec *r, rbac_req_t *req);

/* httpd_response.c */
const char *rbac_token_detail(apr_pool_t *p, aor_status_t st);
void rbac_fail_token(request_rec *r, rbac_req_t *req);
void rbac_fail_scope(request_rec *r, rbac_req_t *req,
                     const aor_decision_t *d);
void rbac_fail_generic(request_rec *r, rbac_req_t *req, int status,
                       const char *detail);
int rbac_http_status(const rbac_req_t *req);
void rbac_insert_error_filter(request_rec *r);
apr_status_t rbac_error_type_filter(ap_filter_t *f, apr_bucket_brigade *bb);
#define RBAC_ERROR_FILTER "AGENTOS_RBAC_ERROR"

/* httpd_authn.c */
int rbac_check_authn(request_rec *r);
int rbac_note_auth_failure(request_rec *r, const char *auth_type);
int rbac_header_parser(request_rec *r);
int rbac_fixups(request_rec *r);

/* httpd_authz.c */
extern const authz_provider rbac_scope_provider;

#endif /* HTTPD_PRIVATE_H */
