/*
 * test_b64url.c - unit tests of aor_b64url (strict base64url, RFC 4648
 * section 5 as profiled by RFC 7515 section 2).
 *
 * The decoder is the first code that touches untrusted token bytes, so
 * most vectors here are encodings it must refuse: one byte string has
 * exactly one accepted encoding.  Decoded output always goes to a heap
 * buffer of exactly AOR_B64URL_DECODED_MAX(len) bytes so that AddressSanitizer
 * catches any write past the documented bound.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "aor_b64url.h"
#include "tap.h"

typedef struct {
    const char *name;
    const char *in;         /* encoded input                         */
    size_t len;             /* its length (may cover embedded NULs)  */
    int ok;                 /* 1: must decode, 0: must be rejected   */
    const char *out;        /* expected bytes when ok                */
    size_t out_len;
} decode_vector_t;

#define V(s) s, sizeof(s) - 1

static const decode_vector_t decode_vectors[] = {
    /* RFC 4648 section 10 vectors, unpadded */
    { "rfc4648-empty",  V(""),         1, V("") },
    { "rfc4648-f",      V("Zg"),       1, V("f") },
    { "rfc4648-fo",     V("Zm8"),      1, V("fo") },
    { "rfc4648-foo",    V("Zm9v"),     1, V("foo") },
    { "rfc4648-foob",   V("Zm9vYg"),   1, V("foob") },
    { "rfc4648-fooba",  V("Zm9vYmE"),  1, V("fooba") },
    { "rfc4648-foobar", V("Zm9vYmFy"), 1, V("foobar") },
    /* the two URL-safe characters decode to 62 and 63 */
    { "url-safe-minus-underscore", V("-_8"), 1, V("\xfb\xff") },
    { "jose-header", V("eyJhbGciOiJSUzI1NiJ9"), 1, V("{\"alg\":\"RS256\"}") },
    { "canonical-QQ", V("QQ"), 1, V("A") },
    { "canonical-QUE", V("QUE"), 1, V("AA") },

    /* unused trailing bits must be zero: else "QR" would alias "QQ" */
    { "noncanonical-QR", V("QR"), 0, V("") },
    /* the lowest unused bit of a 2-char tail */
    { "noncanonical-QB", V("QB"), 0, V("") },
    /* the highest unused bit of a 2-char tail */
    { "noncanonical-QY", V("QY"), 0, V("") },
    /* a 3-char tail has 2 unused bits: "QUF" would alias "QUE" */
    { "noncanonical-QUF", V("QUF"), 0, V("") },
    { "noncanonical-QUG", V("QUG"), 0, V("") },
    /* non-canonical tail after a full quantum */
    { "noncanonical-tail-after-quantum", V("Zm9vYh"), 0, V("") },

    /* padding is not part of the JWS encoding (RFC 7515 2) */
    { "padding-double", V("QQ=="), 0, V("") },
    { "padding-single", V("QUE="), 0, V("") },
    { "padding-only", V("===="), 0, V("") },
    { "padding-in-middle", V("QQ==QUFB"), 0, V("") },
    /* standard alphabet: a second spelling of the same bytes */
    { "std-alphabet-plus", V("+/8"), 0, V("") },
    { "std-alphabet-plus-only", V("ab+c"), 0, V("") },
    { "std-alphabet-slash-only", V("ab/c"), 0, V("") },
    /* whitespace lets one token have many spellings */
    { "whitespace-space", V("Zm9v Yg"), 0, V("") },
    { "whitespace-newline", V("Zm9v\nYmFy"), 0, V("") },
    { "whitespace-crlf", V("Zm9vYmFy\r\n"), 0, V("") },
    { "whitespace-tab", V("\tZm9v"), 0, V("") },
    { "whitespace-leading-space", V(" Zm9v"), 0, V("") },
    /* one leftover character carries only 6 bits: never a whole byte */
    { "length-mod4-1-single", V("Q"), 0, V("") },
    { "length-mod4-1-five", V("Zm9vY"), 0, V("") },
    { "length-mod4-1-nine", V("Zm9vYmFyZ"), 0, V("") },
    /* ... even when its bits are zero, so the canonical check alone
     * cannot catch it */
    { "length-mod4-1-zero-bits", V("A"), 0, V("") },
    { "length-mod4-1-zero-tail", V("Zm9vA"), 0, V("") },
    { "length-mod4-1-all-zero", V("AAAAA"), 0, V("") },
    /* a UTF-8 BOM in front of a segment is not base64url (SPEC 4.11) */
    { "utf8-bom-prefix", V("\xef\xbb\xbfZm9v"), 0, V("") },
    { "utf8-bom-alone", V("\xef\xbb\xbf"), 0, V("") },
    /* an embedded NUL must not end the string early */
    { "embedded-nul", V("Zm9v\0Zm9v"), 0, V("") },
    { "trailing-nul", V("Zm9vYg\0"), 0, V("") },
    /* other punctuation and the JWS separator */
    { "dot-separator", V("Zm9v.Zm9v"), 0, V("") },
    { "percent-encoded", V("Zm9v%3D"), 0, V("") },
    { "high-bit-byte", V("Zm9\xc3"), 0, V("") },
};

