/*
 * httpd_directives.c - handlers of the directives that set one value or
 * one list (keys: httpd_keys.c; routing: httpd_routes.c).
 *
 * Values are parsed and validated here, at configuration time; requests
 * only read them.  Every error message starts with the directive name.
 * Generic handlers find their field through cmd->info (an offset into
 * aor_dir_conf_t), as httpd's ap_set_*_slot do.
 */
#include "httpd_private.h"

#define FIELD(conf, cmd, type) \
    ((type *)((char *)(conf) + (apr_size_t)(cmd)->info))

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

/*
 * A list directive (AgentOSAudience, AgentOSIssuer, AgentOSClaimEnv):
 * lines within one section add up; an inner section replaces the list.
 */
const char *set_list(cmd_parms *cmd, void *dconf, int argc,
                     char *const argv[])
{
    apr_array_header_t **list = FIELD(dconf, cmd, apr_array_header_t *);
    int i;

    if (argc == 0)
        return apr_psprintf(cmd->pool, "%s: at least one value is required",
                            cmd->cmd->name);
    if (*list == NULL)
        *list = apr_array_make(cmd->pool, argc, sizeof(const char *));
    for (i = 0; i < argc; i++) {
        if (*argv[i] == '\0')
            return apr_psprintf(cmd->pool, "%s: empty value",
                                cmd->cmd->name);
        APR_ARRAY_PUSH(*list, const char *) = argv[i];
    }
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

/* RFC 9110 token characters: header field and cookie names. */
static int is_token(const char *s)
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

/* AgentOSTokenHeader, AgentOSCookieName. */
const char *set_header_name(cmd_parms *cmd, void *dconf, const char *arg)
{
    if (!is_token(arg))
        return apr_psprintf(cmd->pool, "%s: '%s' is not a valid %s name",
                            cmd->cmd->name, arg,
                            strcasecmp(cmd->cmd->name, "AgentOSCookieName")
                            ? "header" : "cookie");
    *FIELD(dconf, cmd, const char *) = arg;
    return NULL;
}

/* AgentOSUserIdClaim, AgentOSSessionIdClaim, AgentOSAudienceClaim. */
const char *set_claim_name(cmd_parms *cmd, void *dconf, const char *arg)
{
    if (*arg == '\0')
        return apr_psprintf(cmd->pool, "%s: the claim name is empty",
                            cmd->cmd->name);
    *FIELD(dconf, cmd, const char *) = arg;
    return NULL;
}

const char *set_scopes_claim(cmd_parms *cmd, void *dconf, const char *name,
                             const char *mode)
{
    aor_dir_conf_t *conf = dconf;

    if (*name == '\0')
        return apr_psprintf(cmd->pool, "%s: the claim name is empty",
                            cmd->cmd->name);
    if (mode != NULL && strcasecmp(mode, "space-delimited") != 0)
        return apr_psprintf(cmd->pool, "%s: '%s' is not a mode (only "
                            "space-delimited)", cmd->cmd->name, mode);
    conf->scopes_claim = name;
    conf->scopes_split = mode != NULL;
    return NULL;
}

const char *set_admin_scope(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_dir_conf_t *conf = dconf;
    apr_size_t i;

    for (i = 0; arg[i] != '\0'; i++) {
        if (apr_iscntrl(arg[i]) || apr_isspace(arg[i]))
            break;
    }
    if (i == 0 || arg[i] != '\0')
        return apr_psprintf(cmd->pool, "%s: '%s' is not a scope (empty, or "
                            "holds spaces or control characters)",
                            cmd->cmd->name, arg);
    conf->admin_scope = arg;
    return NULL;
}

const char *set_token_source(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_dir_conf_t *conf = dconf;

    if (strcasecmp(arg, "header") == 0)
        conf->token_source = RBAC_SOURCE_HEADER;
    else if (strcasecmp(arg, "cookie") == 0)
        conf->token_source = RBAC_SOURCE_COOKIE;
    else if (strcasecmp(arg, "both") == 0)
        conf->token_source = RBAC_SOURCE_BOTH;
    else
        return apr_psprintf(cmd->pool, "%s: '%s' is not header, cookie or "
                            "both", cmd->cmd->name, arg);
    return NULL;
}

const char *set_service_accounts(cmd_parms *cmd, void *dconf,
                                 const char *arg)
{
    aor_dir_conf_t *conf = dconf;

    if (strcasecmp(arg, "deny") == 0)
        conf->service_accounts = RBAC_SERVICE_DENY;
    else if (strcasecmp(arg, "passthrough") == 0)
        conf->service_accounts = RBAC_SERVICE_PASSTHROUGH;
    else
        return apr_psprintf(cmd->pool, "%s: '%s' is not deny or "
                            "passthrough", cmd->cmd->name, arg);
    return NULL;
}

/* AgentOSRequireExp, AgentOSForwardClaims. */
const char *set_flag(cmd_parms *cmd, void *dconf, int on)
{
    *FIELD(dconf, cmd, int) = on ? 1 : 0;
    return NULL;
}

const char *set_cors_origins(cmd_parms *cmd, void *dconf, int argc,
                             char *const argv[])
{
    int i;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "*") != 0
            && (ap_strchr_c(argv[i], '/') == NULL
                || strpbrk(argv[i], " \t\r\n,") != NULL))
            return apr_psprintf(cmd->pool, "%s: '%s' is not an origin "
                                "(scheme://host[:port]) or *",
                                cmd->cmd->name, argv[i]);
    }
    return set_list(cmd, dconf, argc, argv);
}
