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

/* Value of an alphabet character, or -1. */
static int b64url_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

int aor_b64url_decode(const char *src, size_t len,
                      unsigned char *out, size_t *outlen)
{
    uint32_t acc = 0;
    size_t i, n = 0;
    int bits = 0, v;

    if (len % 4 == 1)
        return -1;
    for (i = 0; i < len; i++) {
        v = b64url_value((unsigned char)src[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    /* canonical: the bits left over must be zero */
    if (acc != 0)
        return -1;
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
