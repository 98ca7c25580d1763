/*
 * mint-tokens.c - the benchmark's token factory: N distinct JWTs for one
 * algorithm and key, one per line, signed with OpenSSL (the test suite's
 * jws_signer.h).  Benchmark-only; never linked into the module.
 *
 *   mint-tokens ALG KEY.pem|SECRETFILE N AUD [bad]
 *
 * "bad" flips a bit of every signature (the bad-signature flood).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "jws_signer.h"

static EVP_PKEY *load_key(const char *path)
{
    FILE *f = fopen(path, "r");
    EVP_PKEY *k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;

    if (f != NULL)
        fclose(f);
    return k;
}

static size_t load_secret(const char *path, unsigned char *buf, size_t max)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, max, f) : 0;

    if (f != NULL)
        fclose(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    return n;
}

int main(int argc, char **argv)
{
    unsigned char secret[256];
    size_t secret_len = 0;
    EVP_PKEY *key = NULL;
    char header[64], payload[256];
    long i, n;
    int bad;

    if (argc < 5) {
        fprintf(stderr, "usage: %s ALG KEY N AUD [bad]\n", argv[0]);
        return 2;
    }
    n = atol(argv[3]);
    bad = argc > 5;
    if (argv[1][0] == 'H')
        secret_len = load_secret(argv[2], secret, sizeof(secret));
    else if ((key = load_key(argv[2])) == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 1;
    }
    snprintf(header, sizeof(header), "{\"alg\":\"%s\",\"typ\":\"JWT\"}",
             argv[1]);
    for (i = 0; i < n; i++) {
        char *t, *dot;

        snprintf(payload, sizeof(payload), "{\"sub\":\"bench-%ld\",\"aud\":"
                 "\"%s\",\"exp\":%ld,\"scopes\":[\"agents:read\","
                 "\"agents:run\"],\"session_id\":\"s-%ld\"}", i, argv[4],
                 (long)time(NULL) + 86400, i);
        t = signer_jws(header, payload, argv[1], key, secret, secret_len);
        if (bad) {
            dot = strrchr(t, '.');
            dot[5] = dot[5] == 'A' ? 'B' : 'A';
        }
        puts(t);
        free(t);
    }
    EVP_PKEY_free(key);
    return 0;
}
