/*
 * sigspeed.c - `make bench-phases`, first part: what one signature
 * verification costs in a tight loop on one core, through the core
 * (aor_sig_verify, as the module calls it) and, for Ed25519, through
 * OpenSSL's EVP_DigestVerify (what the module used before libsodium).
 * The in-httpd phase medians are read against these numbers.
 * Benchmark-only; never linked into the module.
 */
#include <stdio.h>
#include <time.h>

#include "aor_key.h"
#include "aor_sig.h"
#include "jws_signer.h"

static const char input[] =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6ImJl"
    "bmNoIiwic2NvcGVzIjpbImFnZW50czpyZWFkIl0sImV4cCI6NDEwMjQ0NDgwMH0";

static double now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Microseconds per aor_sig_verify of a valid signature; -1 on failure. */
static double core_verify(const char *alg, const char *type,
                          const char *curve, int n)
{
    EVP_PKEY *pkey = signer_keygen(type, curve, 2048);
    unsigned char sig[512];
    aor_key_t *key = NULL;
    aor_error_t err;
    size_t len;
    double t0, us;
    int i, good = 0;

    EVP_PKEY_up_ref(pkey);
    if (aor_key_from_pkey(pkey, &key, &err) != AOR_OK)
        return -1;
    len = signer_sign(alg, pkey, NULL, 0, input, sig);
    t0 = now_us();
    for (i = 0; i < n; i++)
        good += aor_sig_verify(key, aor_alg_from_name(alg),
                               (const unsigned char *)input, strlen(input),
                               sig, len, &err) == AOR_OK;
    us = (now_us() - t0) / n;
    aor_key_free(key);
    EVP_PKEY_free(pkey);
    return good == n ? us : -1;
}

/* Microseconds per EVP_DigestVerify (fresh context) with an Ed25519 key. */
static double evp_ed25519(int n)
{
    EVP_PKEY *pkey = signer_keygen("ED25519", NULL, 0);
    unsigned char sig[64];
    double t0, us;
    int i, good = 0;

    signer_sign("EdDSA", pkey, NULL, 0, input, sig);
    t0 = now_us();
    for (i = 0; i < n; i++) {
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();

        good += EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) == 1
            && EVP_DigestVerify(ctx, sig, 64, (const unsigned char *)input,
                                strlen(input)) == 1;
        EVP_MD_CTX_free(ctx);
    }
    us = (now_us() - t0) / n;
    EVP_PKEY_free(pkey);
    return good == n ? us : -1;
}

int main(void)
{
    printf("tight loop, us per verification: RS256 %.1f, ES256 %.1f, "
           "EdDSA (libsodium) %.1f, EdDSA (OpenSSL EVP) %.1f\n",
           core_verify("RS256", "RSA", NULL, 20000),
           core_verify("ES256", "EC", "P-256", 5000),
           core_verify("EdDSA", "ED25519", NULL, 5000), evp_ed25519(5000));
    return 0;
}
