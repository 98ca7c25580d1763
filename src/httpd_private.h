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
#include "aor_err.h"
#include "aor_keyset.h"
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
#define AOR_DEFAULT_MAX_TOKEN   16384
#define AOR_DEFAULT_ADMIN       "agent_os:admin"

/* Keys a section verifies with: built once, at configuration time. */
typedef struct {
    aor_keyset_t *keys;         /* owned; freed with the config pool */
} aor_keysrc_t;

/*
 * Per-directory configuration.  Unset is NULL or -1 (merge never compares
 * with a default); the rbac_conf_*() accessors apply the defaults.
 */
typedef struct {
    const char *agentos_id;
    apr_array_header_t *audiences;  /* const char *                 */
    aor_keysrc_t *keysrc;
    int algs_set;
    aor_algset_t algs;
    int leeway;                     /* seconds                      */
    const char *token_header;
    apr_off_t max_token_size;       /* bytes                        */
    int registered;                 /* in the httpd_check.c registry */
} aor_dir_conf_t;

/* httpd_config.c */
void *rbac_create_dir_conf(apr_pool_t *p, char *dir);
void *rbac_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);
aor_dir_conf_t *rbac_dir_conf(request_rec *r);
void rbac_conf_policy(const aor_dir_conf_t *conf, aor_policy_t *pol,
                      apr_pool_t *p);
const char *rbac_conf_realm(request_rec *r, const aor_dir_conf_t *conf);
const char *rbac_conf_header(const aor_dir_conf_t *conf);
const char *set_agentos_id(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_audience(cmd_parms *cmd, void *dconf, int argc,
                         char *const argv[]);
const char *set_algorithms(cmd_parms *cmd, void *dconf, int argc,
                           char *const argv[]);
const char *set_leeway(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_token_header(cmd_parms *cmd, void *dconf, const char *arg);
const char *set_max_token_size(cmd_parms *cmd, void *dconf,
                               const char *arg);

/* httpd_keys.c */
const char *set_verify_key(cmd_parms *cmd, void *dconf, int argc,
                           char *const argv[]);
const char *set_jwks_file(cmd_parms *cmd, void *dconf, const char *path);

/* httpd_check.c: checks across directives, at configtest and start */
void rbac_register_section(cmd_parms *cmd, aor_dir_conf_t *conf);
int rbac_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                      server_rec *s);

/* httpd_request.c: the per-request state, verified once */
typedef enum {
    RBAC_TOKEN_UNCHECKED = 0,
    RBAC_TOKEN_MISSING,
    RBAC_TOKEN_CHECKED          /* status says how it went */
} rbac_token_state_t;

typedef struct {
    rbac_token_state_t state;
    aor_status_t status;        /* when CHECKED                    */
    const aor_token_t *token;   /* when CHECKED and AOR_OK          */
    /* the error response prepared for this request, if any */
    int err_status;
    const char *err_body;
    const char *err_www_authenticate;
} rbac_req_t;

rbac_req_t *rbac_req(request_rec *r);
rbac_req_t *rbac_req_verify(request_rec *r);
int rbac_is_agentos(request_rec *r);

/* httpd_response.c */
void rbac_fail_token(request_rec *r, rbac_req_t *req);
void rbac_fail_scope(request_rec *r, rbac_req_t *req, const char *scopes_csv,
                     const char *scopes_ssv);
void rbac_fail_generic(request_rec *r, rbac_req_t *req, int status,
                       const char *detail);
int rbac_http_status(const rbac_req_t *req);
void rbac_insert_error_filter(request_rec *r);
apr_status_t rbac_error_type_filter(ap_filter_t *f, apr_bucket_brigade *bb);
#define RBAC_ERROR_FILTER "AGENTOS_RBAC_ERROR"

/* httpd_authn.c */
int rbac_check_authn(request_rec *r);
int rbac_force_authn(request_rec *r);
int rbac_note_auth_failure(request_rec *r, const char *auth_type);
int rbac_header_parser(request_rec *r);
int rbac_fixups(request_rec *r);

/* httpd_authz.c */
extern const authz_provider rbac_scope_provider;

#endif /* HTTPD_PRIVATE_H */
