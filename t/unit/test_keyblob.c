/*
 * test_keyblob.c - aor_keyblob: key sets through bytes and back, with
 * kids, JWK alg restrictions, origins and fingerprints intact; corrupt
 * and truncated blobs refused.
 */
#include "aor_keyblob.h"
#include "jws_signer.h"
#include "tap.h"

static aor_keyset_t *sample(void)
{
    static const struct { const char *type, *curve; } c[] = {
        { "RSA", NULL }, { "EC", "P-384" }, { "ED448", NULL },
    };
    aor_keyset_t *ks = aor_keyset_new();
    unsigned char secret[48];
    aor_key_t *key = NULL;
    aor_error_t err;
    size_t i;

    for (i = 0; i < 3; i++) {
        aor_key_from_pkey(signer_keygen(c[i].type, c[i].curve, 2048), &key,
                          &err);
        if (i == 1) {
            aor_key_set_kid(key, "ec-kid");
            aor_key_set_alg(key, AOR_ALG_ES384);
        }
        aor_keyset_add(ks, key, i == 2 ? AOR_KEY_FROM_STATIC
                                       : AOR_KEY_FROM_JWKS, &err);
    }
    memset(secret, 7, sizeof(secret));
    aor_key_from_secret(secret, sizeof(secret), &key, &err);
    aor_keyset_add(ks, key, AOR_KEY_FROM_STATIC, &err);
    return ks;
}

int main(void)
{
    aor_keyset_t *ks = sample(), *back = NULL;
    const aor_keyset_t *sets[2];
    unsigned char *blob = NULL, *twice = NULL;
    size_t len = 0, len2 = 0, i, cut, refused = 0;
    aor_key_origin_t o1, o2;
    aor_error_t err;

    sets[0] = ks;
    is_int(aor_keyblob_encode(sets, 1, &blob, &len, &err), AOR_OK, "encode");
    is_int(aor_keyblob_decode(blob, len, &back, &err), AOR_OK, "decode");
    is_int(aor_keyset_count(back), 4, "four keys back");
    for (i = 0; i < 4 && back; i++) {
        const aor_key_t *a = aor_keyset_get(ks, i, &o1);
        const aor_key_t *b = aor_keyset_get(back, i, &o2);

        ok(aor_key_fingerprint(a) == aor_key_fingerprint(b),
           "key %zu: same fingerprint", i);
        is_int(aor_key_type(b), aor_key_type(a), "key %zu: type", i);
        is_int(aor_key_alg(b), aor_key_alg(a), "key %zu: alg", i);
        is_int(o2, o1, "key %zu: origin", i);
        is_str(aor_key_kid(b), aor_key_kid(a), "key %zu: kid", i);
    }
    ok(aor_keyset_has_fingerprint(back,
                                  aor_key_fingerprint(aor_keyset_get(ks, 3,
                                                                     NULL))),
       "fingerprint lookup");
    ok(!aor_keyset_has_fingerprint(back, 12345), "unknown fingerprint");
    /* two sets concatenate */
    sets[1] = back;
    aor_keyblob_encode(sets, 2, &twice, &len2, &err);
    aor_keyset_free(back);
    back = NULL;
    is_int(aor_keyblob_decode(twice, len2, &back, &err), AOR_OK,
           "two sets decode");
    is_int(aor_keyset_count(back), 8, "eight keys");
    aor_keyset_free(back);
    /* truncated-blob: every strict prefix is refused, none crashes */
    for (cut = 0; cut < len; cut++) {
        back = NULL;
        if (aor_keyblob_decode(blob, cut, &back, &err) != AOR_OK
            && back == NULL)
            refused++;
        aor_keyset_free(back);
    }
    is_int(refused, len, "all %zu truncations refused", len);
    /* corrupt-blob: a flipped kty byte is refused */
    blob[9] = 9;
    back = NULL;
    is_int(aor_keyblob_decode(blob, len, &back, &err), AOR_E_CONFIG,
           "corrupt entry refused");
    is_int(aor_keyblob_decode((const unsigned char *)"XYZ", 3, &back, &err),
           AOR_E_CONFIG, "not a blob");
    free(blob);
    free(twice);
    aor_keyset_free(ks);
    return tap_done();
}
