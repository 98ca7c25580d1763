/*
 * httpd_keys.c - AgentOSVerifyKey and AgentOSJWKSFile: reading key
 * sources at configuration time into the section's key set.
 *
 * Sources: a PEM file (public key or certificate), env:NAME (PEM text or
 * an HMAC secret), secret:VALUE, secret-file:PATH, and JWKS files.  Keys
 * are parsed once, here, and freed with the configuration pool.  Error
 * messages name the directive and the source, never a secret's bytes.
 */
#include "apr_file_io.h"

#include "aor_jwk.h"
#include "httpd_private.h"

/* Key files and secret files larger than this are refused. */
#define RBAC_KEY_FILE_MAX (1024 * 1024)

/* The shortest HMAC secret accepted at all: the HS256 hash size. */
#define RBAC_SECRET_MIN 32

/* Read a whole (small) file relative to ServerRoot into cmd->temp_pool. */
const char *rbac_read_file(cmd_parms *cmd, const char *name,
                                   char **data, apr_size_t *len)
{
    const char *path = ap_server_root_relative(cmd->temp_pool, name);
    apr_file_t *fd;
    apr_finfo_t finfo;
    apr_status_t rv;
    char *buf;

    if (path == NULL)
        return apr_psprintf(cmd->pool, "%s: invalid path '%s'",
                            cmd->cmd->name, name);
    rv = apr_file_open(&fd, path, APR_FOPEN_READ, APR_OS_DEFAULT,
                       cmd->temp_pool);
    if (rv == APR_SUCCESS)
        rv = apr_file_info_get(&finfo, APR_FINFO_SIZE, fd);
    if (rv != APR_SUCCESS)
        return apr_psprintf(cmd->pool, "%s: cannot read '%s': %pm",
                            cmd->cmd->name, path, &rv);
    if (finfo.size > RBAC_KEY_FILE_MAX) {
        apr_file_close(fd);
        return apr_psprintf(cmd->pool, "%s: '%s' is larger than %d bytes",
                            cmd->cmd->name, path, RBAC_KEY_FILE_MAX);
    }
    buf = apr_palloc(cmd->temp_pool, (apr_size_t)finfo.size + 1);
    rv = apr_file_read_full(fd, buf, (apr_size_t)finfo.size, len);
    apr_file_close(fd);
    if (rv != APR_SUCCESS && rv != APR_EOF)
        return apr_psprintf(cmd->pool, "%s: cannot read '%s': %pm",
                            cmd->cmd->name, path, &rv);
    buf[*len] = '\0';
    *data = buf;
    return NULL;
}

static const char *add_key(cmd_parms *cmd, aor_dir_conf_t *conf,
                           aor_key_t *key)
{
    aor_keysrc_t *src = NULL;
    aor_error_t err;
    const char *msg = rbac_section_keysrc(cmd, conf, &src);

    if (msg != NULL) {
        aor_key_free(key);
        return msg;
    }
    if (aor_keyset_add(src->keys, key, AOR_KEY_FROM_STATIC, &err) != AOR_OK)
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, err.text);
    return NULL;
}

static const char *add_pem(cmd_parms *cmd, aor_dir_conf_t *conf,
                           const char *what, const char *pem, apr_size_t len)
{
    aor_key_t *key;
    aor_error_t err;

    if (aor_key_from_pem(pem, len, &key, &err) != AOR_OK)
        return apr_psprintf(cmd->pool, "%s: %s: %s", cmd->cmd->name, what,
                            err.text);
    return add_key(cmd, conf, key);
}

/* what names the source without its value (never the secret). */
static const char *add_secret(cmd_parms *cmd, aor_dir_conf_t *conf,
                              const char *what, const char *secret,
                              apr_size_t len)
{
    aor_key_t *key;
    aor_error_t err;

    if (len < RBAC_SECRET_MIN)
        return apr_psprintf(cmd->pool, "%s: %s: HMAC secret of %"
                            APR_SIZE_T_FMT " bytes is shorter than the %d "
                            "bytes HS256 needs", cmd->cmd->name, what, len,
                            RBAC_SECRET_MIN);
    if (aor_key_from_secret((const unsigned char *)secret, len, &key, &err)
        != AOR_OK)
        return apr_psprintf(cmd->pool, "%s: %s: %s", cmd->cmd->name, what,
                            err.text);
    return add_key(cmd, conf, key);
}

static int looks_like_pem(const char *s)
{
    return strstr(s, "-----BEGIN ") != NULL;
}

/* The value of an environment variable of httpd's, or an error. */
static const char *env_value(cmd_parms *cmd, const char *name,
                             const char **value)
{
    if (*name == '\0')
        return apr_psprintf(cmd->pool, "%s: env: needs a variable name",
                            cmd->cmd->name);
    *value = getenv(name);
    if (*value == NULL || **value == '\0')
        return apr_psprintf(cmd->pool, "%s: environment variable %s is not "
                            "set (or empty) in httpd's environment",
                            cmd->cmd->name, name);
    return NULL;
}

/* A secret file's bytes without one trailing newline, or an error. */
static const char *secret_file_value(cmd_parms *cmd, const char *path,
                                     char **data, apr_size_t *len)
{
    const char *msg = rbac_read_file(cmd, path, data, len);

    if (msg != NULL)
        return msg;
    /* one trailing newline is the file's, not the secret's */
    if (*len > 0 && (*data)[*len - 1] == '\n')
        (*len)--;
    if (*len > 0 && (*data)[*len - 1] == '\r')
        (*len)--;
    return NULL;
}

