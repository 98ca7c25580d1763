/*
 * httpd_authz.c - the authorization provider "Require agentos-scope".
 *
 * The provider reads and verifies the token itself, so it can decide in
 * mod_authz_core's first pass (before authentication, r->user NULL): a
 * valid token without the scopes is denied there, which mod_authz_core
 * answers with 403 whatever AuthzSendForbiddenOnFailure says.  Without a
 * valid token it answers AUTHZ_DENIED_NO_USER, so authentication runs and
 * answers 401.  The token is verified once per request (httpd_request.c).
 */
#include "httpd_private.h"

/* A parsed "Require agentos-scope s1 s2 ..." line. */
typedef struct {
    aor_scope_t *scopes;
    size_t n;
    const char *csv;            /* "s1, s2" for the 403 detail        */
    const char *ssv;            /* "s1 s2" for WWW-Authenticate scope */
} rbac_require_t;

static const char *scope_parse_config(cmd_parms *cmd,
                                      const char *line,
                                      const void **parsed)
{
    rbac_require_t *req = apr_pcalloc(cmd->pool, sizeof(*req));
    apr_array_header_t *words = apr_array_make(cmd->pool, 4,
                                               sizeof(const char *));
    const char *t = line, *w;
    size_t i;

    while ((w = ap_getword_conf(cmd->pool, &t)) != NULL && *w != '\0')
        APR_ARRAY_PUSH(words, const char *) = w;
    if (words->nelts == 0)
        return "Require agentos-scope: without arguments it means the "
               "AgentOS route map, which this version does not have yet; "
               "list the required scopes (Require agentos-scope "
               "agents:read ...)";
    req->n = (size_t)words->nelts;
    req->scopes = apr_pcalloc(cmd->pool, req->n * sizeof(*req->scopes));
    for (i = 0; i < req->n; i++) {
        w = APR_ARRAY_IDX(words, i, const char *);
        if (aor_scope_parse(w, strlen(w), &req->scopes[i]) != 0)
            return apr_psprintf(cmd->pool, "Require agentos-scope: '%s' is "
                                "not a scope (resource:action or "
                                "resource:id:action, no empty part)", w);
        req->csv = i ? apr_pstrcat(cmd->pool, req->csv, ", ", w, NULL) : w;
    }
    req->ssv = apr_array_pstrcat(cmd->pool, words, ' ');
    *parsed = req;
    return NULL;
}

static authz_status scope_check_authorization(request_rec *r,
                                              const char *line,
                                              const void *parsed)
{
    const rbac_require_t *rq = parsed;
    const aor_token_t *t;
    aor_resource_t ctx;
    rbac_req_t *req;

    (void)line;
    if (!rbac_is_agentos(r)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, AOR_LOGNO(00201)
                      "Require agentos-scope needs AuthType agentos "
                      "(configured: %s)", ap_auth_type(r) ? ap_auth_type(r)
                      : "none");
        return AUTHZ_GENERAL_ERROR;
    }
    req = rbac_req_verify(r);
    if (req->state != RBAC_TOKEN_CHECKED || req->status != AOR_OK)
        return AUTHZ_DENIED_NO_USER;
    t = req->token;
    aor_resource_from_path(r->uri, &ctx);
    if (aor_scope_all_granted(t->scopes, t->n_scopes, AOR_DEFAULT_ADMIN,
                              rq->scopes, rq->n, &ctx))
        return AUTHZ_GRANTED;
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, AOR_LOGNO(00202)
                  "insufficient scope for user \"%s\" on %s: requires %s",
                  ap_escape_logitem(r->pool, t->user_id ? t->user_id : ""),
                  ap_escape_logitem(r->pool, r->uri), rq->ssv);
    rbac_fail_scope(r, req, rq->csv, rq->ssv);
    return AUTHZ_DENIED;
}

const authz_provider rbac_scope_provider = {
    &scope_check_authorization,
    &scope_parse_config,
};
