/*
 * httpd_authn.c - AuthType agentos: the authentication hook, the hooks
 * that make authentication run when authorization already granted, and
 * what a verified identity publishes to the backend and the logs (SPEC
 * 4.7).
 */
#include "http_protocol.h"

#include "httpd_private.h"
#include "httpd_state.h"

/* The request headers a client may never set (SPEC 4.7). */
#define RBAC_HEADER_PREFIX "X-AgentOS-"

/* v[0] .. v[n-1] joined with single spaces, in one allocation. */
static const char *join(apr_pool_t *p, const char *const *v, size_t n)
{
    size_t i, len = 0, k;
    char *out, *o;

    for (i = 0; i < n; i++)
        len += strlen(v[i]) + 1;
    o = out = apr_palloc(p, len + 1);
    for (i = 0; i < n; i++) {
        k = strlen(v[i]);
        if (i > 0)
            *o++ = ' ';
        memcpy(o, v[i], k);
        o += k;
    }
    *o = '\0';
    return out;
}

/* AGENTOS_CLAIM_<NAME>: upper case, other characters as '_'. */
static const char *claim_env_name(apr_pool_t *p, const char *claim)
{
    char *name = apr_pstrcat(p, "AGENTOS_CLAIM_", claim, NULL), *c;

    for (c = name + sizeof("AGENTOS_CLAIM_") - 1; *c != '\0'; c++)
        *c = apr_isalnum(*c) ? (char)apr_toupper(*c) : '_';
    return name;
}

static void publish_env(request_rec *r, const aor_token_t *t,
                        const char *scopes)
{
    apr_table_t *env = r->subprocess_env;
    size_t i;

    apr_table_setn(env, "AGENTOS_SCOPES", scopes);
    if (t->user_id != NULL)
        apr_table_setn(env, "AGENTOS_USER_ID", r->user);
    if (t->session_id != NULL)
        apr_table_set(env, "AGENTOS_SESSION_ID", t->session_id);
    if (t->audience != NULL)
        apr_table_set(env, "AGENTOS_AUDIENCE", t->audience);
    for (i = 0; i < t->n_claims; i++)
        apr_table_set(env, claim_env_name(r->pool, t->claims[2 * i]),
                      t->claims[2 * i + 1]);
}

static void publish_headers(request_rec *r, const rbac_req_t *req,
                            const char *scopes)
{
    const aor_token_t *t = req->token;
    apr_table_t *h = r->headers_in;

    apr_table_setn(h, "X-AgentOS-Scopes", scopes);
    if (t->user_id != NULL)
        apr_table_setn(h, "X-AgentOS-User-Id", r->user);
    if (t->session_id != NULL)
        apr_table_set(h, "X-AgentOS-Session-Id", t->session_id);
    if (req->accessible_ids != NULL)
        apr_table_setn(h, "X-AgentOS-Accessible-Ids", req->accessible_ids);
}

/*
 * r->user, AGENTOS_* and (AgentOSForwardClaims) X-AgentOS-* headers, once
 * per request: from the authn hook when authentication runs, else from
 * fixups (authorization granted in mod_authz_core's first pass, so httpd
 * skipped authentication altogether).
 */
static void publish_identity(request_rec *r, rbac_req_t *req)
{
    const aor_token_t *t = req->token;
    const char *scopes;

    if (req->published)
        return;
    req->published = 1;
    scopes = join(r->pool, t->scopes, t->n_scopes);
    r->user = apr_pstrdup(r->pool, t->user_id ? t->user_id : "");
    publish_env(r, t, scopes);
    if (rbac_dir_conf(r)->forward_claims != 0)
        publish_headers(r, req, scopes);
}

int rbac_check_authn(request_rec *r)
{
    rbac_req_t *req;

    if (!rbac_is_agentos(r))
        return DECLINED;
    if (rbac_req_excluded(r)) {
        r->user = "";       /* anonymous: no identity is published */
        return OK;
    }
    req = rbac_req_verify(r);
    switch (req->outcome) {
    case RBAC_VALID:
        publish_identity(r, req);
        return OK;
    case RBAC_TRUSTED:
        r->user = "";
        return OK;
    default:
        rbac_fail_token(r, req);
        return rbac_http_status(req);
    }
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
 * protects (AuthType agentos), whatever happens to them next: excluded
 * paths, OPTIONS and AgentOSForwardClaims Off included.
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

/*
 * Access was granted: a denial prepared on the way no longer applies, and
 * a valid token's identity is published if authentication did not run.
 */
int rbac_fixups(request_rec *r)
{
    rbac_req_t *req;

    if (!rbac_is_agentos(r))
        return DECLINED;
    req = rbac_req(r);
    req->err_status = 0;
    if (r->main == NULL && r->prev == NULL)
        rbac_count_allowed(r);
    if (!rbac_req_excluded(r) && rbac_req_verify(r)->outcome == RBAC_VALID)
        publish_identity(r, req);
    return DECLINED;
}
