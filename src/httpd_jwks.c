/*
 * httpd_jwks.c - AgentOSJWKSURI: fetching a remote JWKS (libcurl) into the
 * key store, refreshing it, and the rules of SPEC 6:
 *
 *   - one fetcher at a time per source, across all processes (the slot's
 *     writer flag);
 *   - refreshes run in mod_watchdog's thread, never in a request, so no
 *     request waits while a usable key set exists;
 *   - stale-on-error: a failed, slow, garbage or oversized answer leaves
 *     the last good keys serving; the error log says why, once per
 *     failure streak;
 *   - a kid the keys do not have triggers at most one refetch per
 *     RBAC_KID_MISS_SECONDS across all workers;
 *   - Cache-Control max-age may shorten the refresh interval, never
 *     lengthen it.
 */
#include <curl/curl.h>

#include "aor_jwk.h"
#include "aor_keyblob.h"
#include "httpd_private.h"
#include "httpd_state.h"
#include "httpd_store.h"

#define RBAC_KID_MISS_SECONDS   10
#define RBAC_RETRY_SECONDS      5       /* after a failure, keys loaded */
#define RBAC_FIRST_RETRY        1       /* after a failure, never loaded */

const char *set_jwks_uri(cmd_parms *cmd, void *dconf, int argc,
                         char *const argv[])
{
    aor_dir_conf_t *conf = dconf;
    rbac_uri_t *u = apr_pcalloc(cmd->pool, sizeof(*u));
    aor_keysrc_t *src = NULL;
    const char *msg;
    int i;

    if (argc < 1 || (strncmp(argv[0], "http://", 7) != 0
                     && strncmp(argv[0], "https://", 8) != 0))
        return apr_psprintf(cmd->pool, "%s: the first argument must be an "
                            "http:// or https:// URL", cmd->cmd->name);
    u->url = argv[0];
    u->refresh_s = 300;
    u->timeout_s = 5;
    u->max_size = 1024 * 1024;
    for (i = 1; i < argc; i++) {
        const char *v = ap_strchr_c(argv[i], '=');
        apr_int64_t n = v ? apr_atoi64(v + 1) : 0;

        if (v != NULL && !strncmp(argv[i], "refresh=", 8) && n >= 1
            && n <= 86400)
            u->refresh_s = (apr_uint32_t)n;
        else if (v != NULL && !strncmp(argv[i], "timeout=", 8) && n >= 1
                 && n <= 60)
            u->timeout_s = (apr_uint32_t)n;
        else if (v != NULL && !strncmp(argv[i], "max-size=", 9)
                 && n >= 1024 && n <= 16 * 1024 * 1024)
            u->max_size = (apr_size_t)n;
        else if (v != NULL && !strncmp(argv[i], "ca=", 3) && v[1] != '\0')
            u->ca_file = ap_server_root_relative(cmd->pool, v + 1);
        else
            return apr_psprintf(cmd->pool, "%s: '%s' is not refresh=1..86400"
                                ", timeout=1..60, max-size=1024..16777216 "
                                "or ca=FILE", cmd->cmd->name, argv[i]);
    }
    if (u->ca_file != NULL) {
        char *pem;
        apr_size_t len;

        msg = rbac_read_file(cmd, u->ca_file, &pem, &len);
        if (msg != NULL)
            return msg;
    }
    msg = rbac_section_keysrc(cmd, conf, &src);
    if (msg != NULL)
        return msg;
    if (src->uri != NULL)
        return apr_psprintf(cmd->pool, "%s: one JWKS URI per section",
                            cmd->cmd->name);
    src->uri = u;
    rbac_register_section(cmd, conf);
    return NULL;
}

