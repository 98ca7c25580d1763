/*
 * aor_keyblob.h - key sets as position-independent bytes, for shared
 * memory: offsets and lengths, never pointers.
 *
 *   +------+---------+-------+-------------+-----+-------------+
 *   | "AOR" | version | count | key entry 1 | ... | key entry N |
 *   +------+---------+-------+-------------+-----+-------------+
 *     3+1 bytes  u8      u32
 *
 *   key entry:
 *   +--------+-----+-----+---------+---------+----------+-----+----------+
 *   | origin | kty | alg | kid_len | mat_len | reserved | kid | material |
 *   +--------+-----+-----+---------+---------+----------+-----+----------+
 *       u8     u8    u8     u16       u32       u8
 *
 * Integers are little-endian.  material is the DER SubjectPublicKeyInfo of
 * an asymmetric key, the secret of an oct key.  alg 255: no restriction.
 * Decoding rebuilds every key through aor_key_from_pkey/_from_secret, so
 * a blob meets the same checks as the configuration it came from.
 */
#ifndef AOR_KEYBLOB_H
#define AOR_KEYBLOB_H

#include <stddef.h>

#include "aor_err.h"
#include "aor_keyset.h"

/*
 * Encode the keys of sets[0..n) (NULL entries skipped), in order, into a
 * malloc'ed blob (*out, free()) of *len bytes.
 */
aor_status_t aor_keyblob_encode(const aor_keyset_t *const *sets, size_t n,
                                unsigned char **out, size_t *len,
                                aor_error_t *err);

/* Decode blob[0..len) into a new key set (*out, owned). */
aor_status_t aor_keyblob_decode(const unsigned char *blob, size_t len,
                                aor_keyset_t **out, aor_error_t *err);

#endif /* AOR_KEYBLOB_H */