static const char *add_env(cmd_parms *cmd, aor_dir_conf_t *conf,
                           const char *name)
{
    const char *what = apr_pstrcat(cmd->temp_pool, "env:", name, NULL);
    const char *value = NULL;
    const char *msg = env_value(cmd, name, &value);

    if (msg != NULL)
        return msg;
    if (looks_like_pem(value))
        return add_pem(cmd, conf, what, value, strlen(value));
    return add_secret(cmd, conf, what, value, strlen(value));
}

static const char *add_secret_file(cmd_parms *cmd, aor_dir_conf_t *conf,
                                   const char *path)
{
    const char *what = apr_pstrcat(cmd->temp_pool, "secret-file:", path,
                                   NULL);
    apr_size_t len = 0;
    char *data = NULL;
    const char *msg = secret_file_value(cmd, path, &data, &len);

    if (msg != NULL)
        return msg;
    return add_secret(cmd, conf, what, data, len);
}

static const char *add_pem_file(cmd_parms *cmd, aor_dir_conf_t *conf,
                                const char *path)
{
    const char *msg;
    apr_size_t len;
    char *data;

    msg = rbac_read_file(cmd, path, &data, &len);
    if (msg != NULL)
        return msg;
    return add_pem(cmd, conf, path, data, len);
}

const char *set_verify_key(cmd_parms *cmd, void *dconf, int argc,
                           char *const argv[])
{
    aor_dir_conf_t *conf = dconf;
    const char *msg = NULL;
    int i;

    if (argc == 0)
        return apr_psprintf(cmd->pool, "%s: at least one key source is "
                            "required", cmd->cmd->name);
    rbac_register_section(cmd, conf);
    for (i = 0; i < argc && msg == NULL; i++) {
        const char *src = argv[i];

        if (strncmp(src, "env:", 4) == 0)
            msg = add_env(cmd, conf, src + 4);
        else if (strncmp(src, "secret:", 7) == 0)
            msg = add_secret(cmd, conf, "secret:<hidden>", src + 7,
                             strlen(src + 7));
        else if (strncmp(src, "secret-file:", 12) == 0)
            msg = add_secret_file(cmd, conf, src + 12);
        else
            msg = add_pem_file(cmd, conf, src);
    }
    return msg;
}

/* Context of the skip callback: where to log. */
typedef struct {
    cmd_parms *cmd;
    const char *path;
} jwks_skip_ctx_t;

static void log_skipped_key(void *data, size_t index, const char *kid,
                            const char *reason)
{
    jwks_skip_ctx_t *ctx = data;

    ap_log_error(APLOG_MARK, APLOG_WARNING, 0, ctx->cmd->server,
                 AOR_LOGNO(00301) "%s %s: key %" APR_SIZE_T_FMT
                 " (kid \"%s\") skipped: %s", ctx->cmd->cmd->name, ctx->path,
                 index, kid ? ap_escape_logitem(ctx->cmd->temp_pool, kid)
                 : "", reason);
}

const char *set_jwks_file(cmd_parms *cmd, void *dconf, const char *path)
{
    aor_dir_conf_t *conf = dconf;
    jwks_skip_ctx_t ctx = { cmd, path };
    aor_keysrc_t *src = NULL;
    const char *msg;
    aor_error_t err;
    apr_size_t len;
    char *data;

    rbac_register_section(cmd, conf);
    msg = rbac_read_file(cmd, path, &data, &len);
    if (msg == NULL)
        msg = rbac_section_keysrc(cmd, conf, &src);
    if (msg != NULL)
        return msg;
    if (aor_jwks_load(data, len, src->keys, log_skipped_key, &ctx, NULL,
                      &err) != AOR_OK)
        return apr_psprintf(cmd->pool, "%s: %s: %s", cmd->cmd->name, path,
                            err.text);
    return NULL;
}

static apr_status_t key_cleanup(void *data)
{
    aor_key_free(data);
    return APR_SUCCESS;
}

/*
 * AgentOSSecurityKey: the legacy shared key (SPEC 4.8), from env:NAME,
 * secret:VALUE or secret-file:PATH.  Compared in constant time.
 */
const char *set_security_key(cmd_parms *cmd, void *dconf, const char *arg)
{
    aor_dir_conf_t *conf = dconf;
    const char *msg = NULL, *value = NULL;
    apr_size_t len = 0;
    char *data = NULL;
    aor_key_t *key;
    aor_error_t err;

    if (strncmp(arg, "env:", 4) == 0) {
        msg = env_value(cmd, arg + 4, &value);
        len = value ? strlen(value) : 0;
    }
    else if (strncmp(arg, "secret:", 7) == 0) {
        value = arg + 7;
        len = strlen(value);
    }
    else if (strncmp(arg, "secret-file:", 12) == 0) {
        msg = secret_file_value(cmd, arg + 12, &data, &len);
        value = data;
    }
    else {
        return apr_psprintf(cmd->pool, "%s: use env:NAME, secret:VALUE or "
                            "secret-file:PATH", cmd->cmd->name);
    }
    if (msg != NULL)
        return msg;
    if (aor_key_from_secret((const unsigned char *)value, len, &key, &err)
        != AOR_OK)
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, err.text);
    apr_pool_cleanup_register(cmd->pool, key, key_cleanup,
                              apr_pool_cleanup_null);
    conf->security_key = key;
    rbac_register_section(cmd, conf);
    return NULL;
}
