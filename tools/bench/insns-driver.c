/*
 * insns-driver.c - `make bench-insns`: the decision path of a request in
 * isolation, for callgrind to count instructions (deterministic, whatever
 * else the machine does).  Benchmark-only; never linked into the module.
 *
 *   insns-driver cache-hit N    what a token-cache hit costs the core:
 *                               cache key (SHA-256 of the token), decode
 *                               of the cached identity, key fingerprint
 *                               and expiry checks, the scope decision
 *   insns-driver routes N       route-map lookup + decision for each of
 *                               the 103 default routes (N passes)
 *
 * callgrind counts only inside bench_* (--toggle-collect); the driver
 * also prints its own wall-clock ns per operation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "aor_decide.h"
#include "aor_keyset.h"
#include "aor_verify.h"
#include "jws_signer.h"

static volatile int sink;

static aor_token_t *make_token(const char *payload)
{
    aor_identity_policy_t pol;
    aor_token_t *t = NULL;
    aor_error_t err;
    json_t *p = json_loads(payload, 0, NULL);

    aor_identity_policy_init(&pol);
    aor_token_from_claims(p, &pol, AOR_ALG_RS256, NULL, &t, &err);
    json_decref(p);
    return t;
}

__attribute__((noinline))
static void bench_cache_hit(long n, const char *token, const unsigned char *enc,
                            size_t enc_len, const aor_keyset_t *keys,
                            const aor_scope_t *req, const char *const *text)
{
    unsigned char key[AOR_CACHE_KEY_LEN];
    aor_decision_t d;
    aor_error_t err;
    long i;

    for (i = 0; i < n; i++) {
        aor_token_t *t = NULL;

        aor_cache_key(0x1234, token, strlen(token), key);
        aor_token_decode(enc, enc_len, &t, &err);
        sink += aor_keyset_has_fingerprint(keys, t->key_fp)
            && !(t->has_exp && t->exp <= 1700000000.0);
        aor_decide_scopes(t, "agent_os:admin", req, text, 1,
                          "/agents/a1/runs", &d);
        sink += d.verdict;
        aor_token_free(t);
    }
}

__attribute__((noinline))
static void bench_routes(long n, const aor_token_t *t,
                         const aor_routes_t *defaults, char paths[][128])
{
    const aor_routes_t *tables[2] = { NULL, defaults };
    aor_view_t ids[4];
    aor_decision_t d;
    const char *p;
    size_t i, len;
    long k;

    for (k = 0; k < n; k++) {
        for (i = 0; i < aor_default_routes_count; i++) {
            p = aor_routes_path(paths[i], "/api", &len);
            aor_decide_route(t, "agent_os:admin", tables, 2,
                             aor_default_routes[i].method, p, len, ids, &d);
            sink += d.verdict;
        }
    }
}

__attribute__((noinline))
static void bench_verify(long n, const char *token, const aor_keyset_t *keys,
                         const aor_policy_t *pol)
{
    aor_token_t *t;
    aor_error_t err;
    long i;

    for (i = 0; i < n; i++) {
        t = NULL;
        sink += aor_verify_token(token, strlen(token), keys, pol,
                                 1700000000.0, &t, NULL, &err);
        aor_token_free(t);
    }
}

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int run_cache_hit(long n)
{
    EVP_PKEY *pkey = signer_keygen("RSA", NULL, 2048);
    aor_keyset_t *keys = aor_keyset_new();
    aor_token_t *t = make_token("{\"sub\":\"u-1\",\"aud\":\"bench\","
                                "\"exp\":1900000000,\"session_id\":\"s-1\","
                                "\"scopes\":[\"agents:read\",\"agents:run\"]}");
    const char *text[1] = { "agents:run" };
    unsigned char *enc = NULL;
    size_t enc_len = 0;
    aor_key_t *key = NULL;
    aor_scope_t req;
    aor_error_t err;
    char *token;
    double t0;

    aor_key_from_pkey(pkey, &key, &err);
    t->key_fp = aor_key_fingerprint(key);
    aor_keyset_add(keys, key, AOR_KEY_FROM_STATIC, &err);
    aor_token_encode(t, &enc, &enc_len, &err);
    aor_scope_parse(text[0], strlen(text[0]), &req);
    token = signer_jws("{\"alg\":\"RS256\"}", "{\"sub\":\"u-1\",\"aud\":"
                       "\"bench\",\"exp\":1900000000}", "RS256", pkey, NULL,
                       0);
    t0 = now_ns();
    bench_cache_hit(n, token, enc, enc_len, keys, &req, text);
    printf("cache-hit: %ld operations, %.0f ns each (wall clock)\n", n,
           (now_ns() - t0) / n);
    free(token);
    free(enc);
    aor_token_free(t);
    aor_keyset_free(keys);
    return 0;
}

static int run_routes(long n)
{
    static char paths[256][128];
    aor_error_t err;
    aor_routes_t *defaults = aor_routes_new_default(&err);
    aor_token_t *t = make_token("{\"sub\":\"u-1\",\"scopes\":[\"agents:read"
                                "\",\"teams:t1:run\",\"sessions:write\"]}");
    size_t i, j, o;
    double t0;

    for (i = 0; i < aor_default_routes_count; i++) {
        const char *pat = aor_default_routes[i].pattern;

        o = (size_t)snprintf(paths[i], sizeof(paths[i]), "/api");
        for (j = 0; pat[j] != '\0' && o + 8 < sizeof(paths[i]); j++) {
            if (pat[j] == '*')
                o += (size_t)snprintf(paths[i] + o, sizeof(paths[i]) - o,
                                      "id-%zu", j);
            else
                paths[i][o++] = pat[j];
        }
        paths[i][o] = '\0';
    }
    t0 = now_ns();
    bench_routes(n, t, defaults, paths);
    printf("routes: %ld lookups, %.0f ns each (wall clock)\n",
           n * (long)aor_default_routes_count,
           (now_ns() - t0) / ((double)n * aor_default_routes_count));
    aor_token_free(t);
    aor_routes_free(defaults);
    return 0;
}

/* verify ALG: the full verification of one token (a cache miss). */
static int run_verify(const char *alg, long n)
{
    static const char *aud[1] = { "bench" };
    unsigned char secret[64];
    EVP_PKEY *pkey = NULL;
    aor_keyset_t *keys = aor_keyset_new();
    aor_key_t *key = NULL;
    aor_policy_t pol;
    aor_error_t err;
    char header[64], *token;
    double t0;

    memset(secret, 'k', sizeof(secret));
    if (alg[0] == 'H') {
        aor_key_from_secret(secret, sizeof(secret), &key, &err);
    }
    else {
        pkey = alg[0] == 'R' ? signer_keygen("RSA", NULL, 2048)
             : alg[0] == 'E' && alg[1] == 'S' ? signer_keygen("EC", "P-256", 0)
             : signer_keygen("ED25519", NULL, 0);
        EVP_PKEY_up_ref(pkey);
        aor_key_from_pkey(pkey, &key, &err);
    }
    aor_keyset_add(keys, key, AOR_KEY_FROM_STATIC, &err);
    snprintf(header, sizeof(header), "{\"alg\":\"%s\",\"typ\":\"JWT\"}",
             alg);
    token = signer_jws(header, "{\"sub\":\"bench-1\",\"aud\":\"bench\","
                       "\"exp\":1900000000,\"scopes\":[\"agents:read\","
                       "\"agents:run\"],\"session_id\":\"s-1\"}", alg, pkey,
                       secret, sizeof(secret));
    memset(&pol, 0, sizeof(pol));
    pol.max_token_size = 16384;
    pol.algs = AOR_ALGSET_ALL;
    pol.claims.leeway = 10;
    pol.claims.audiences = aud;
    pol.claims.n_audiences = 1;
    pol.claims.aud_claim = AOR_CLAIM_AUDIENCE;
    aor_identity_policy_init(&pol.identity);
    t0 = now_ns();
    bench_verify(n, token, keys, &pol);
    printf("verify %s: %ld operations, %.0f ns each (wall clock)\n", alg, n,
           (now_ns() - t0) / n);
    free(token);
    aor_keyset_free(keys);
    EVP_PKEY_free(pkey);
    return 0;
}

int main(int argc, char **argv)
{
    long n = argc > 2 ? atol(argv[2]) : 1000;

    if (argc > 1 && strcmp(argv[1], "cache-hit") == 0)
        return run_cache_hit(n);
    if (argc > 1 && strcmp(argv[1], "routes") == 0)
        return run_routes(n);
    if (argc > 2 && strncmp(argv[1], "verify-", 7) == 0)
        return run_verify(argv[1] + 7, n);
    fprintf(stderr, "usage: %s cache-hit|routes|verify-ALG [N]\n", argv[0]);
    return 2;
}
