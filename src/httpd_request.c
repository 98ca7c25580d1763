/*
 * httpd_request.c - the per-request state: where the token is read, and
 * the one verification a request gets, whichever phase asks first (the
 * authz provider before authentication, or the authn hook).
 */
#include "apr_time.h"

#include "httpd_private.h"

int rbac_is_agentos(request_rec *r)
{
    const char *type = ap_auth_type(r);

    return type != NULL && strcasecmp(type, AOR_AUTH_TYPE) == 0;
}

rbac_req_t *rbac_req(request_rec *r)
{
    rbac_req_t *req = ap_get_module_config(r->request_config,
                                           &agentos_rbac_module);

    if (req == NULL) {
        req = apr_pcalloc(r->pool, sizeof(*req));
        ap_set_module_config(r->request_config, &agentos_rbac_module, req);
    }
    return req;
}

/*
 * The token in the configured header (SPEC 4.1): the value after a
 * case-insensitive "Bearer " prefix, else the whole value, trimmed.  NULL
 * when absent or empty.
 */
static const char *token_from_header(request_rec *r,
                                     const aor_dir_conf_t *conf,
                                     apr_size_t *len)
{
    const char *v = apr_table_get(r->headers_in, rbac_conf_header(conf));
    const char *end;

    if (v == NULL)
        return NULL;
    while (apr_isspace(*v))
        v++;
    if (strncasecmp(v, "Bearer", 6) == 0
        && (v[6] == '\0' || apr_isspace(v[6]))) {
        v += 6;
        while (apr_isspace(*v))
            v++;
    }
    end = v + strlen(v);
    while (end > v && apr_isspace(end[-1]))
        end--;
    *len = (apr_size_t)(end - v);
    return *len ? v : NULL;
}

static apr_status_t token_cleanup(void *data)
{
    aor_token_free(data);
    return APR_SUCCESS;
}

static double now_seconds(request_rec *r)
{
    (void)r;
    return (double)apr_time_now() / (double)APR_USEC_PER_SEC;
}

static void log_rejection(request_rec *r, aor_status_t st,
                          const aor_verify_meta_t *meta,
                          const aor_error_t *err)
{
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, AOR_LOGNO(00101)
                  "token rejected: %s (alg=\"%s\" kid=\"%s\" iss=\"%s\"): "
                  "%s", aor_status_reason(st), meta->alg, meta->kid,
                  meta->iss, err->text);
}

rbac_req_t *rbac_req_verify(request_rec *r)
{
    rbac_req_t *req = rbac_req(r);
    aor_dir_conf_t *conf;
    aor_verify_meta_t meta;
    aor_policy_t pol;
    aor_token_t *token = NULL;
    aor_error_t err;
    const char *raw;
    apr_size_t len = 0;

    if (req->state != RBAC_TOKEN_UNCHECKED)
        return req;
    conf = rbac_dir_conf(r);
    raw = token_from_header(r, conf, &len);
    if (raw == NULL) {
        req->state = RBAC_TOKEN_MISSING;
        return req;
    }
    req->state = RBAC_TOKEN_CHECKED;
    if (conf->keysrc == NULL) {
        req->status = AOR_E_CONFIG;
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, AOR_LOGNO(00102)
                      "AuthType agentos for %s has no verification key: "
                      "configure AgentOSVerifyKey", r->uri);
        return req;
    }
    rbac_conf_policy(conf, &pol, r->pool);
    req->status = aor_verify_token(raw, len, conf->keysrc->keys, &pol,
                                   now_seconds(r), &token, &meta, &err);
    if (req->status != AOR_OK) {
        log_rejection(r, req->status, &meta, &err);
        return req;
    }
    apr_pool_cleanup_register(r->pool, token, token_cleanup,
                              apr_pool_cleanup_null);
    req->token = token;
    return req;
}
