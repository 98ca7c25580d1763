/*
 * httpd_config.c - per-directory and per-server configuration: creation,
 * merging, the defaults, and the translation of a merged configuration
 * into the core's verification policy.
 *
 * Merging: every field inner-over-outer; list directives replace (an inner
 * section's list is the whole list).  Unset is NULL or -1, never "equal
 * to the default".
 */
#include "httpd_private.h"

void *rbac_create_dir_conf(apr_pool_t *p, char *dir)
{
    aor_dir_conf_t *conf = apr_pcalloc(p, sizeof(*conf));

    (void)dir;
    conf->require_exp = -1;
    conf->leeway = -1;
    conf->token_source = -1;
    conf->max_token_size = -1;
    conf->service_accounts = -1;
    conf->scopes_split = -1;
    conf->route_map = -1;
    conf->forward_claims = -1;
    return conf;
}

#define MERGE_PTR(field) \
    conf->field = add->field != NULL ? add->field : base->field
#define MERGE_INT(field) \
    conf->field = add->field != -1 ? add->field : base->field

void *rbac_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const aor_dir_conf_t *base = basev, *add = addv;
    aor_dir_conf_t *conf = apr_pcalloc(p, sizeof(*conf));

    MERGE_PTR(agentos_id);
    MERGE_PTR(audiences);
    MERGE_PTR(issuers);
    MERGE_INT(require_exp);
    MERGE_PTR(keysrc);
    conf->algs_set = add->algs_set || base->algs_set;
    conf->algs = add->algs_set ? add->algs : base->algs;
    MERGE_INT(leeway);
    MERGE_PTR(security_key);
    MERGE_INT(token_source);
    MERGE_PTR(token_header);
    MERGE_PTR(cookie_name);
    MERGE_INT(max_token_size);
    MERGE_INT(service_accounts);
    /* the claim name and its mode are one setting */
    conf->scopes_claim = add->scopes_claim ? add->scopes_claim
                                           : base->scopes_claim;
    conf->scopes_split = add->scopes_claim ? add->scopes_split
                                           : base->scopes_split;
    MERGE_PTR(user_claim);
    MERGE_PTR(session_claim);
    MERGE_PTR(aud_claim);
    MERGE_PTR(admin_scope);
    MERGE_PTR(claim_env);
    MERGE_PTR(base_path);
    MERGE_INT(route_map);
    MERGE_PTR(routes);
    MERGE_PTR(excludes);
    MERGE_INT(forward_claims);
    MERGE_PTR(cors_origins);
    return conf;
}

void *rbac_create_srv_conf(apr_pool_t *p, server_rec *s)
{
    aor_srv_conf_t *conf = apr_pcalloc(p, sizeof(*conf));

    (void)s;
    conf->default_routes = rbac_default_routes(p);
    conf->default_excludes = rbac_default_excludes(p);
    return conf;
}

aor_dir_conf_t *rbac_dir_conf(request_rec *r)
{
    return ap_get_module_config(r->per_dir_config, &agentos_rbac_module);
}

const char *rbac_conf_header(const aor_dir_conf_t *conf)
{
    return conf->token_header ? conf->token_header : AOR_DEFAULT_HEADER;
}

const char *rbac_conf_cookie(const aor_dir_conf_t *conf)
{
    return conf->cookie_name ? conf->cookie_name : AOR_DEFAULT_COOKIE;
}

const char *rbac_conf_admin(const aor_dir_conf_t *conf)
{
    return conf->admin_scope ? conf->admin_scope : AOR_DEFAULT_ADMIN;
}

/* Legacy mode: a shared security key and no JWT key source (SPEC 4.8). */
int rbac_conf_legacy(const aor_dir_conf_t *conf)
{
    return conf->security_key != NULL && conf->keysrc == NULL;
}

const char *rbac_conf_realm(request_rec *r, const aor_dir_conf_t *conf)
{
    const char *name;

    if (conf->agentos_id != NULL)
        return conf->agentos_id;
    name = ap_auth_name(r);
    return name != NULL ? name : "AgentOS";
}

