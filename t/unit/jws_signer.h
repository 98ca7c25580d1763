/*
 * jws_signer.h - test-only key generation and JWS signing with OpenSSL.
 *
 * The module only verifies; the unit tests need tokens.  This signer is
 * written against OpenSSL and RFC 7515/7518 directly and shares no code
 * with src/ except the base64url encoder (whose own tests pin it down).
 * Everything returned is malloc'ed; free with free() / EVP_PKEY_free().
 */
#ifndef JWS_SIGNER_H
#define JWS_SIGNER_H

#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "aor_b64url.h"

#define SIGNER_UNUSED __attribute__((unused))

/* A fresh private key: "RSA" (bits), "EC" (curve name), "ED25519". */
static SIGNER_UNUSED EVP_PKEY *signer_keygen(const char *type,
                                             const char *curve, size_t bits)
{
    if (strcmp(type, "RSA") == 0)
        return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", bits);
    if (strcmp(type, "EC") == 0)
        return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
    return EVP_PKEY_Q_keygen(NULL, NULL, type);
}

/* The contents of a memory BIO as NUL-terminated text; frees the BIO. */
static SIGNER_UNUSED char *signer_bio_text(BIO *bio)
{
    char *data, *copy;
    long len = BIO_get_mem_data(bio, &data);

    copy = malloc((size_t)len + 1);
    memcpy(copy, data, (size_t)len);
    copy[len] = '\0';
    BIO_free(bio);
    return copy;
}

/* The public key of pkey as PEM text ("PUBLIC KEY"), NUL-terminated. */
static SIGNER_UNUSED char *signer_public_pem(EVP_PKEY *pkey)
{
    BIO *bio = BIO_new(BIO_s_mem());

    PEM_write_bio_PUBKEY(bio, pkey);
    return signer_bio_text(bio);
}

/* The private key of pkey as PEM text, NUL-terminated. */
static SIGNER_UNUSED char *signer_private_pem(EVP_PKEY *pkey)
{
    BIO *bio = BIO_new(BIO_s_mem());

    PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL);
    return signer_bio_text(bio);
}

static SIGNER_UNUSED char *signer_b64(const void *data, size_t len)
{
    char *out = malloc(AOR_B64URL_ENCODED_LEN(len) + 1);

    aor_b64url_encode(data, len, out);
    return out;
}

/* Raw R||S of coord bytes each from a DER ECDSA signature. */
static SIGNER_UNUSED size_t signer_der_to_raw(const unsigned char *der,
                                              size_t der_len, size_t coord,
                                              unsigned char *raw)
{
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    const BIGNUM *r, *s;

    ECDSA_SIG_get0(sig, &r, &s);
    BN_bn2binpad(r, raw, (int)coord);
    BN_bn2binpad(s, raw + coord, (int)coord);
    ECDSA_SIG_free(sig);
    return 2 * coord;
}

/*
 * Sign input with alg ("RS256", "PS384", "ES512", "EdDSA", ...) and pkey,
 * or with secret for HS*.  Returns the signature bytes in sig (up to 1024)
 * and their length.
 */
static SIGNER_UNUSED size_t signer_sign(const char *alg, EVP_PKEY *pkey,
                          const unsigned char *secret, size_t secret_len,
                          const char *input, unsigned char *sig)
{
    const char *md = strstr(alg, "256") ? "SHA256"
        : strstr(alg, "384") ? "SHA384" : "SHA512";
    unsigned char der[1024];
    size_t len = sizeof(der), coord;
    EVP_MD_CTX *mctx;
    EVP_PKEY_CTX *pctx = NULL;

    if (alg[0] == 'H') {
        EVP_Q_mac(NULL, "HMAC", NULL, md, NULL, secret, secret_len,
                  (const unsigned char *)input, strlen(input), sig, 1024,
                  &len);
        return len;
    }
    mctx = EVP_MD_CTX_new();
    EVP_DigestSignInit_ex(mctx, &pctx, strcmp(alg, "EdDSA") ? md : NULL,
                          NULL, NULL, pkey, NULL);
    if (alg[0] == 'P') {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    EVP_DigestSign(mctx, der, &len, (const unsigned char *)input,
                   strlen(input));
    EVP_MD_CTX_free(mctx);
    if (alg[0] != 'E' || alg[1] != 'S') {
        memcpy(sig, der, len);
        return len;
    }
    coord = strstr(alg, "256") ? 32 : strstr(alg, "384") ? 48 : 66;
    return signer_der_to_raw(der, len, coord, sig);
}

/*
 * A compact JWS of header_json and payload_json signed as alg.  The header
 * is used as given (it need not name alg: attacks need that freedom).
 */
static SIGNER_UNUSED char *signer_jws(const char *header_json,
                                      const char *payload_json,
                                      const char *alg, EVP_PKEY *pkey,
                                      const unsigned char *secret,
                                      size_t secret_len)
{
    char *h = signer_b64(header_json, strlen(header_json));
    char *p = signer_b64(payload_json, strlen(payload_json));
    size_t ilen = strlen(h) + 1 + strlen(p);
    char *input = malloc(ilen + 1), *s, *out;
    unsigned char sig[1024];
    size_t slen;

    strcpy(input, h);
    strcat(input, ".");
    strcat(input, p);
    slen = signer_sign(alg, pkey, secret, secret_len, input, sig);
    s = signer_b64(sig, slen);
    out = malloc(ilen + 1 + strlen(s) + 1);
    strcpy(out, input);
    strcat(out, ".");
    strcat(out, s);
    free(h);
    free(p);
    free(s);
    free(input);
    return out;
}

#endif /* JWS_SIGNER_H */