static void test_decode_vectors(void)
{
    size_t i;

    for (i = 0; i < sizeof(decode_vectors) / sizeof(decode_vectors[0]);
         i++) {
        const decode_vector_t *v = &decode_vectors[i];
        unsigned char *out = malloc(AOR_B64URL_DECODED_MAX(v->len));
        size_t out_len = (size_t)-1;
        int rc = aor_b64url_decode(v->in, v->len, out, &out_len);

        if (v->ok) {
            is_int(rc, 0, "decode %s: accepted", v->name);
            is_int(out_len, v->out_len, "decode %s: length", v->name);
            ok(rc == 0 && out_len == v->out_len
               && memcmp(out, v->out, v->out_len) == 0,
               "decode %s: bytes", v->name);
        }
        else {
            is_int(rc, -1, "decode %s: rejected", v->name);
        }
        free(out);
    }
}

typedef struct {
    const char *name;
    const char *in;
    size_t len;
    const char *out;
} encode_vector_t;

static const encode_vector_t encode_vectors[] = {
    { "rfc4648-empty",  V(""),       "" },
    { "rfc4648-f",      V("f"),      "Zg" },
    { "rfc4648-fo",     V("fo"),     "Zm8" },
    { "rfc4648-foo",    V("foo"),    "Zm9v" },
    { "rfc4648-foob",   V("foob"),   "Zm9vYg" },
    { "rfc4648-fooba",  V("fooba"),  "Zm9vYmE" },
    { "rfc4648-foobar", V("foobar"), "Zm9vYmFy" },
    /* 62 and 63 must use the URL-safe characters, never '+' '/' */
    { "url-safe-output", V("\xfb\xff"), "-_8" },
    { "all-ones", V("\xff\xff\xff"), "____" },
    { "all-zero", V("\0\0\0\0"), "AAAAAA" },
};

static void test_encode_vectors(void)
{
    size_t i;

    for (i = 0; i < sizeof(encode_vectors) / sizeof(encode_vectors[0]);
         i++) {
        const encode_vector_t *v = &encode_vectors[i];
        char *out = malloc(AOR_B64URL_ENCODED_LEN(v->len) + 1);
        size_t n = aor_b64url_encode((const unsigned char *)v->in, v->len,
                                     out);

        is_int(n, strlen(v->out), "encode %s: length", v->name);
        is_str(out, v->out, "encode %s: text", v->name);
        free(out);
    }
}

/* OpenSSL's standard base64, translated to base64url without padding. */
static size_t reference_encode(const unsigned char *src, size_t len,
                               char *out)
{
    int n = EVP_EncodeBlock((unsigned char *)out, src, (int)len);
    int i;

    while (n > 0 && out[n - 1] == '=')
        n--;
    out[n] = '\0';
    for (i = 0; i < n; i++) {
        if (out[i] == '+')
            out[i] = '-';
        else if (out[i] == '/')
            out[i] = '_';
    }
    return (size_t)n;
}

/*
 * Every length 0..64 of varied bytes: the encoding matches OpenSSL's, has
 * the documented length, and decodes back to the same bytes.
 */
static void test_round_trip(void)
{
    unsigned char src[64], *dec;
    char enc[AOR_B64URL_ENCODED_LEN(64) + 1], ref[4 * 22 + 1];
    size_t len, i, n, dec_len;
    int bad_ref = 0, bad_len = 0, bad_dec = 0;

    for (i = 0; i < sizeof(src); i++)
        src[i] = (unsigned char)(i * 167 + 13 + (i >> 2));
    for (len = 0; len <= sizeof(src); len++) {
        n = aor_b64url_encode(src, len, enc);
        reference_encode(src, len, ref);
        if (strcmp(enc, ref) != 0) {
            bad_ref++;
            tap_diag("len %zu: got '%s', OpenSSL says '%s'", len, enc, ref);
        }
        if (n != AOR_B64URL_ENCODED_LEN(len) || strlen(enc) != n)
            bad_len++;
        dec = malloc(AOR_B64URL_DECODED_MAX(n));
        dec_len = (size_t)-1;
        if (aor_b64url_decode(enc, n, dec, &dec_len) != 0
            || dec_len != len || memcmp(dec, src, len) != 0) {
            bad_dec++;
            tap_diag("len %zu: round trip failed", len);
        }
        free(dec);
    }
    is_int(bad_ref, 0, "round trip 0..64: encoding equals OpenSSL's");
    is_int(bad_len, 0, "round trip 0..64: AOR_B64URL_ENCODED_LEN exact");
    is_int(bad_dec, 0, "round trip 0..64: decode(encode(x)) == x");
}