static void list_view(const apr_array_header_t *arr, const char *const **v,
                      size_t *n)
{
    *v = arr ? (const char *const *)arr->elts : NULL;
    *n = arr ? (size_t)arr->nelts : 0;
}

/*
 * The core's policy for a merged configuration.  The audience list is the
 * AgentOSAudience list, else AgentOSID, else none (no audience check).
 */
void rbac_conf_policy(const aor_dir_conf_t *conf, aor_policy_t *pol)
{
    memset(pol, 0, sizeof(*pol));
    pol->max_token_size = conf->max_token_size != -1
        ? (size_t)conf->max_token_size : AOR_DEFAULT_MAX_TOKEN;
    pol->algs = conf->algs_set ? conf->algs : AOR_DEFAULT_ALGS;
    pol->claims.leeway = conf->leeway != -1 ? conf->leeway
        : AOR_DEFAULT_LEEWAY;
    pol->claims.require_exp = conf->require_exp == 1;
    pol->claims.aud_claim = conf->aud_claim ? conf->aud_claim
                                               : AOR_CLAIM_AUDIENCE;
    list_view(conf->issuers, &pol->claims.issuers, &pol->claims.n_issuers);
    if (conf->audiences != NULL) {
        list_view(conf->audiences, &pol->claims.audiences,
                  &pol->claims.n_audiences);
    }
    else if (conf->agentos_id != NULL) {
        /* the id is the one accepted audience */
        pol->claims.audiences = &conf->agentos_id;
        pol->claims.n_audiences = 1;
    }
    pol->identity.user_claim = conf->user_claim ? conf->user_claim
                                                : AOR_CLAIM_USER;
    pol->identity.session_claim = conf->session_claim ? conf->session_claim
                                                      : AOR_CLAIM_SESSION;
    pol->identity.scopes_claim = conf->scopes_claim ? conf->scopes_claim
                                                    : AOR_CLAIM_SCOPES;
    pol->identity.scopes_space_delimited = conf->scopes_split == 1;
    pol->identity.aud_claim = pol->claims.aud_claim;
    list_view(conf->claim_env, &pol->identity.env_claims,
              &pol->identity.n_env_claims);
}

/* FNV-1a, 64 bits: the token cache's policy fingerprint. */
static uint64_t fnv(uint64_t h, const void *data, apr_size_t len)
{
    const unsigned char *p = data;
    apr_size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return s ? fnv(h, s, strlen(s) + 1) : fnv(h, "", 1);
}

static uint64_t fnv_list(uint64_t h, const apr_array_header_t *arr)
{
    int i;

    h = fnv(h, "[", 1);
    for (i = 0; arr != NULL && i < arr->nelts; i++)
        h = fnv_str(h, APR_ARRAY_IDX(arr, i, const char *));
    return fnv(h, "]", 1);
}

/*
 * A fingerprint of everything that decides whether a token is valid and
 * what identity it yields: the key source, the algorithms, the claim
 * checks and names.  By content, so hosts sharing a memcache or redis
 * token cache share entries when their configurations agree.
 */
uint64_t rbac_conf_fingerprint(const aor_dir_conf_t *conf)
{
    aor_policy_t pol;
    uint64_t h = 14695981039346656037ULL;
    int nums[3];

    rbac_conf_policy(conf, &pol);
    if (conf->keysrc != NULL)
        h = fnv(h, conf->keysrc->id, sizeof(conf->keysrc->id));
    nums[0] = (int)pol.algs;
    nums[1] = (int)pol.claims.leeway;
    nums[2] = pol.claims.require_exp | (pol.identity.scopes_space_delimited
                                        << 1);
    h = fnv(h, nums, sizeof(nums));
    h = fnv(h, &pol.max_token_size, sizeof(pol.max_token_size));
    h = fnv_list(h, conf->audiences);
    h = fnv_str(h, conf->audiences ? NULL : conf->agentos_id);
    h = fnv_list(h, conf->issuers);
    h = fnv_str(h, pol.claims.aud_claim);
    h = fnv_str(h, pol.identity.user_claim);
    h = fnv_str(h, pol.identity.session_claim);
    h = fnv_str(h, pol.identity.scopes_claim);
    return fnv_list(h, conf->claim_env);
}
