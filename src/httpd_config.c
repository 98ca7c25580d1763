/*
 * httpd_config.c - per-directory configuration: creation, merging, the
 * directive handlers (except keys, see httpd_keys.c), and the translation
 * of a merged configuration into the core's verification policy.
 *
 * Values are parsed and validated here, at configuration time; requests
 * only read them.  Every error message starts with the directive name.
 */
#include "httpd_private.h"

void *rbac_create_dir_conf(apr_pool_t *p, char *dir)
{
    aor_dir_conf_t *conf = apr_pcalloc(p, sizeof(*conf));

    (void)dir;
    conf->leeway = -1;
    conf->max_token_size = -1;
    return conf;
}

#define MERGE_PTR(field) (add->field != NULL ? add->field : base->field)
#define MERGE_INT(field) (add->field != -1 ? add->field : base->field)

void *rbac_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const aor_dir_conf_t *base = basev, *add = addv;
    aor_dir_conf_t *conf = apr_pcalloc(p, sizeof(*conf));

    conf->agentos_id = MERGE_PTR(agentos_id);
    conf->audiences = MERGE_PTR(audiences);
    conf->keysrc = MERGE_PTR(keysrc);
    conf->algs_set = add->algs_set || base->algs_set;
    conf->algs = add->algs_set ? add->algs : base->algs;
    conf->leeway = MERGE_INT(leeway);
    conf->token_header = MERGE_PTR(token_header);
    conf->max_token_size = MERGE_INT(max_token_size);
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

const char *rbac_conf_realm(request_rec *r, const aor_dir_conf_t *conf)
{
    const char *name;

    if (conf->agentos_id != NULL)
        return conf->agentos_id;
    name = ap_auth_name(r);
    return name != NULL ? name : "AgentOS";
}

/*
 * The core's policy for a merged configuration.  The audience list is the
 * AgentOSAudience list, else AgentOSID, else none (no audience check).
 */
void rbac_conf_policy(const aor_dir_conf_t *conf, aor_policy_t *pol,
                      apr_pool_t *p)
{
    memset(pol, 0, sizeof(*pol));
    pol->max_token_size = conf->max_token_size != -1
        ? (size_t)conf->max_token_size : AOR_DEFAULT_MAX_TOKEN;
    pol->algs = conf->algs_set ? conf->algs : AOR_DEFAULT_ALGS;
    pol->claims.leeway = conf->leeway != -1 ? conf->leeway
        : AOR_DEFAULT_LEEWAY;
    pol->claims.aud_claim = "aud";
    if (conf->audiences != NULL) {
        pol->claims.audiences = (const char *const *)conf->audiences->elts;
        pol->claims.n_audiences = (size_t)conf->audiences->nelts;
    }
    else if (conf->agentos_id != NULL) {
        const char **one = apr_palloc(p, sizeof(*one));

        *one = conf->agentos_id;
        pol->claims.audiences = one;
        pol->claims.n_audiences = 1;
    }
    pol->identity.user_claim = "sub";
    pol->identity.session_claim = "session_id";
    pol->identity.scopes_claim = "scopes";
    pol->identity.aud_claim = "aud";
}

const char *set_agentos_id(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_dir_conf_t *conf = dconf;

    if (*arg == '\0' || strchr(arg, '"') != NULL || strchr(arg, '\\'))
        return apr_psprintf(cmd->pool, "%s: '%s' is not a valid id (empty, "
                            "or contains a quote or backslash)",
                            cmd->cmd->name, arg);
    conf->agentos_id = arg;
    return NULL;
}

const char *set_audience(cmd_parms *cmd, void *dconf, int argc,
                         char *const argv[])
{
    aor_dir_conf_t *conf = dconf;
    int i;

    if (argc == 0)
        return apr_psprintf(cmd->pool, "%s: at least one audience is "
                            "required", cmd->cmd->name);
    conf->audiences = apr_array_make(cmd->pool, argc, sizeof(const char *));
    for (i = 0; i < argc; i++)
        APR_ARRAY_PUSH(conf->audiences, const char *) = argv[i];
    return NULL;
}

const char *set_algorithms(cmd_parms *cmd, void *dconf, int argc,
                           char *const argv[])
{
    aor_dir_conf_t *conf = dconf;
    aor_algset_t algs = 0;
    aor_alg_t alg;
    int i;

    if (argc == 0)
        return apr_psprintf(cmd->pool, "%s: at least one algorithm is "
                            "required", cmd->cmd->name);
    for (i = 0; i < argc; i++) {
        alg = aor_alg_from_name(argv[i]);
        if (alg == AOR_ALG_COUNT)
            return apr_psprintf(cmd->pool, "%s: unknown algorithm '%s' "
                                "(case-sensitive; one of HS256 HS384 HS512 "
                                "RS256 RS384 RS512 PS256 PS384 PS512 ES256 "
                                "ES384 ES512 EdDSA)", cmd->cmd->name,
                                argv[i]);
        algs |= AOR_ALGSET_BIT(alg);
    }
    conf->algs = algs;
    conf->algs_set = 1;
    rbac_register_section(cmd, conf);
    return NULL;
}

/* Parse a decimal integer in [min, max]; NULL or an error string. */
static const char *parse_range(cmd_parms *cmd, const char *arg,
                               apr_int64_t min, apr_int64_t max,
                               apr_int64_t *out)
{
    char *end;
    apr_int64_t v;

    errno = 0;
    v = apr_strtoi64(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || v < min || v > max)
        return apr_psprintf(cmd->pool, "%s: '%s' is not an integer from %"
                            APR_INT64_T_FMT " to %" APR_INT64_T_FMT,
                            cmd->cmd->name, arg, min, max);
    *out = v;
    return NULL;
}

const char *set_leeway(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_dir_conf_t *conf = dconf;
    apr_int64_t v;
    const char *err = parse_range(cmd, arg, 0, 86400, &v);

    if (err == NULL)
        conf->leeway = (int)v;
    return err;
}

const char *set_max_token_size(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_dir_conf_t *conf = dconf;
    apr_int64_t v;
    const char *err = parse_range(cmd, arg, 64, 1048576, &v);

    if (err == NULL)
        conf->max_token_size = (apr_off_t)v;
    return err;
}

/* RFC 9110 token characters, the only ones a header name may hold. */
static int is_header_name(const char *s)
{
    static const char extra[] = "!#$%&'*+-.^_`|~";

    if (*s == '\0')
        return 0;
    for (; *s != '\0'; s++) {
        if (!apr_isalnum(*s) && strchr(extra, *s) == NULL)
            return 0;
    }
    return 1;
}

const char *set_token_header(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_dir_conf_t *conf = dconf;

    if (!is_header_name(arg))
        return apr_psprintf(cmd->pool, "%s: '%s' is not a valid header "
                            "name", cmd->cmd->name, arg);
    conf->token_header = arg;
    return NULL;
}
