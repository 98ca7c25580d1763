/*
 * aor_b64url.c - strict base64url codec.
 *
 * Table driven, no allocation.  The decoder is the first thing that touches
 * untrusted token bytes: it must reject, never guess.
 */
#include <stdint.h>

#include "aor_b64url.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Value of each byte in the alphabet; 0xff: not in it. */
static const unsigned char values[256] = {
#define X 0xff
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, 62, X, X,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X, X, X, X, X, X,
    X, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X, X, X, X, 63,
    X, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X
#undef X
};

int aor_b64url_decode(const char *src, size_t len,
                      unsigned char *out, size_t *outlen)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0, n = 0, rest = len % 4;
    uint32_t v, bad;

    if (rest == 1)
        return -1;
    /* whole quanta: 4 characters, 3 bytes */
    for (; i + 4 <= len; i += 4) {
        bad = values[s[i]] | values[s[i + 1]] | values[s[i + 2]]
            | values[s[i + 3]];
        if (bad & 0x80)
            return -1;
        v = (uint32_t)values[s[i]] << 18 | (uint32_t)values[s[i + 1]] << 12
            | (uint32_t)values[s[i + 2]] << 6 | values[s[i + 3]];
        out[n++] = (unsigned char)(v >> 16);
        out[n++] = (unsigned char)(v >> 8);
        out[n++] = (unsigned char)v;
    }
    if (rest > 0) {
        /* 2 characters: 1 byte + 4 spare bits; 3: 2 bytes + 2 spare bits */
        bad = values[s[i]] | values[s[i + 1]]
            | (rest == 3 ? values[s[i + 2]] : 0);
        if (bad & 0x80)
            return -1;
        v = (uint32_t)values[s[i]] << 18 | (uint32_t)values[s[i + 1]] << 12
            | (rest == 3 ? (uint32_t)values[s[i + 2]] << 6 : 0);
        /* canonical: the spare bits must be zero */
        if (v & (rest == 2 ? 0xffffu : 0xffu))
            return -1;
        out[n++] = (unsigned char)(v >> 16);
        if (rest == 3)
            out[n++] = (unsigned char)(v >> 8);
    }
    *outlen = n;
    return 0;
}

size_t aor_b64url_encode(const unsigned char *src, size_t len, char *out)
{
    uint32_t acc = 0;
    size_t i, n = 0;
    int bits = 0;

    for (i = 0; i < len; i++) {
        acc = (acc << 8) | src[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[n++] = alphabet[(acc >> bits) & 0x3f];
        }
        acc &= (1u << bits) - 1;
    }
    if (bits > 0)
        out[n++] = alphabet[(acc << (6 - bits)) & 0x3f];
    out[n] = '\0';
    return n;
}
