/*
 * httpd_request.c - the per-request state: where the token is read
 * (SPEC 4.1), exclusions (SPEC 4.6), and the one verification a request
 * gets, whichever phase asks first (the authz provider before
 * authentication, or the authn hook).
 */
#include "apr_time.h"
#include "util_cookies.h"

#include "httpd_private.h"
#include "httpd_state.h"

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
        req->excluded = -1;
        ap_set_module_config(r->request_config, &agentos_rbac_module, req);
    }
    return req;
}

/* The route path: base path stripped, trailing slashes removed. */
void rbac_req_path(request_rec *r, rbac_req_t *req)
{
    if (req->path == NULL)
        req->path = aor_routes_path(r->uri, rbac_dir_conf(r)->base_path,
                                    &req->path_len);
}

/* OPTIONS and excluded paths pass without a token (SPEC 4.6). */
int rbac_req_excluded(request_rec *r)
{
    rbac_req_t *req = rbac_req(r);

    if (req->excluded == -1) {
        rbac_req_path(r, req);
        req->excluded = r->method_number == M_OPTIONS
            || rbac_path_excluded(r, rbac_dir_conf(r), req->path,
                                  req->path_len);
    }
    return req->excluded;
}

/*
 * The token in a header value: after a case-insensitive "Bearer " prefix,
 * else the whole value, trimmed.  NULL when empty.
 */
static const char *token_in_value(const char *v, apr_size_t *len)
{
    const char *end;

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

static const char *token_from_header(request_rec *r,
                                     const aor_dir_conf_t *conf,
                                     apr_size_t *len)
{
    const char *v = apr_table_get(r->headers_in, rbac_conf_header(conf));

    return v ? token_in_value(v, len) : NULL;
}

static const char *token_from_cookie(request_rec *r,
                                     const aor_dir_conf_t *conf,
                                     apr_size_t *len)
{
    const char *v = NULL;

    if (ap_cookie_read(r, rbac_conf_cookie(conf), &v, 0) != APR_SUCCESS
        || v == NULL || *v == '\0')
        return NULL;
    *len = strlen(v);
    return v;
}

/* The token by AgentOSTokenSource; on absence, req->detail says why. */
static const char *find_token(request_rec *r, const aor_dir_conf_t *conf,
                              rbac_req_t *req, apr_size_t *len)
{
    const char *t = NULL;
    int source = conf->token_source == -1 ? RBAC_SOURCE_HEADER
                                          : conf->token_source;

    if (source != RBAC_SOURCE_COOKIE)
        t = token_from_header(r, conf, len);
    if (t == NULL && source != RBAC_SOURCE_HEADER)
        t = token_from_cookie(r, conf, len);
    if (t != NULL)
        return t;
    if (rbac_conf_legacy(conf))
        req->detail = "Authorization header required";
    else if (source == RBAC_SOURCE_HEADER)
        req->detail = "Authorization header missing";
    else if (source == RBAC_SOURCE_COOKIE)
        req->detail = apr_psprintf(r->pool, "JWT cookie '%s' missing",
                                   rbac_conf_cookie(conf));
    else
        req->detail = apr_psprintf(r->pool, "JWT token missing from both "
                                   "Authorization header and '%s' cookie",
                                   rbac_conf_cookie(conf));
    return NULL;
}

static apr_status_t token_cleanup(void *data)
{
    aor_token_free(data);
    return APR_SUCCESS;
}

/* The counters' reason for a rejected token. */
static rbac_deny_t deny_reason(aor_status_t st)
{
    switch (st) {
    case AOR_E_EXPIRED:
    case AOR_E_EXP_MISSING:   return RBAC_DENY_EXPIRED;
    case AOR_E_AUDIENCE:
    case AOR_E_AUD_MISSING:   return RBAC_DENY_AUDIENCE;
    case AOR_E_ISSUER:
    case AOR_E_ISS_MISSING:   return RBAC_DENY_ISSUER;
    case AOR_E_SUBJECT:
    case AOR_E_SUBJECT_TYPE:  return RBAC_DENY_SUBJECT;
    default:                  return RBAC_DENY_INVALID;
    }
}

/* 1 when the signature of the token was checked (for the counters). */
static int signature_checked(aor_status_t st)
{
    return st == AOR_OK || st >= AOR_E_SIGNATURE;
}

static void accept_token(request_rec *r, rbac_req_t *req, aor_token_t *t)
{
    apr_pool_cleanup_register(r->pool, t, token_cleanup,
                              apr_pool_cleanup_null);
    req->outcome = RBAC_VALID;
    req->token = t;
}

static aor_status_t verify_with(request_rec *r, const aor_keyset_t *keys,
                                const aor_policy_t *pol, const char *raw,
                                apr_size_t len, double now,
                                aor_token_t **t)
{
    aor_verify_meta_t meta;
    aor_error_t err;
    aor_status_t st;

    st = aor_verify_token_memo(raw, len, keys, pol, now,
                               rbac_state(r)->header_memo, t, &meta, &err);
    if (signature_checked(st))
        rbac_count_verification(r, aor_alg_from_name(meta.alg));
    if (st != AOR_OK && st != AOR_E_KID_UNKNOWN)
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, AOR_LOGNO(00101)
                      "token rejected: %s (alg=\"%s\" kid=\"%s\" iss=\"%s\""
                      "): %s", aor_status_reason(st), meta.alg, meta.kid,
                      meta.iss, err.text);
    return st;
}

