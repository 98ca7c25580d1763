/*
 * httpd_response.c - AgentOS's error responses (SPEC 4.9).
 *
 * A denial is prepared on the request state (status, JSON body,
 * WWW-Authenticate) by whichever phase decides it; the hooks return the
 * status, and when httpd renders that error rbac_insert_error_filter()
 * installs the body as the request's custom response, the headers (CORS
 * included), and a filter that makes the Content-Type application/json.
 * A prepared error is only used for the status it was prepared for.
 */
#include <jansson.h>

#include "http_protocol.h"
#include "util_filter.h"

#include "httpd_private.h"
#include "httpd_state.h"

/* {"detail":"..."} in p, JSON-escaped by jansson. */
static const char *json_detail(apr_pool_t *p, const char *detail)
{
    json_t *obj = json_pack("{s:s}", "detail", detail);
    char *text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    const char *body;

    json_decref(obj);
    if (text == NULL)
        return "{\"detail\":\"Internal Server Error\"}";
    body = apr_pstrdup(p, text);
    free(text);
    return body;
}

/* s with '"' and '\' replaced by '\'' (SPEC 4.11) for a quoted-string. */
static const char *quotable(apr_pool_t *p, const char *s)
{
    char *copy = apr_pstrdup(p, s), *c;

    for (c = copy; *c != '\0'; c++) {
        if (*c == '"' || *c == '\\')
            *c = '\'';
    }
    return copy;
}

static const char *realm_param(request_rec *r)
{
    return apr_psprintf(r->pool, "Bearer realm=\"%s\"",
                        quotable(r->pool, rbac_conf_realm(r,
                                                          rbac_dir_conf(r))));
}

static void prepare(request_rec *r, rbac_req_t *req, int status,
                    const char *detail, const char *www_authenticate)
{
    req->err_status = status;
    req->err_body = json_detail(r->pool, detail);
    req->err_www_authenticate = www_authenticate;
}

/* The client-facing detail for a rejected token (SPEC 4.2). */
const char *rbac_token_detail(apr_pool_t *p, aor_status_t st)
{
    switch (st) {
    case AOR_E_EXPIRED:
        return "Token has expired";
    case AOR_E_AUDIENCE:
        return "Invalid token audience - token not valid for this AgentOS "
               "instance";
    case AOR_E_SUBJECT:
        return "Invalid token subject";
    default:
        return apr_pstrcat(p, "Invalid token: ", aor_status_reason(st),
                           NULL);
    }
}

int rbac_http_status(const rbac_req_t *req)
{
    switch (req->outcome) {
    case RBAC_FAULT:        return HTTP_INTERNAL_SERVER_ERROR;
    case RBAC_UNAVAILABLE:  return HTTP_SERVICE_UNAVAILABLE;
    default:                return HTTP_UNAUTHORIZED;
    }
}

void rbac_fail_token(request_rec *r, rbac_req_t *req)
{
    rbac_count_denied(r, (rbac_deny_t)req->deny);
    switch (req->outcome) {
    case RBAC_MISSING:
        prepare(r, req, HTTP_UNAUTHORIZED, req->detail, realm_param(r));
        break;
    case RBAC_REJECTED:
        prepare(r, req, HTTP_UNAUTHORIZED, req->detail,
                apr_psprintf(r->pool, "%s, error=\"invalid_token\", "
                             "error_description=\"%s\"", realm_param(r),
                             quotable(r->pool, req->detail)));
        break;
    case RBAC_UNAVAILABLE:
        prepare(r, req, HTTP_SERVICE_UNAVAILABLE,
                "Verification keys are not available yet", NULL);
        break;
    default:
        prepare(r, req, HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error",
                NULL);
        break;
    }
}

void rbac_fail_scope(request_rec *r, rbac_req_t *req,
                     const aor_decision_t *d)
{
    const char *csv = "", *ssv = "", *detail;
    size_t i;

    for (i = 0; i < d->n_required; i++) {
        csv = apr_pstrcat(r->pool, csv, i ? ", " : "", d->required_text[i],
                          NULL);
        ssv = apr_pstrcat(r->pool, ssv, i ? " " : "", d->required_text[i],
                          NULL);
    }
    detail = apr_pstrcat(r->pool, "Insufficient permissions. Required "
                         "scope(s): ", csv, NULL);
    rbac_count_denied(r, RBAC_DENY_SCOPE);
    prepare(r, req, HTTP_FORBIDDEN, detail,
            apr_psprintf(r->pool, "%s, error=\"insufficient_scope\", "
                         "error_description=\"%s\", scope=\"%s\"",
                         realm_param(r), quotable(r->pool, detail),
                         quotable(r->pool, ssv)));
}

void rbac_fail_generic(request_rec *r, rbac_req_t *req, int status,
                       const char *detail)
{
    prepare(r, req, status, detail,
            status == HTTP_UNAUTHORIZED ? realm_param(r) : NULL);
}

/* The allowed Origin of the request, or NULL (AgentOSCORSAllowOrigin). */
static const char *cors_origin(request_rec *r)
{
    const apr_array_header_t *allowed = rbac_dir_conf(r)->cors_origins;
    const char *origin = apr_table_get(r->headers_in, "Origin");
    int i;

    if (allowed == NULL || origin == NULL || *origin == '\0'
        || strpbrk(origin, "\r\n") != NULL)
        return NULL;
    for (i = 0; i < allowed->nelts; i++) {
        const char *a = APR_ARRAY_IDX(allowed, i, const char *);

        if (strcmp(a, "*") == 0 || strcasecmp(a, origin) == 0)
            return origin;
    }
    return NULL;
}

/* As AgentOS's CORS middleware answers, so browsers see the real error. */
static void add_cors(request_rec *r, const char *origin)
{
    apr_table_t *h = r->err_headers_out;

    apr_table_setn(h, "Access-Control-Allow-Origin", origin);
    apr_table_setn(h, "Access-Control-Allow-Credentials", "true");
    apr_table_setn(h, "Access-Control-Allow-Methods", "*");
    apr_table_setn(h, "Access-Control-Allow-Headers", "*");
    apr_table_setn(h, "Access-Control-Expose-Headers", "*");
    apr_table_mergen(h, "Vary", "Origin");
}

void rbac_insert_error_filter(request_rec *r)
{
    rbac_req_t *req = ap_get_module_config(r->request_config,
                                           &agentos_rbac_module);
    const char *origin;

    if (req == NULL || req->err_status == 0 || req->err_status != r->status)
        return;
    ap_custom_response(r, r->status, req->err_body);
    if (req->err_www_authenticate != NULL)
        apr_table_setn(r->err_headers_out, "WWW-Authenticate",
                       req->err_www_authenticate);
    origin = cors_origin(r);
    if (origin != NULL)
        add_cors(r, origin);
    ap_add_output_filter(RBAC_ERROR_FILTER, NULL, r, r->connection);
}

apr_status_t rbac_error_type_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    ap_set_content_type(f->r, "application/json");
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}
