/*
 * aor_err.h - status codes and the error record of the core.
 *
 * Every core function that can fail returns an aor_status_t and fills an
 * aor_error_t passed last (the shape of jansson's json_error_t).  The status
 * decides what the client is told; the text is detail for the error log and
 * must never contain a token, a signature or a secret.
 */
#ifndef AOR_ERR_H
#define AOR_ERR_H

#include <stddef.h>

typedef enum {
    AOR_OK = 0,
    /* token rejections, in the order of the checks (SPEC 4.11) */
    AOR_E_TOO_LARGE,        /* longer than the configured maximum          */
    AOR_E_MALFORMED,        /* parts, base64url or JSON                    */
    AOR_E_ALG,              /* alg missing, unknown or not allowed         */
    AOR_E_HEADER,           /* crit, b64 or an ill-typed header member     */
    AOR_E_NO_KEY,           /* no configured key can verify this token     */
    AOR_E_KID_UNKNOWN,      /* kid not in the key set (a refresh may help) */
    AOR_E_SIGNATURE,        /* the signature does not verify               */
    AOR_E_CLAIM_TYPE,       /* a registered claim of the wrong type        */
    AOR_E_IAT,              /* issued in the future                        */
    AOR_E_NBF,              /* not valid yet                               */
    AOR_E_EXPIRED,          /* exp passed                                  */
    AOR_E_EXP_MISSING,      /* exp required but absent                     */
    AOR_E_ISS_MISSING,      /* issuer required but absent                  */
    AOR_E_ISSUER,           /* issuer not accepted                         */
    AOR_E_AUD_MISSING,      /* audience required but absent                */
    AOR_E_AUDIENCE,         /* audience does not match                     */
    AOR_E_SUBJECT_TYPE,     /* user-id claim present but not a string      */
    AOR_E_SUBJECT,          /* reserved subject                            */
    AOR_E_CONTROL_CHAR,     /* a forwarded value holds a control character */
    AOR_E_SCOPES,           /* scopes claim holds a non-string             */
    /* everything else */
    AOR_E_CONFIG,           /* bad key material or configuration value     */
    AOR_E_NOMEM,
    AOR_E_INTERNAL
} aor_status_t;

#define AOR_ERROR_TEXT_MAX 200

typedef struct {
    char text[AOR_ERROR_TEXT_MAX];
} aor_error_t;

/*
 * Fill err (may be NULL) with a printf-style message and return status.
 * Lets a failure path read: return aor_error_set(err, AOR_E_..., "...").
 */
aor_status_t aor_error_set(aor_error_t *err, aor_status_t status,
                           const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Like aor_error_set(), then appends the first OpenSSL error of the queue
 * and clears the queue.  Use on every OpenSSL failure path.
 */
aor_status_t aor_error_ssl(aor_error_t *err, aor_status_t status,
                           const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The short reason a client may see for a rejected token, the part after
 * "Invalid token: " in SPEC 4.2.  Static storage; never NULL.
 */
const char *aor_status_reason(aor_status_t status);

#endif /* AOR_ERR_H */
