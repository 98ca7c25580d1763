/*
 * httpd_check.c - configuration checks that need more than one directive:
 * every allowed algorithm has a key that can verify it, and no HMAC secret
 * is shorter than the largest allowed HS hash (SPEC 3, RFC 8725 3.5).
 *
 * Directive handlers register the sections that set keys or algorithms;
 * the check_config hook (which runs for `apachectl configtest` and before
 * every start) checks each of them.  A section's missing values come from
 * its virtual host's, then the main server's, server-level configuration:
 * declare AgentOSAlgorithms with the keys or at server level.
 */
#include "http_main.h"

#include "httpd_private.h"
#include "httpd_state.h"

#define RBAC_SECTIONS_KEY "agentos_rbac_sections"

typedef struct {
    const aor_dir_conf_t *conf;
    server_rec *s;
    const char *where;              /* "file:line" of the first directive */
} rbac_section_t;

void rbac_register_section(cmd_parms *cmd, aor_dir_conf_t *conf)
{
    apr_array_header_t *sections = NULL;
    rbac_section_t *entry;

    if (conf->registered)
        return;
    apr_pool_userdata_get((void **)&sections, RBAC_SECTIONS_KEY, cmd->pool);
    if (sections == NULL) {
        sections = apr_array_make(cmd->pool, 8, sizeof(rbac_section_t));
        apr_pool_userdata_setn(sections, RBAC_SECTIONS_KEY, NULL, cmd->pool);
    }
    entry = apr_array_push(sections);
    entry->conf = conf;
    entry->s = cmd->server;
    entry->where = apr_psprintf(cmd->pool, "%s:%d",
                                cmd->directive->filename,
                                cmd->directive->line_num);
    conf->registered = 1;
}

/* Server-level configuration of s, or NULL. */
static const aor_dir_conf_t *server_conf(server_rec *s)
{
    return s ? ap_get_module_config(s->lookup_defaults, &agentos_rbac_module)
             : NULL;
}

/* The keys and algorithms in effect for a registered section. */
static void effective(const rbac_section_t *sec, server_rec *main_s,
                      const aor_keysrc_t **keys, aor_algset_t *algs)
{
    const aor_dir_conf_t *chain[3];
    int i;

    chain[0] = sec->conf;
    chain[1] = server_conf(sec->s);
    chain[2] = server_conf(main_s);
    *keys = NULL;
    *algs = AOR_DEFAULT_ALGS;
    for (i = 2; i >= 0; i--) {
        if (chain[i] == NULL)
            continue;
        if (chain[i]->keysrc != NULL)
            *keys = chain[i]->keysrc;
        if (chain[i]->algs_set)
            *algs = chain[i]->algs;
    }
}

/* The longest HS hash allowed by algs, in bytes (0: no HS*). */
static size_t largest_hs_hash(aor_algset_t algs)
{
    size_t len = 0;
    int a;

    for (a = AOR_ALG_HS256; a <= AOR_ALG_HS512; a++) {
        if (algs & AOR_ALGSET_BIT(a))
            len = aor_alg_info((aor_alg_t)a)->hash_len;
    }
    return len;
}

static const char *check_secrets(apr_pool_t *p, const rbac_section_t *sec,
                                 const aor_keyset_t *ks, aor_algset_t algs)
{
    size_t i, need = largest_hs_hash(algs), have;

    for (i = 0; need > 0 && i < aor_keyset_count(ks); i++) {
        aor_key_origin_t origin;
        const aor_key_t *key = aor_keyset_get(ks, i, &origin);

        if (aor_key_type(key) != AOR_KTY_OCT)
            continue;
        aor_key_secret(key, &have);
        if (have < need)
            return apr_psprintf(p, "%s: an HMAC secret of %" APR_SIZE_T_FMT
                                " bytes (%s) is shorter than the %"
                                APR_SIZE_T_FMT " bytes the allowed HS "
                                "algorithms need",
                                origin == AOR_KEY_FROM_JWKS
                                ? "AgentOSJWKSFile" : "AgentOSVerifyKey",
                                have, sec->where, need);
    }
    return NULL;
}

/* The section's static keys must fit a key store slot. */
static const char *check_size(apr_pool_t *p, const rbac_section_t *sec,
                              server_rec *main_s)
{
    unsigned char *blob;
    apr_size_t len = 0, cap = rbac_slot_size(main_s);
    const char *msg;

    if (sec->conf->keysrc == NULL)
        return NULL;
    msg = rbac_keysrc_blob(sec->conf->keysrc, p, &blob, &len);
    if (msg == NULL && len > cap)
        msg = apr_psprintf(p, "AgentOSKeyStoreSize: the keys configured at "
                           "%s take %" APR_SIZE_T_FMT " bytes, more than "
                           "the %" APR_SIZE_T_FMT " bytes of a key store "
                           "slot", sec->where, len, cap);
    return msg;
}

static const char *check_section(apr_pool_t *p, const rbac_section_t *sec,
                                 server_rec *main_s)
{
    const aor_keysrc_t *keys;
    aor_algset_t algs, covered;
    const char *msg;
    int a;

    msg = check_size(p, sec, main_s);
    if (msg != NULL)
        return msg;
    effective(sec, main_s, &keys, &algs);
    if (keys == NULL)
        return NULL;        /* keys come from a section we cannot see */
    if (sec->conf->security_key != NULL)
        ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_WARNING, 0, NULL,
                     AOR_LOGNO(00402) "AgentOSSecurityKey (%s) is ignored: "
                     "a JWT key source is configured, as AgentOS ignores "
                     "OS_SECURITY_KEY then", sec->where);
    msg = check_secrets(p, sec, keys->keys, algs);
    if (msg != NULL)
        return msg;
    if (keys->uri != NULL)
        return NULL;        /* the remote keys are known at run time */
    covered = aor_keyset_algs(keys->keys);
    for (a = 0; a < AOR_ALG_COUNT; a++) {
        if ((algs & AOR_ALGSET_BIT(a)) && !(covered & AOR_ALGSET_BIT(a)))
            return apr_psprintf(p, "AgentOSAlgorithms: %s is allowed (%s) "
                                "but no configured key can verify it",
                                aor_alg_info((aor_alg_t)a)->name, sec->where);
    }
    return NULL;
}

int rbac_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                      server_rec *s)
{
    apr_array_header_t *sections = NULL;
    const char *msg;
    int i;

    (void)plog;
    apr_pool_userdata_get((void **)&sections, RBAC_SECTIONS_KEY, pconf);
    for (i = 0; sections != NULL && i < sections->nelts; i++) {
        msg = check_section(ptemp, &APR_ARRAY_IDX(sections, i,
                                                  rbac_section_t), s);
        if (msg != NULL) {
            ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_EMERG, 0, NULL,
                         AOR_LOGNO(00401) "%s", msg);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    return OK;
}
