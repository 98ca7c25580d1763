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
#include "src/httpd_state.h"

#define CONF RSRC_CONF | ACCESS_CONF
#define SLOT(field) (void *)APR_OFFSETOF(aor_dir_conf_t, field)

static const command_rec rbac_cmds[] = {
    /* who may call: audience, issuer, expiry */
    AP_INIT_TAKE1("AgentOSID", set_agentos_id, NULL, CONF,
                  "The AgentOS id: the audience tokens must carry, and the "
                  "Bearer realm"),
    AP_INIT_TAKE_ARGV("AgentOSAudience", set_list, SLOT(audiences), CONF,
                      "Accepted audiences (one or more), instead of "
                      "AgentOSID"),
    AP_INIT_TAKE_ARGV("AgentOSIssuer", set_list, SLOT(issuers), CONF,
                      "Accepted issuers (one or more); iss must be one"),
    AP_INIT_FLAG("AgentOSRequireExp", set_flag, SLOT(require_exp), CONF,
                 "On: reject tokens without exp (default Off, as AgentOS)"),
    /* keys and algorithms */
    AP_INIT_TAKE_ARGV("AgentOSVerifyKey", set_verify_key, NULL, CONF,
                      "Verification keys: a PEM file, env:NAME, "
                      "secret:VALUE or secret-file:PATH"),
    AP_INIT_TAKE1("AgentOSJWKSFile", set_jwks_file, NULL, CONF,
                  "A JWKS file; keys are chosen by kid, a kid-less key is "
                  "the fallback"),
    AP_INIT_TAKE_ARGV("AgentOSJWKSURI", set_jwks_uri, NULL, CONF,
                      "A remote JWKS: URL [refresh=S] [timeout=S] [ca=FILE] "
                      "[max-size=BYTES]"),
    AP_INIT_TAKE1("AgentOSKeyStoreSize", set_store_size, NULL, RSRC_CONF,
                  "Bytes of shared memory per key source (default 65536)"),
    AP_INIT_TAKE1("AgentOSTokenCache", set_token_cache, NULL, RSRC_CONF,
                  "Verified-token cache: a socache provider[:args] "
                  "(default shmcb) or off"),
    AP_INIT_TAKE_ARGV("AgentOSAlgorithms", set_algorithms, NULL, CONF,
                      "Allowed JWS algorithms: HS256 HS384 HS512 RS256 RS384 "
                      "RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA "
                      "(default RS256)"),
    AP_INIT_TAKE1("AgentOSLeeway", set_leeway, NULL, CONF,
                  "Clock skew in seconds for exp, nbf and iat, 0-86400 "
                  "(default 10)"),
    AP_INIT_TAKE1("AgentOSSecurityKey", set_security_key, NULL, CONF,
                  "Legacy shared key (env:NAME, secret:VALUE, "
                  "secret-file:PATH), used when no JWT key is configured"),
    /* where the token is */
    AP_INIT_TAKE1("AgentOSTokenSource", set_token_source, NULL, CONF,
                  "Where the token is read: header, cookie or both "
                  "(default header)"),
    AP_INIT_TAKE1("AgentOSTokenHeader", set_header_name, SLOT(token_header),
                  CONF, "Request header carrying the token (default "
                  "Authorization)"),
    AP_INIT_TAKE1("AgentOSCookieName", set_header_name, SLOT(cookie_name),
                  CONF, "Cookie carrying the token (default access_token)"),
    AP_INIT_TAKE1("AgentOSMaxTokenSize", set_max_token_size, NULL, CONF,
                  "Longest token accepted, in bytes, 64-1048576 "
                  "(default 16384)"),
    AP_INIT_TAKE1("AgentOSServiceAccountTokens", set_service_accounts, NULL,
                  CONF, "agno_pat_ tokens: deny (401, default) or "
                  "passthrough (to the backend, unverified)"),
    /* claim names */
    AP_INIT_TAKE12("AgentOSScopesClaim", set_scopes_claim, NULL, CONF,
                   "Claim with the scopes (default scopes), optionally "
                   "space-delimited"),
    AP_INIT_TAKE1("AgentOSUserIdClaim", set_claim_name, SLOT(user_claim),
                  CONF, "Claim with the user id (default sub)"),
    AP_INIT_TAKE1("AgentOSSessionIdClaim", set_claim_name,
                  SLOT(session_claim), CONF,
                  "Claim with the session id (default session_id)"),
    AP_INIT_TAKE1("AgentOSAudienceClaim", set_claim_name, SLOT(aud_claim),
                  CONF, "Claim with the audience (default aud)"),
    AP_INIT_TAKE1("AgentOSAdminScope", set_admin_scope, NULL, CONF,
                  "The scope that grants everything (default "
                  "agent_os:admin)"),
    AP_INIT_TAKE_ARGV("AgentOSClaimEnv", set_list, SLOT(claim_env), CONF,
                      "Claims also exported as AGENTOS_CLAIM_<NAME>"),
    /* routing */
    AP_INIT_TAKE1("AgentOSBasePath", set_base_path, NULL, CONF,
                  "Prefix removed from the path before route matching"),
    AP_INIT_TAKE1("AgentOSRouteMap", set_route_map, NULL, CONF,
                  "default (the built-in AgentOS route map) or none"),
    AP_INIT_TAKE_ARGV("AgentOSRoute", set_route, NULL, CONF,
                      "METHOD pattern [scope ...]: a route checked before "
                      "the default map; no scope = any valid token"),
    AP_INIT_TAKE_ARGV("AgentOSExclude", set_exclude, NULL, CONF,
                      "Path patterns served without a token, or none "
                      "(default: AgentOS's list)"),
    /* what leaves the module */
    AP_INIT_FLAG("AgentOSForwardClaims", set_flag, SLOT(forward_claims), CONF,
                 "On (default): set X-AgentOS-* request headers for the "
                 "backend"),
    AP_INIT_TAKE_ARGV("AgentOSCORSAllowOrigin", set_cors_origins,
                      SLOT(cors_origins), CONF,
                      "Origins (or *) whose 401/403 responses carry CORS "
                      "headers"),
    { NULL }
};

static void rbac_register_hooks(apr_pool_t *p)
{
    ap_hook_pre_config(rbac_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_check_config(rbac_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(rbac_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(rbac_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(rbac_status_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_header_parser(rbac_header_parser, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_check_authn(rbac_check_authn, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
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
    rbac_create_srv_conf,
    NULL,
    rbac_cmds,
    rbac_register_hooks,
    AP_MODULE_FLAG_NONE
};
