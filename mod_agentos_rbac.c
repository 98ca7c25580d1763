/*
 * mod_agentos_rbac.c - AgentOS JWT + RBAC at the edge of Apache httpd.
 *
 * The table of contents of the module: the module record, the directives
 * and the hooks.  Everything else lives in src/: the httpd adapter in
 * src/httpd_*.c and the server-independent core in src/aor_*.c.
 */
#define AOR_MODULE_RECORD
#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"

#include "src/httpd_private.h"

static const command_rec rbac_cmds[] = {
    /* identity of the AgentOS instance */
    AP_INIT_TAKE1("AgentOSID", set_agentos_id, NULL, RSRC_CONF | ACCESS_CONF,
                  "The AgentOS id: the audience tokens must carry, and the "
                  "Bearer realm"),
    AP_INIT_TAKE_ARGV("AgentOSAudience", set_audience, NULL,
                      RSRC_CONF | ACCESS_CONF,
                      "Accepted audiences (one or more), instead of "
                      "AgentOSID"),
    /* keys and algorithms */
    AP_INIT_TAKE_ARGV("AgentOSVerifyKey", set_verify_key, NULL,
                      RSRC_CONF | ACCESS_CONF,
                      "Verification keys: a PEM file, env:NAME, "
                      "secret:VALUE or secret-file:PATH"),
    AP_INIT_TAKE1("AgentOSJWKSFile", set_jwks_file, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "A JWKS file; keys are chosen by kid, a kid-less key is "
                  "the fallback"),
    AP_INIT_TAKE_ARGV("AgentOSAlgorithms", set_algorithms, NULL,
                      RSRC_CONF | ACCESS_CONF,
                      "Allowed JWS algorithms: HS256 HS384 HS512 RS256 RS384 "
                      "RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA "
                      "(default RS256)"),
    /* token checks */
    AP_INIT_TAKE1("AgentOSLeeway", set_leeway, NULL, RSRC_CONF | ACCESS_CONF,
                  "Clock skew in seconds for exp, nbf and iat, 0-86400 "
                  "(default 10)"),
    AP_INIT_TAKE1("AgentOSTokenHeader", set_token_header, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "Request header carrying the token (default "
                  "Authorization)"),
    AP_INIT_TAKE1("AgentOSMaxTokenSize", set_max_token_size, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "Longest token accepted, in bytes, 64-1048576 "
                  "(default 16384)"),
    { NULL }
};

static void rbac_register_hooks(apr_pool_t *p)
{
    ap_hook_check_config(rbac_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_header_parser(rbac_header_parser, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_check_authn(rbac_check_authn, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_force_authn(rbac_force_authn, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_note_auth_failure(rbac_note_auth_failure, NULL, NULL,
                              APR_HOOK_MIDDLE);
    ap_hook_fixups(rbac_fixups, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_insert_error_filter(rbac_insert_error_filter, NULL, NULL,
                                APR_HOOK_MIDDLE);
    ap_register_output_filter(RBAC_ERROR_FILTER, rbac_error_type_filter,
                              NULL, AP_FTYPE_CONTENT_SET);
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "agentos-scope",
                              AUTHZ_PROVIDER_VERSION, &rbac_scope_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
}

AP_DECLARE_MODULE(agentos_rbac) = {
    STANDARD20_MODULE_STUFF,
    rbac_create_dir_conf,
    rbac_merge_dir_conf,
    NULL,
    NULL,
    rbac_cmds,
    rbac_register_hooks,
    AP_MODULE_FLAG_NONE
};
