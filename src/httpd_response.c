/*
 * httpd_response.c - AgentOS's error responses (SPEC 4.9).
 *
 * A denial is prepared on the request state (status, JSON body,
 * WWW-Authenticate) by whichever phase decides it; the hooks return the
 * status, and when httpd renders that error rbac_insert_error_filter()
 * installs the body as the request's custom response, the header, and a
 * filter that makes the Content-Type application/json.  A prepared error
 * is only used for the status it was prepared for.
 */
#include <jansson.h>

#include "http_core.h"
#include "http_protocol.h"
#include "util_filter.h"

#include "httpd_private.h"

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
static const char *token_detail(apr_pool_t *p, aor_status_t st)
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

static int is_server_fault(aor_status_t st)
{
    return st == AOR_E_CONFIG || st == AOR_E_NOMEM || st == AOR_E_INTERNAL;
}

int rbac_http_status(const rbac_req_t *req)
{
    if (req->state == RBAC_TOKEN_CHECKED && is_server_fault(req->status))
        return HTTP_INTERNAL_SERVER_ERROR;
    return HTTP_UNAUTHORIZED;
}

void rbac_fail_token(request_rec *r, rbac_req_t *req)
{
    const char *detail;

    if (req->state == RBAC_TOKEN_MISSING) {
        prepare(r, req, HTTP_UNAUTHORIZED, "Authorization header missing",
                realm_param(r));
        return;
    }
    if (is_server_fault(req->status)) {
        prepare(r, req, HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error",
                NULL);
        return;
    }
    detail = token_detail(r->pool, req->status);
    prepare(r, req, HTTP_UNAUTHORIZED, detail,
            apr_psprintf(r->pool, "%s, error=\"invalid_token\", "
                         "error_description=\"%s\"", realm_param(r),
                         quotable(r->pool, detail)));
}

void rbac_fail_scope(request_rec *r, rbac_req_t *req, const char *scopes_csv,
                     const char *scopes_ssv)
{
    const char *detail = apr_pstrcat(r->pool, "Insufficient permissions. "
                                     "Required scope(s): ", scopes_csv,
                                     NULL);

    prepare(r, req, HTTP_FORBIDDEN, detail,
            apr_psprintf(r->pool, "%s, error=\"insufficient_scope\", "
                         "error_description=\"%s\", scope=\"%s\"",
                         realm_param(r), quotable(r->pool, detail),
                         quotable(r->pool, scopes_ssv)));
}

void rbac_fail_generic(request_rec *r, rbac_req_t *req, int status,
                       const char *detail)
{
    prepare(r, req, status, detail,
            status == HTTP_UNAUTHORIZED ? realm_param(r) : NULL);
}

void rbac_insert_error_filter(request_rec *r)
{
    rbac_req_t *req = ap_get_module_config(r->request_config,
                                           &agentos_rbac_module);

    if (req == NULL || req->err_status == 0 || req->err_status != r->status)
        return;
    ap_custom_response(r, r->status, req->err_body);
    if (req->err_www_authenticate != NULL)
        apr_table_setn(r->err_headers_out, "WWW-Authenticate",
                       req->err_www_authenticate);
    ap_add_output_filter(RBAC_ERROR_FILTER, NULL, r, r->connection);
}

apr_status_t rbac_error_type_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    ap_set_content_type(f->r, "application/json");
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}
