/*
 * aor_l1.h - a small per-process cache of verified identities in front of
 * the shared token cache: lock-free for readers, so the threads of one
 * process never wait on each other on a hit.
 *
 * Each slot is a sequence lock (odd while written) holding a policy
 * fingerprint, the whole token and its encoded identity.  A lookup
 * compares the token byte for byte, so a slot can never answer for
 * another token; the slot index comes from a seeded hash only to spread
 * tokens.  Writers that find a slot busy skip it: the cache is an
 * optimisation, a miss is always correct.
 */
#ifndef AOR_L1_H
#define AOR_L1_H

#include <stddef.h>
#include <stdint.h>

#define AOR_L1_TOKEN_MAX 1536   /* longer tokens are not cached here */
#define AOR_L1_VALUE_MAX 1536   /* larger identities neither         */

typedef struct aor_l1 aor_l1_t;

/* A cache of n_slots slots (rounded up to a power of two), or NULL. */
aor_l1_t *aor_l1_new(size_t n_slots, uint64_t seed);

void aor_l1_free(aor_l1_t *l1);

/*
 * Copy the value cached for (ctx, token) into buf (AOR_L1_VALUE_MAX
 * bytes); returns its length, or 0 on a miss.
 */
size_t aor_l1_get(aor_l1_t *l1, uint64_t ctx, const char *token,
                  size_t len, unsigned char *buf);

/* Cache value for (ctx, token), replacing the slot's previous entry. */
void aor_l1_put(aor_l1_t *l1, uint64_t ctx, const char *token, size_t len,
                const unsigned char *value, size_t vlen);

#endif /* AOR_L1_H */
