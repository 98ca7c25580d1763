/*
 * aor_err.c - the error record and the client-visible reasons.
 *
 * Owns the wording a client sees after "Invalid token: " (PyJWT's wording
 * where AgentOS would show PyJWT's).  Must not format anything that came
 * from a token.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "aor_err.h"

static void error_vformat(aor_error_t *err, const char *fmt, va_list ap)
{
    vsnprintf(err->text, sizeof(err->text), fmt, ap);
}

aor_status_t aor_error_set(aor_error_t *err, aor_status_t status,
                           const char *fmt, ...)
{
    va_list ap;

    if (err != NULL) {
        va_start(ap, fmt);
        error_vformat(err, fmt, ap);
        va_end(ap);
    }
    return status;
}

aor_status_t aor_error_ssl(aor_error_t *err, aor_status_t status,
                           const char *fmt, ...)
{
    va_list ap;
    unsigned long code = ERR_peek_error();
    size_t used;

    if (err != NULL) {
        va_start(ap, fmt);
        error_vformat(err, fmt, ap);
        va_end(ap);
        used = strlen(err->text);
        if (code != 0 && used + 3 < sizeof(err->text)) {
            memcpy(err->text + used, ": ", 3);
            ERR_error_string_n(code, err->text + used + 2,
                               sizeof(err->text) - used - 2);
        }
    }
    ERR_clear_error();
    return status;
}

const char *aor_status_reason(aor_status_t status)
{
    switch (status) {
    case AOR_OK:              return "OK";
    case AOR_E_TOO_LARGE:     return "Token is too large";
    case AOR_E_MALFORMED:     return "Malformed token";
    case AOR_E_ALG:           return "The specified alg value is not allowed";
    case AOR_E_HEADER:        return "Unsupported header parameter";
    case AOR_E_NO_KEY:
    case AOR_E_KID_UNKNOWN:   return "Unable to find a signing key that matches";
    case AOR_E_SIGNATURE:     return "Signature verification failed";
    case AOR_E_CLAIM_TYPE:    return "A registered claim has an invalid type";
    case AOR_E_IAT:           return "The token is not yet valid (iat)";
    case AOR_E_NBF:           return "The token is not yet valid (nbf)";
    case AOR_E_EXPIRED:       return "Signature has expired";
    case AOR_E_EXP_MISSING:   return "Token is missing the \"exp\" claim";
    case AOR_E_ISS_MISSING:   return "Token is missing the \"iss\" claim";
    case AOR_E_ISSUER:        return "Invalid issuer";
    case AOR_E_AUD_MISSING:   return "Token is missing the \"aud\" claim";
    case AOR_E_AUDIENCE:      return "Invalid audience";
    case AOR_E_SUBJECT_TYPE:  return "Subject must be a string";
    case AOR_E_SUBJECT:       return "Invalid subject";
    case AOR_E_CONTROL_CHAR:  return "Claim value contains a control character";
    case AOR_E_SCOPES:        return "Scopes must be strings";
    case AOR_E_CONFIG:
    case AOR_E_NOMEM:
    case AOR_E_INTERNAL:      break;
    }
    return "Internal error";
}
