/*
 * test_l1.c - aor_l1: hits only for the exact token and policy, misses
 * for everything else, replacement, limits, and concurrent readers and
 * writers that never see a torn entry.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "aor_l1.h"
#include "tap.h"

static aor_l1_t *shared;

/* Writers store value = token repeated; readers check that invariant. */
static void *writer(void *arg)
{
    char token[64], value[128];
    long i, id = (long)arg;

    for (i = 0; i < 200000; i++) {
        snprintf(token, sizeof(token), "tok-%ld-%ld", id, i % 64);
        snprintf(value, sizeof(value), "%s|%s", token, token);
        aor_l1_put(shared, 7, token, strlen(token),
                   (unsigned char *)value, strlen(value));
    }
    return NULL;
}

static void *reader(void *arg)
{
    unsigned char buf[AOR_L1_VALUE_MAX + 1];
    char token[64], want[128];
    long i, torn = 0;
    size_t n;

    (void)arg;
    for (i = 0; i < 400000; i++) {
        snprintf(token, sizeof(token), "tok-%ld-%ld", i % 2, i % 64);
        n = aor_l1_get(shared, 7, token, strlen(token), buf);
        if (n == 0)
            continue;
        buf[n] = '\0';
        snprintf(want, sizeof(want), "%s|%s", token, token);
        torn += strcmp((char *)buf, want) != 0;
    }
    return (void *)torn;
}

int main(void)
{
    aor_l1_t *l1 = aor_l1_new(100, 42);
    unsigned char buf[AOR_L1_VALUE_MAX];
    char big[AOR_L1_TOKEN_MAX + 2];
    pthread_t th[4];
    void *torn;
    long total = 0;
    int i;

    ok(l1 != NULL, "created");
    is_int(aor_l1_get(l1, 1, "abc", 3, buf), 0, "empty: miss");
    aor_l1_put(l1, 1, "abc", 3, (const unsigned char *)"value", 5);
    is_int(aor_l1_get(l1, 1, "abc", 3, buf), 5, "hit");
    ok(memcmp(buf, "value", 5) == 0, "value back");
    /* policy-isolation: the same token under another policy is a miss */
    is_int(aor_l1_get(l1, 2, "abc", 3, buf), 0, "other ctx: miss");
    is_int(aor_l1_get(l1, 1, "abd", 3, buf), 0, "other token: miss");
    is_int(aor_l1_get(l1, 1, "ab", 2, buf), 0, "prefix: miss");
    aor_l1_put(l1, 1, "abc", 3, (const unsigned char *)"newer", 5);
    aor_l1_get(l1, 1, "abc", 3, buf);
    ok(memcmp(buf, "newer", 5) == 0, "replaced");
    memset(big, 'x', sizeof(big));
    aor_l1_put(l1, 1, big, sizeof(big), (const unsigned char *)"v", 1);
    is_int(aor_l1_get(l1, 1, big, sizeof(big), buf), 0,
           "tokens above AOR_L1_TOKEN_MAX are not cached");
    aor_l1_free(l1);

    shared = aor_l1_new(16, 7);
    pthread_create(&th[0], NULL, writer, (void *)0L);
    pthread_create(&th[1], NULL, writer, (void *)1L);
    pthread_create(&th[2], NULL, reader, NULL);
    pthread_create(&th[3], NULL, reader, NULL);
    pthread_join(th[0], NULL);
    pthread_join(th[1], NULL);
    for (i = 2; i < 4; i++) {
        pthread_join(th[i], &torn);
        total += (long)torn;
    }
    /* torn-read: a value from another token or a half-written one */
    is_int(total, 0, "concurrent readers never saw a torn or foreign value");
    aor_l1_free(shared);
    aor_l1_free(NULL);
    return tap_done();
}