/* The body and what the headers said. */
typedef struct {
    char *buf;
    apr_size_t len, max;
    int too_big;
    long max_age;               /* -1: none */
} fetch_t;

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
    fetch_t *f = ud;
    size_t bytes = size * n;

    if (bytes > f->max - f->len) {
        f->too_big = 1;
        return 0;               /* aborts the transfer */
    }
    memcpy(f->buf + f->len, data, bytes);
    f->len += bytes;
    return bytes;
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
    fetch_t *f = ud;
    size_t bytes = size * n, i;
    char line[256];

    if (bytes < sizeof(line) && bytes > 14
        && strncasecmp(data, "Cache-Control:", 14) == 0) {
        for (i = 0; i < bytes; i++)
            line[i] = (char)apr_tolower(data[i]);
        line[bytes] = '\0';
        if (strstr(line, "max-age=") != NULL)
            f->max_age = strtol(strstr(line, "max-age=") + 8, NULL, 10);
    }
    return bytes;
}

/* GET the JWKS; NULL, or why it failed. */
static const char *fetch(const rbac_uri_t *u, apr_pool_t *p, fetch_t *f)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    CURL *curl = curl_easy_init();
    long status = 0;
    CURLcode rc;

    if (curl == NULL)
        return "cannot initialise libcurl";
    f->buf = apr_palloc(p, u->max_size);
    f->max = u->max_size;
    f->max_age = -1;
    curl_easy_setopt(curl, CURLOPT_URL, u->url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)u->timeout_s);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)u->timeout_s);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "mod_agentos_rbac");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, f);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, f);
    if (u->ca_file != NULL)
        curl_easy_setopt(curl, CURLOPT_CAINFO, u->ca_file);
    rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (f->too_big)
        return apr_psprintf(p, "the response is larger than max-size=%"
                            APR_SIZE_T_FMT, u->max_size);
    if (rc != CURLE_OK)
        return apr_psprintf(p, "%s", errbuf[0] ? errbuf
                                               : curl_easy_strerror(rc));
    if (status != 200)
        return apr_psprintf(p, "HTTP status %ld", status);
    return NULL;
}

typedef struct {
    server_rec *s;
    const char *url;
} skip_ctx_t;

static void log_skip(void *data, size_t index, const char *kid,
                     const char *reason)
{
    skip_ctx_t *c = data;

    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, c->s, AOR_LOGNO(00701)
                 "JWKS %s: key %" APR_SIZE_T_FMT " (kid \"%s\") skipped: %s",
                 c->url, index, kid ? kid : "", reason);
}

/* Parse the body and put static + fetched keys in the slot. */
static const char *install(server_rec *s, rbac_store_t *st,
                           const aor_keysrc_t *src, const fetch_t *f,
                           apr_pool_t *p)
{
    skip_ctx_t ctx = { s, src->uri->url };
    const aor_keyset_t *sets[2];
    aor_keyset_t *fetched = aor_keyset_new();
    unsigned char *blob = NULL;
    size_t len = 0;
    aor_error_t err;
    const char *why = NULL;

    if (fetched == NULL)
        return "out of memory";
    if (aor_jwks_load(f->buf, f->len, fetched, log_skip, &ctx, NULL, &err)
        != AOR_OK) {
        aor_keyset_free(fetched);
        return apr_pstrcat(p, "not a usable JWKS: ", err.text, NULL);
    }
    sets[0] = src->keys;
    sets[1] = fetched;
    if (aor_keyblob_encode(sets, 2, &blob, &len, &err) != AOR_OK)
        why = apr_pstrdup(p, err.text);
    else if (rbac_store_put(st, src->slot, blob, len) == APR_ENOSPC)
        why = apr_psprintf(p, "its keys take %" APR_SIZE_T_FMT " bytes, "
                           "more than AgentOSKeyStoreSize (%u)", len,
                           rbac_store_slot(st, src->slot)->cap);
    free(blob);
    aor_keyset_free(fetched);
    return why;
}

