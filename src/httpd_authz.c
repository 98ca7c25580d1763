/*
 * httpd_authz.c - the authorization provider "Require agentos-scope".
 *
 * Without arguments the required scopes come from the route map (custom
 * AgentOSRoute entries, then the built-in AgentOS map); with arguments
 * they are the listed scopes.  The decision itself is the core's
 * (aor_decide).
 *
 * The provider reads and verifies the token itself, so it can decide in
 * mod_authz_core's first pass (before authentication, r->user NULL): a
 * valid token without the scopes is denied there, which mod_authz_core
 * answers with 403 whatever AuthzSendForbiddenOnFailure says.  Without a
 * valid token it answers AUTHZ_DENIED_NO_USER, so authentication runs and
 * answers 401.  The token is verified once per request (httpd_request.c).
 */
#include "httpd_private.h"

/* A parsed "Require agentos-scope [s1 s2 ...]" line. */
typedef struct {
    int route_mode;             /* no arguments: the route map */
    aor_scope_t *scopes;
    const char **text;
    size_t n;
} rbac_require_t;

static const char *scope_parse_config(cmd_parms *cmd, const char *line,
                                      const void **parsed)
{
    rbac_require_t *rq = apr_pcalloc(cmd->pool, sizeof(*rq));
    apr_array_header_t *words = apr_array_make(cmd->pool, 4,
                                               sizeof(const char *));
    const char *t = line, *w;
    size_t i;

    while ((w = ap_getword_conf(cmd->pool, &t)) != NULL && *w != '\0')
        APR_ARRAY_PUSH(words, const char *) = w;
    rq->route_mode = words->nelts == 0;
    rq->n = (size_t)words->nelts;
    rq->text = (const char **)words->elts;
    rq->scopes = apr_pcalloc(cmd->pool, (rq->n + 1) * sizeof(*rq->scopes));
    for (i = 0; i < rq->n; i++) {
        if (aor_scope_parse(rq->text[i], strlen(rq->text[i]),
                            &rq->scopes[i]) != 0)
            return apr_psprintf(cmd->pool, "Require agentos-scope: '%s' is "
                                "not a scope (resource:action or "
                                "resource:id:action, no empty part)",
                                rq->text[i]);
    }
    *parsed = rq;
    return NULL;
}

/* The unreserved characters of RFC 3986 stay, the rest is %XX. */
static const char *percent_encode(apr_pool_t *p, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, 3 * len + 1), *o = out;
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (apr_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            *o++ = (char)c;
        }
        else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* X-AgentOS-Accessible-Ids: "*", or the ids comma-separated ("" none). */
static const char *accessible_ids(apr_pool_t *p, const aor_decision_t *d)
{
    const char *out = "";
    size_t i;

    if (d->all_ids)
        return "*";
    for (i = 0; i < d->n_ids; i++)
        out = apr_pstrcat(p, out, i ? "," : "",
                          percent_encode(p, d->ids[i].p, d->ids[i].len),
                          NULL);
    return out;
}

static void decide(request_rec *r, const rbac_require_t *rq,
                   const rbac_req_t *req, aor_view_t *ids,
                   aor_decision_t *d)
{
    const aor_dir_conf_t *conf = rbac_dir_conf(r);
    const aor_srv_conf_t *srv = ap_get_module_config(r->server->module_config,
                                                     &agentos_rbac_module);
    const aor_routes_t *tables[2];

    if (!rq->route_mode) {
        aor_decide_scopes(req->token, rbac_conf_admin(conf), rq->scopes,
                          rq->text, rq->n, req->path, d);
        return;
    }
    tables[0] = conf->routes;
    tables[1] = conf->route_map != 0 ? srv->default_routes : NULL;
    aor_decide_route(req->token, rbac_conf_admin(conf), tables, 2, r->method,
                     req->path, req->path_len, ids, d);
}

static authz_status scope_check_authorization(request_rec *r,
                                              const char *line,
                                              const void *parsed)
{
    const rbac_require_t *rq = parsed;
    aor_decision_t d;
    aor_view_t *ids;
    rbac_req_t *req;

    (void)line;
    if (!rbac_is_agentos(r)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, AOR_LOGNO(00201)
                      "Require agentos-scope needs AuthType agentos "
                      "(configured: %s)", ap_auth_type(r) ? ap_auth_type(r)
                      : "none");
        return AUTHZ_GENERAL_ERROR;
    }
    if (rbac_req_excluded(r))
        return AUTHZ_GRANTED;
    req = rbac_req_verify(r);
    if (req->outcome == RBAC_TRUSTED)
        return AUTHZ_GRANTED;
    if (req->outcome != RBAC_VALID)
        return AUTHZ_DENIED_NO_USER;
    rbac_req_path(r, req);
    ids = apr_palloc(r->pool, (req->token->n_scopes + 1) * sizeof(*ids));
    decide(r, rq, req, ids, &d);
    if (d.verdict == AOR_ALLOW_LISTING)
        req->accessible_ids = accessible_ids(r->pool, &d);
    if (d.verdict != AOR_DENY)
        return AUTHZ_GRANTED;
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, AOR_LOGNO(00202)
                  "insufficient scope for user \"%s\" on %s %s",
                  ap_escape_logitem(r->pool, req->token->user_id
                                    ? req->token->user_id : ""),
                  r->method, ap_escape_logitem(r->pool, r->uri));
    rbac_fail_scope(r, req, &d);
    return AUTHZ_DENIED;
}

const authz_provider rbac_scope_provider = {
    &scope_check_authorization,
    &scope_parse_config,
};
