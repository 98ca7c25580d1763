/*
 * httpd_routes.c - AgentOSRoute, AgentOSRouteMap, AgentOSBasePath and
 * AgentOSExclude, and the one built-in route table of a configuration
 * generation.
 *
 * Route tables are built here, at configuration time, and freed with the
 * configuration pool; requests only look them up.
 */
#include "aor_glob.h"
#include "httpd_private.h"

#define RBAC_DEFAULTS_KEY "agentos_rbac_default_routes"
#define RBAC_EXCLUDES_KEY "agentos_rbac_default_excludes"

/* AgentOS's own exclusion list (SPEC 4.6). */
static const char *const default_excludes[] = {
    "/", "/health", "/info", "/docs", "/redoc", "/openapi.json",
    "/docs/oauth2-redirect"
};

static apr_status_t routes_cleanup(void *data)
{
    aor_routes_free(data);
    return APR_SUCCESS;
}

/*
 * The built-in map, built once per configuration generation and shared
 * by every server.  NULL only when out of memory.
 */
const aor_routes_t *rbac_default_routes(apr_pool_t *pconf)
{
    aor_routes_t *rt = NULL;
    aor_error_t err;

    apr_pool_userdata_get((void **)&rt, RBAC_DEFAULTS_KEY, pconf);
    if (rt != NULL)
        return rt;
    rt = aor_routes_new_default(&err);
    if (rt == NULL) {
        ap_log_perror(APLOG_MARK, APLOG_CRIT, 0, pconf, AOR_LOGNO(00501)
                      "cannot build the AgentOS route map: %s", err.text);
        return NULL;
    }
    apr_pool_cleanup_register(pconf, rt, routes_cleanup,
                              apr_pool_cleanup_null);
    apr_pool_userdata_setn(rt, RBAC_DEFAULTS_KEY, NULL, pconf);
    return rt;
}

/* Add exclusion patterns to a table (method *, no scopes). */
static aor_status_t add_excludes(aor_routes_t *rt, const char *const *pat,
                                 size_t n, aor_error_t *err)
{
    aor_status_t st = AOR_OK;
    size_t i;

    for (i = 0; i < n && st == AOR_OK; i++)
        st = aor_routes_add(rt, "*", pat[i], NULL, 0, err);
    return st;
}

/* AgentOS's exclusions as a table, once per configuration generation. */
const aor_routes_t *rbac_default_excludes(apr_pool_t *pconf)
{
    aor_routes_t *rt = NULL;
    aor_error_t err;

    apr_pool_userdata_get((void **)&rt, RBAC_EXCLUDES_KEY, pconf);
    if (rt != NULL)
        return rt;
    rt = aor_routes_new();
    if (rt == NULL
        || add_excludes(rt, default_excludes,
                        sizeof(default_excludes) / sizeof(default_excludes[0]),
                        &err) != AOR_OK) {
        aor_routes_free(rt);
        return NULL;
    }
    apr_pool_cleanup_register(pconf, rt, routes_cleanup,
                              apr_pool_cleanup_null);
    apr_pool_userdata_setn(rt, RBAC_EXCLUDES_KEY, NULL, pconf);
    return rt;
}

static int is_method(const char *m)
{
    if (strcmp(m, "*") == 0)
        return 1;
    for (; *m != '\0'; m++) {
        if (!apr_isupper(*m))
            return 0;
    }
    return 1;
}

const char *set_route(cmd_parms *cmd, void *dconf, int argc,
                      char *const argv[])
{
    aor_dir_conf_t *conf = dconf;
    aor_error_t err;

    if (argc < 2)
        return apr_psprintf(cmd->pool, "%s: needs METHOD and a path "
                            "pattern, then the scopes (none: any valid "
                            "token)", cmd->cmd->name);
    if (!is_method(argv[0]))
        return apr_psprintf(cmd->pool, "%s: '%s' is not a method (GET, "
                            "POST, ... in upper case, or *)",
                            cmd->cmd->name, argv[0]);
    if (conf->routes == NULL) {
        conf->routes = aor_routes_new();
        if (conf->routes == NULL)
            return apr_psprintf(cmd->pool, "%s: out of memory",
                                cmd->cmd->name);
        apr_pool_cleanup_register(cmd->pool, conf->routes, routes_cleanup,
                                  apr_pool_cleanup_null);
    }
    if (aor_routes_add(conf->routes, argv[0], argv[1],
                       (const char *const *)argv + 2, (size_t)argc - 2,
                       &err) != AOR_OK)
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, err.text);
    return NULL;
}

const char *set_route_map(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_dir_conf_t *conf = dconf;

    if (strcasecmp(arg, "default") == 0)
        conf->route_map = 1;
    else if (strcasecmp(arg, "none") == 0)
        conf->route_map = 0;
    else
        return apr_psprintf(cmd->pool, "%s: '%s' is not default or none",
                            cmd->cmd->name, arg);
    return NULL;
}

const char *set_base_path(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_dir_conf_t *conf = dconf;

    if (arg[0] != '/' || strpbrk(arg, "*?[] \t") != NULL)
        return apr_psprintf(cmd->pool, "%s: '%s' is not a path prefix "
                            "(starts with '/', no wildcards)",
                            cmd->cmd->name, arg);
    conf->base_path = arg;
    return NULL;
}

const char *set_exclude(cmd_parms *cmd, void *dconf, int argc,
                        char *const argv[])
{
    aor_dir_conf_t *conf = dconf;
    aor_error_t err;
    int i;

    if (argc == 0)
        return apr_psprintf(cmd->pool, "%s: give path patterns or none",
                            cmd->cmd->name);
    for (i = 0; i < argc; i++) {
        if ((argc > 1 || strcasecmp(argv[i], "none") != 0)
            && (argv[i][0] != '/' || !aor_glob_valid(argv[i])))
            return apr_psprintf(cmd->pool, "%s: '%s' is not a path pattern "
                                "(starts with '/'; '*' and '?' only), or "
                                "none", cmd->cmd->name, argv[i]);
    }
    if (conf->excludes == NULL) {
        conf->excludes = aor_routes_new();
        if (conf->excludes == NULL)
            return apr_psprintf(cmd->pool, "%s: out of memory",
                                cmd->cmd->name);
        apr_pool_cleanup_register(cmd->pool, conf->excludes, routes_cleanup,
                                  apr_pool_cleanup_null);
    }
    if (argc == 1 && strcasecmp(argv[0], "none") == 0)
        return NULL;            /* an empty table: nothing excluded */
    if (add_excludes(conf->excludes, (const char *const *)argv,
                     (size_t)argc, &err) != AOR_OK)
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, err.text);
    return NULL;
}

/* The path (base stripped, normalised) matches an exclusion. */
int rbac_path_excluded(request_rec *r, const aor_dir_conf_t *conf,
                       const char *path, apr_size_t len)
{
    const aor_srv_conf_t *srv = ap_get_module_config(r->server->module_config,
                                                     &agentos_rbac_module);
    const aor_routes_t *rt = conf->excludes ? conf->excludes
                                            : srv->default_excludes;

    return rt != NULL && aor_routes_lookup(rt, "*", path, len) != NULL;
}