static int in_alphabet(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Every byte value in a full quantum: accepted iff in the alphabet. */
static void test_every_byte(void)
{
    unsigned char out[AOR_B64URL_DECODED_MAX(4)];
    char in[4] = { 'A', 'A', 'A', 'A' };
    size_t out_len;
    int c, wrong = 0, accepted = 0;

    for (c = 0; c < 256; c++) {
        int rc;

        in[1] = (char)c;
        rc = aor_b64url_decode(in, sizeof(in), out, &out_len);
        if ((rc == 0) != in_alphabet(c)) {
            wrong++;
            tap_diag("byte 0x%02x: rc %d", c, rc);
        }
        accepted += rc == 0;
    }
    is_int(wrong, 0, "every byte: only the 64 URL-safe characters decode");
    is_int(accepted, 64, "every byte: exactly 64 accepted");
}

/*
 * For every final character of a 2- and 3-character tail, exactly the
 * canonical ones (low 4 resp. 2 bits zero) decode.
 */
static void test_tail_canonical(void)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char out[AOR_B64URL_DECODED_MAX(3)];
    char in2[2] = { 'Q', 'A' }, in3[3] = { 'Q', 'U', 'A' };
    size_t out_len;
    int v, wrong2 = 0, wrong3 = 0;

    for (v = 0; v < 64; v++) {
        in2[1] = alphabet[v];
        in3[2] = alphabet[v];
        if ((aor_b64url_decode(in2, 2, out, &out_len) == 0)
            != ((v & 0x0f) == 0))
            wrong2++;
        if ((aor_b64url_decode(in3, 3, out, &out_len) == 0)
            != ((v & 0x03) == 0))
            wrong3++;
    }
    is_int(wrong2, 0, "2-char tail: only low-4-bits-zero finals accepted");
    is_int(wrong3, 0, "3-char tail: only low-2-bits-zero finals accepted");
}

/* The decoder must honour len, not a NUL terminator. */
static void test_length_bound(void)
{
    unsigned char out[AOR_B64URL_DECODED_MAX(8)];
    size_t out_len = 0;

    is_int(aor_b64url_decode("Zm9vYmFy", 4, out, &out_len), 0,
           "prefix of a longer string: accepted");
    is_int(out_len, 3, "prefix of a longer string: 3 bytes");
    ok(memcmp(out, "foo", 3) == 0, "prefix of a longer string: 'foo'");
    is_int(aor_b64url_decode("QR", 0, out, &out_len), 0,
           "len 0 ignores the bytes after it");
    is_int(out_len, 0, "len 0 decodes to nothing");
}

static void test_size_macros(void)
{
    is_int(AOR_B64URL_ENCODED_LEN(0), 0, "ENCODED_LEN(0)");
    is_int(AOR_B64URL_ENCODED_LEN(1), 2, "ENCODED_LEN(1)");
    is_int(AOR_B64URL_ENCODED_LEN(2), 3, "ENCODED_LEN(2)");
    is_int(AOR_B64URL_ENCODED_LEN(3), 4, "ENCODED_LEN(3)");
    is_int(AOR_B64URL_ENCODED_LEN(32), 43, "ENCODED_LEN(32)");
    is_int(AOR_B64URL_ENCODED_LEN(256), 342, "ENCODED_LEN(256)");
    ok(AOR_B64URL_DECODED_MAX(2) >= 1, "DECODED_MAX(2) holds 1 byte");
    ok(AOR_B64URL_DECODED_MAX(3) >= 2, "DECODED_MAX(3) holds 2 bytes");
    ok(AOR_B64URL_DECODED_MAX(342) >= 256, "DECODED_MAX(342) holds 256");
}

int main(void)
{
    test_decode_vectors();
    test_encode_vectors();
    test_round_trip();
    test_every_byte();
    test_tail_canonical();
    test_length_bound();
    test_size_macros();
    return tap_done();
}
