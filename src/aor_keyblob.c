/*
 * aor_keyblob.c - key set <-> bytes (layout in aor_keyblob.h).
 *
 * The decoder reads bytes other processes wrote: every length is checked
 * against what is left before it is used.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "aor_keyblob.h"

#define BLOB_MAGIC      "AOR"
#define BLOB_VERSION    1
#define BLOB_HEAD       8       /* magic 3, version 1, count 4 */
#define ENTRY_HEAD      10      /* origin, kty, alg, kid_len 2, mat_len 4, 1 */
#define ALG_ANY         255

typedef struct {
    unsigned char *buf;
    size_t len, cap;
} buf_t;

static int buf_put(buf_t *b, const void *data, size_t n)
{
    unsigned char *grown;
    size_t cap;

    if (n == 0)
        return 0;
    if (b->len + n > b->cap) {
        cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n)
            cap *= 2;
        grown = realloc(b->buf, cap);
        if (grown == NULL)
            return -1;
        b->buf = grown;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, data, n);
    b->len += n;
    return 0;
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
    int i;

    for (i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_le(const unsigned char *p, int bytes)
{
    uint32_t v = 0;
    int i;

    for (i = bytes - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static aor_status_t encode_key(buf_t *b, const aor_key_t *key,
                               aor_key_origin_t origin, aor_error_t *err)
{
    unsigned char head[ENTRY_HEAD], *mat = NULL;
    const char *kid = aor_key_kid(key);
    size_t kid_len = kid ? strlen(kid) : 0, mat_len = 0;
    aor_status_t st;

    if (kid_len > 0xffff)
        return aor_error_set(err, AOR_E_CONFIG, "kid too long");
    st = aor_key_material(key, &mat, &mat_len, err);
    if (st != AOR_OK)
        return st;
    head[0] = (unsigned char)origin;
    head[1] = (unsigned char)aor_key_type(key);
    head[2] = aor_key_alg(key) == AOR_ALG_COUNT
        ? ALG_ANY : (unsigned char)aor_key_alg(key);
    put_le(head + 3, (uint32_t)kid_len, 2);
    put_le(head + 5, (uint32_t)mat_len, 4);
    head[9] = 0;
    if (buf_put(b, head, sizeof(head)) || buf_put(b, kid, kid_len)
        || buf_put(b, mat, mat_len))
        st = aor_error_set(err, AOR_E_NOMEM, "out of memory");
    if (aor_key_type(key) == AOR_KTY_OCT)
        OPENSSL_cleanse(mat, mat_len);
    free(mat);
    return st;
}

aor_status_t aor_keyblob_encode(const aor_keyset_t *const *sets, size_t n,
                                unsigned char **out, size_t *len,
                                aor_error_t *err)
{
    unsigned char head[BLOB_HEAD];
    buf_t b = { NULL, 0, 0 };
    aor_status_t st = AOR_OK;
    aor_key_origin_t origin;
    uint32_t count = 0;
    size_t s, i;

    *out = NULL;
    memcpy(head, BLOB_MAGIC, 3);
    head[3] = BLOB_VERSION;
    if (buf_put(&b, head, sizeof(head)))
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    for (s = 0; s < n && st == AOR_OK; s++) {
        for (i = 0; sets[s] && i < aor_keyset_count(sets[s]); i++) {
            const aor_key_t *key = aor_keyset_get(sets[s], i, &origin);

            if (key == NULL)
                continue;
            st = encode_key(&b, key, origin, err);
            if (st != AOR_OK)
                break;
            count++;
        }
    }
    if (st != AOR_OK) {
        free(b.buf);
        return st;
    }
    put_le(b.buf + 4, count, 4);
    *out = b.buf;
    *len = b.len;
    return AOR_OK;
}

static aor_status_t decode_material(unsigned kty, const unsigned char *mat,
                                    size_t len, aor_key_t **key,
                                    aor_error_t *err)
{
    const unsigned char *p = mat;
    EVP_PKEY *pkey;

    if (kty == AOR_KTY_OCT)
        return aor_key_from_secret(mat, len, key, err);
    pkey = d2i_PUBKEY(NULL, &p, (long)len);
    if (pkey == NULL || p != mat + len) {
        EVP_PKEY_free(pkey);
        return aor_error_ssl(err, AOR_E_CONFIG, "bad key material in blob");
    }
    return aor_key_from_pkey(pkey, key, err);
}

/* Decode one entry at *pos; advances *pos. */
static aor_status_t decode_entry(const unsigned char *blob, size_t len,
                                 size_t *pos, aor_keyset_t *ks,
                                 aor_error_t *err)
{
    const unsigned char *e = blob + *pos;
    size_t kid_len, mat_len;
    aor_key_t *key = NULL;
    char *kid;
    aor_status_t st;

    if (len - *pos < ENTRY_HEAD)
        return aor_error_set(err, AOR_E_CONFIG, "truncated key blob");
    kid_len = get_le(e + 3, 2);
    mat_len = get_le(e + 5, 4);
    if (len - *pos - ENTRY_HEAD < kid_len
        || len - *pos - ENTRY_HEAD - kid_len < mat_len || e[0] > 1
        || e[1] > AOR_KTY_OKP || (e[2] != ALG_ANY && e[2] >= AOR_ALG_COUNT))
        return aor_error_set(err, AOR_E_CONFIG, "corrupt key blob entry");
    st = decode_material(e[1], e + ENTRY_HEAD + kid_len, mat_len, &key, err);
    if (st != AOR_OK)
        return st;
    if (e[2] != ALG_ANY)
        aor_key_set_alg(key, (aor_alg_t)e[2]);
    if (kid_len > 0) {
        kid = malloc(kid_len + 1);
        if (kid == NULL) {
            aor_key_free(key);
            return aor_error_set(err, AOR_E_NOMEM, "out of memory");
        }
        memcpy(kid, e + ENTRY_HEAD, kid_len);
        kid[kid_len] = '\0';
        st = aor_key_set_kid(key, kid);
        free(kid);
        if (st != AOR_OK) {
            aor_key_free(key);
            return aor_error_set(err, AOR_E_NOMEM, "out of memory");
        }
    }
    *pos += ENTRY_HEAD + kid_len + mat_len;
    return aor_keyset_add(ks, key, (aor_key_origin_t)e[0], err);
}

aor_status_t aor_keyblob_decode(const unsigned char *blob, size_t len,
                                aor_keyset_t **out, aor_error_t *err)
{
    aor_keyset_t *ks;
    aor_status_t st = AOR_OK;
    size_t pos = BLOB_HEAD;
    uint32_t count, i;

    *out = NULL;
    if (len < BLOB_HEAD || memcmp(blob, BLOB_MAGIC, 3) != 0
        || blob[3] != BLOB_VERSION)
        return aor_error_set(err, AOR_E_CONFIG, "not a key blob");
    count = get_le(blob + 4, 4);
    ks = aor_keyset_new();
    if (ks == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    for (i = 0; i < count && st == AOR_OK; i++)
        st = decode_entry(blob, len, &pos, ks, err);
    if (st == AOR_OK && pos != len)
        st = aor_error_set(err, AOR_E_CONFIG, "trailing bytes in key blob");
    if (st != AOR_OK) {
        aor_keyset_free(ks);
        return st;
    }
    *out = ks;
    return AOR_OK;
}
