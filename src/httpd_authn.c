/*
 * httpd_authn.c - AuthType agentos: the authentication hook, the hooks
 * that make authentication run when authorization already granted, and
 * what a verified identity publishes to the backend and the logs (SPEC
 * 4.7).
 */
#include "http_protocol.h"

#include "httpd_private.h"

/* The request headers a client may never set (SPEC 4.7). */
#define RBAC_HEADER_PREFIX "X-AgentOS-"

static const char *join_scopes(apr_pool_t *p, const aor_token_t *t)
{
    apr_array_header_t *arr = apr_array_make(p, (int)t->n_scopes + 1,
                                             sizeof(const char *));
    size_t i;

    for (i = 0; i < t->n_scopes; i++)
        APR_ARRAY_PUSH(arr, const char *) = t->scopes[i];
    return apr_array_pstrcat(p, arr, ' ');
}

/* r->user, AGENTOS_* and the X-AgentOS-* request headers. */
static void publish_identity(request_rec *r, const aor_token_t *t)
{
    const char *scopes = join_scopes(r->pool, t);

    r->user = apr_pstrdup(r->pool, t->user_id ? t->user_id : "");
    apr_table_setn(r->subprocess_env, "AGENTOS_SCOPES", scopes);
    apr_table_setn(r->headers_in, "X-AgentOS-Scopes", scopes);
    if (t->user_id != NULL) {
        apr_table_setn(r->subprocess_env, "AGENTOS_USER_ID", r->user);
        apr_table_setn(r->headers_in, "X-AgentOS-User-Id", r->user);
    }
    if (t->session_id != NULL) {
        const char *sid = apr_pstrdup(r->pool, t->session_id);

        apr_table_setn(r->subprocess_env, "AGENTOS_SESSION_ID", sid);
        apr_table_setn(r->headers_in, "X-AgentOS-Session-Id", sid);
    }
    if (t->audience != NULL)
        apr_table_setn(r->subprocess_env, "AGENTOS_AUDIENCE",
                       apr_pstrdup(r->pool, t->audience));
}

int rbac_check_authn(request_rec *r)
{
    rbac_req_t *req;

    if (!rbac_is_agentos(r))
        return DECLINED;
    req = rbac_req_verify(r);
    if (req->state != RBAC_TOKEN_CHECKED || req->status != AOR_OK) {
        rbac_fail_token(r, req);
        return rbac_http_status(req);
    }
    publish_identity(r, req->token);
    return OK;
}

/*
 * Authorization may grant before authentication (the provider verifies the
 * token itself).  Authentication must still run to publish the identity,
 * but only when there is a valid token: a request granted by another
 * provider (Require ip ...) without a token must not be turned into a 401.
 */
int rbac_force_authn(request_rec *r)
{
    rbac_req_t *req;

    if (!rbac_is_agentos(r))
        return DECLINED;
    req = rbac_req_verify(r);
    return (req->state == RBAC_TOKEN_CHECKED && req->status == AOR_OK)
        ? OK : DECLINED;
}

/*
 * mod_authz_core calls this when it answers 401 to an authenticated user
 * (a Require other than agentos-scope failed after authentication).
 */
int rbac_note_auth_failure(request_rec *r, const char *auth_type)
{
    rbac_req_t *req;

    if (strcasecmp(auth_type, AOR_AUTH_TYPE) != 0)
        return DECLINED;
    req = rbac_req(r);
    if (req->err_status != HTTP_UNAUTHORIZED)
        rbac_fail_generic(r, req, HTTP_UNAUTHORIZED, "Not authorized");
    return OK;
}

static int collect_reserved(void *rec, const char *key, const char *value)
{
    apr_array_header_t *names = rec;

    (void)value;
    if (strncasecmp(key, RBAC_HEADER_PREFIX,
                    sizeof(RBAC_HEADER_PREFIX) - 1) == 0)
        APR_ARRAY_PUSH(names, const char *) = key;
    return 1;
}

/*
 * Remove every client-sent X-AgentOS-* header from requests the module
 * protects (AuthType agentos), whatever happens to them next.
 */
int rbac_header_parser(request_rec *r)
{
    apr_array_header_t *names;
    int i;

    if (r->main != NULL || !rbac_is_agentos(r))
        return DECLINED;
    names = apr_array_make(r->pool, 2, sizeof(const char *));
    apr_table_do(collect_reserved, names, r->headers_in, NULL);
    for (i = 0; i < names->nelts; i++) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, AOR_LOGNO(00103)
                      "removed client-sent header %s",
                      ap_escape_logitem(r->pool,
                                        APR_ARRAY_IDX(names, i, const char *)));
        apr_table_unset(r->headers_in, APR_ARRAY_IDX(names, i, const char *));
    }
    return DECLINED;
}

/* Access was granted: a denial prepared on the way no longer applies. */
int rbac_fixups(request_rec *r)
{
    rbac_req_t *req = ap_get_module_config(r->request_config,
                                           &agentos_rbac_module);

    if (req != NULL)
        req->err_status = 0;
    return DECLINED;
}
