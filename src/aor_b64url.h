/*
 * aor_b64url.h - strict base64url (RFC 4648 section 5, RFC 7515 section 2).
 *
 * Only the canonical unpadded form is accepted: the URL-safe alphabet, no
 * '=', no whitespace, a length that is not 1 modulo 4, and zero bits in the
 * unused low bits of the last character.  Anything else is rejected, so one
 * byte string has exactly one accepted encoding.
 */
#ifndef AOR_B64URL_H
#define AOR_B64URL_H

#include <stddef.h>

/* Upper bound of the decoded size of len encoded characters. */
#define AOR_B64URL_DECODED_MAX(len) (((len) / 4) * 3 + 2)

/* Size of the encoding of len bytes, without the terminating NUL. */
#define AOR_B64URL_ENCODED_LEN(len) (((len) / 3) * 4 + ((len) % 3 ? (len) % 3 + 1 : 0))

/*
 * Decode src[0..len) into out, which must hold AOR_B64URL_DECODED_MAX(len)
 * bytes.  Returns 0 and sets *outlen, or -1 when src is not canonical
 * base64url (out is then unspecified).
 */
int aor_b64url_decode(const char *src, size_t len,
                      unsigned char *out, size_t *outlen);

/*
 * Encode src[0..len) into out, which must hold AOR_B64URL_ENCODED_LEN(len)
 * + 1 bytes; out is NUL-terminated.  Returns the encoded length.
 */
size_t aor_b64url_encode(const unsigned char *src, size_t len, char *out);

#endif /* AOR_B64URL_H */
