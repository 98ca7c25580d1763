/*
 * aor_claims.h - the registered-claim checks of a JWT (RFC 7519 4.1) at a
 * given time: iat, nbf, exp, iss, aud, in that order (PyJWT's order, which
 * AgentOS inherits).  The caller passes "now"; the core never reads a
 * clock.
 */
#ifndef AOR_CLAIMS_H
#define AOR_CLAIMS_H

#include <stddef.h>

#include <jansson.h>

#include "aor_err.h"

typedef struct {
    double leeway;                  /* seconds of clock skew allowed      */
    int require_exp;                /* reject tokens without exp          */
    const char *const *issuers;     /* accepted iss values; none: no check */
    size_t n_issuers;
    const char *const *audiences;   /* accepted audiences; none: no check  */
    size_t n_audiences;
    const char *aud_claim;          /* claim holding the audience ("aud") */
} aor_claims_policy_t;

/*
 * Check payload's registered claims against pol at time now (seconds since
 * the epoch).  NumericDates may be integers or fractions and compare as
 * doubles, so huge values cannot overflow.  Returns AOR_OK or one of
 * AOR_E_CLAIM_TYPE, AOR_E_IAT, AOR_E_NBF, AOR_E_EXPIRED, AOR_E_EXP_MISSING,
 * AOR_E_ISS_MISSING, AOR_E_ISSUER, AOR_E_AUD_MISSING, AOR_E_AUDIENCE.
 */
aor_status_t aor_claims_check(const json_t *payload,
                              const aor_claims_policy_t *pol, double now,
                              aor_error_t *err);

#endif /* AOR_CLAIMS_H */