/* Fetch and install now; the caller holds the slot.  1 on success. */
static int refresh(server_rec *s, rbac_store_t *st, const aor_keysrc_t *src,
                   const char *trigger)
{
    rbac_slot_t *sl = rbac_store_slot(st, src->slot);
    apr_uint32_t now = rbac_now_s(), next;
    const char *why;
    apr_pool_t *p;
    fetch_t f;

    apr_pool_create(&p, NULL);
    memset(&f, 0, sizeof(f));
    apr_atomic_add64(&sl->fetches, 1);
    why = fetch(src->uri, p, &f);
    if (why == NULL)
        why = install(s, st, src, &f, p);
    if (why == NULL) {
        next = src->uri->refresh_s;
        if (f.max_age >= 0 && (apr_uint32_t)f.max_age < next)
            next = f.max_age > 1 ? (apr_uint32_t)f.max_age : 1;
        apr_atomic_set32(&sl->loaded_at, now);
        apr_atomic_set32(&sl->next_refresh, now + next);
        if (apr_atomic_xchg32(&sl->failing, 0))
            ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s, AOR_LOGNO(00702)
                         "JWKS %s: fetched again, keys updated",
                         src->uri->url);
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s, AOR_LOGNO(00703)
                     "JWKS %s: fetched (%s), next refresh in %u s",
                     src->uri->url, trigger, next);
    }
    else {
        apr_atomic_add64(&sl->failures, 1);
        next = apr_atomic_read32(&sl->loaded_at)
            ? (src->uri->refresh_s < RBAC_RETRY_SECONDS
               ? src->uri->refresh_s : RBAC_RETRY_SECONDS)
            : RBAC_FIRST_RETRY;
        apr_atomic_set32(&sl->next_refresh, now + next);
        if (apr_atomic_xchg32(&sl->failing, 1) == 0)
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, AOR_LOGNO(00704)
                         "JWKS %s: fetch failed (%s): %s; %s", src->uri->url,
                         trigger, why, apr_atomic_read32(&sl->loaded_at)
                         ? "the last good keys keep serving"
                         : "no keys yet");
        else
            ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s, AOR_LOGNO(00705)
                         "JWKS %s: fetch failed again (%s): %s",
                         src->uri->url, trigger, why);
    }
    apr_pool_destroy(p);
    return why == NULL;
}

/* Claim the slot, refresh, release; 0 when another fetcher holds it. */
static int refresh_claimed(server_rec *s, rbac_store_t *st,
                           const aor_keysrc_t *src, const char *trigger)
{
    int ok;

    if (!rbac_store_claim(st, src->slot, rbac_now_s(),
                          src->uri->timeout_s + 30))
        return 0;
    ok = refresh(s, st, src, trigger);
    rbac_store_release(st, src->slot);
    return ok;
}

void rbac_jwks_startup(server_rec *s, rbac_store_t *st,
                       const aor_keysrc_t *src)
{
    if (apr_atomic_read32(&rbac_store_slot(st, src->slot)->loaded_at) == 0)
        refresh_claimed(s, st, src, "startup");
}

void rbac_jwks_tick(server_rec *s, rbac_store_t *st,
                    const aor_keysrc_t *src)
{
    rbac_slot_t *sl = rbac_store_slot(st, src->slot);

    if (rbac_now_s() >= apr_atomic_read32(&sl->next_refresh))
        refresh_claimed(s, st, src, "refresh");
}

int rbac_jwks_first_load(request_rec *r, rbac_store_t *st,
                         const aor_keysrc_t *src)
{
    rbac_slot_t *sl = rbac_store_slot(st, src->slot);

    /* no usable keys yet: this request may wait for them */
    if (apr_atomic_read32(&sl->loaded_at) != 0
        || rbac_now_s() < apr_atomic_read32(&sl->next_refresh))
        return 0;
    return refresh_claimed(r->server, st, src, "first request");
}

int rbac_jwks_kid_miss(request_rec *r, rbac_store_t *st,
                       const aor_keysrc_t *src)
{
    rbac_slot_t *sl = rbac_store_slot(st, src->slot);
    apr_uint32_t now = rbac_now_s(), last = apr_atomic_read32(&sl->kid_miss_at);

    if (now - last < RBAC_KID_MISS_SECONDS
        || apr_atomic_cas32(&sl->kid_miss_at, now, last) != last)
        return 0;
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, AOR_LOGNO(00706)
                  "JWKS %s: unknown kid, refetching", src->uri->url);
    return refresh_claimed(r->server, st, src, "unknown kid");
}