static void verify_jwt(request_rec *r, const aor_dir_conf_t *conf,
                       rbac_req_t *req, const char *raw, apr_size_t len)
{
    rbac_state_t *state = rbac_state(r);
    const aor_keyset_t *keys = rbac_keys(r, conf->keysrc);
    double now = (double)apr_time_now() / APR_USEC_PER_SEC;
    aor_token_t *t = NULL;
    uint64_t ctx = 0;
    aor_policy_t pol;
    aor_status_t st;

    if (keys == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, AOR_LOGNO(00106)
                      "no verification keys loaded yet for %s (see the "
                      "JWKS errors above)", r->uri);
        req->outcome = RBAC_UNAVAILABLE;
        req->deny = RBAC_DENY_ERROR;
        return;
    }
    rbac_conf_policy(conf, &pol);
    if (state->cache != NULL && len <= pol.max_token_size) {
        ctx = rbac_conf_fingerprint(conf);
        t = rbac_cache_lookup(r, state->cache, ctx, raw, len, keys,
                              pol.claims.leeway, now);
        if (t != NULL) {
            accept_token(r, req, t);
            return;
        }
    }
    st = verify_with(r, keys, &pol, raw, len, now, &t);
    if (st == AOR_E_KID_UNKNOWN && rbac_keys_kid_miss(r, conf->keysrc)) {
        keys = rbac_keys(r, conf->keysrc);
        st = keys ? verify_with(r, keys, &pol, raw, len, now, &t) : st;
    }
    if (st != AOR_OK) {
        req->outcome = (st == AOR_E_NOMEM || st == AOR_E_INTERNAL)
            ? RBAC_FAULT : RBAC_REJECTED;
        req->detail = rbac_token_detail(r->pool, st);
        req->deny = req->outcome == RBAC_FAULT ? RBAC_DENY_ERROR
                                               : (int)deny_reason(st);
        return;
    }
    if (state->cache != NULL && len <= pol.max_token_size)
        rbac_cache_store(r, state->cache, ctx, raw, len, t, now);
    accept_token(r, req, t);
}

/* Legacy mode (SPEC 4.8): the bearer token must be the shared key. */
static void verify_legacy(request_rec *r, const aor_dir_conf_t *conf,
                          rbac_req_t *req, const char *raw, apr_size_t len)
{
    if (aor_key_secret_equals(conf->security_key,
                              (const unsigned char *)raw, len)) {
        req->outcome = RBAC_TRUSTED;
        return;
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, AOR_LOGNO(00104)
                  "security key rejected");
    req->outcome = RBAC_REJECTED;
    req->deny = RBAC_DENY_INVALID;
    req->detail = "Invalid authentication token";
}

/* agno_pat_ tokens belong to AgentOS's service accounts. */
static int service_token(request_rec *r, const aor_dir_conf_t *conf,
                         rbac_req_t *req, const char *raw, apr_size_t len)
{
    if (len < sizeof(AOR_SERVICE_PREFIX) - 1
        || strncmp(raw, AOR_SERVICE_PREFIX, sizeof(AOR_SERVICE_PREFIX) - 1))
        return 0;
    if (conf->service_accounts == RBAC_SERVICE_PASSTHROUGH) {
        req->outcome = RBAC_TRUSTED;
        return 1;
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, AOR_LOGNO(00105)
                  "service account token refused "
                  "(AgentOSServiceAccountTokens deny)");
    req->outcome = RBAC_REJECTED;
    req->deny = RBAC_DENY_INVALID;
    req->detail = "Invalid token: Service account tokens are not accepted "
                  "here";
    return 1;
}

rbac_req_t *rbac_req_verify(request_rec *r)
{
    rbac_req_t *req = rbac_req(r);
    aor_dir_conf_t *conf;
    const char *raw;
    apr_size_t len = 0;

    if (req->outcome != RBAC_UNCHECKED)
        return req;
    conf = rbac_dir_conf(r);
    raw = find_token(r, conf, req, &len);
    if (raw == NULL) {
        req->outcome = RBAC_MISSING;
        req->deny = RBAC_DENY_MISSING;
        return req;
    }
    if (service_token(r, conf, req, raw, len))
        return req;
    if (rbac_conf_legacy(conf)) {
        verify_legacy(r, conf, req, raw, len);
        return req;
    }
    if (conf->keysrc == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, AOR_LOGNO(00102)
                      "AuthType agentos for %s has no verification key: "
                      "configure AgentOSVerifyKey, AgentOSJWKSFile or "
                      "AgentOSJWKSURI", r->uri);
        req->outcome = RBAC_FAULT;
        req->deny = RBAC_DENY_ERROR;
        return req;
    }
    verify_jwt(r, conf, req, raw, len);
    return req;
}
