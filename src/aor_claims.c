/*
 * aor_claims.c - time, issuer and audience checks.
 *
 * Comparisons follow PyJWT 2: expired when exp <= now - leeway; not yet
 * valid when nbf > now + leeway or iat > now + leeway.
 */
#include <string.h>

#include "aor_claims.h"

/*
 * Read a NumericDate: 1 and *value when present and a number, 0 when
 * absent, -1 when present with another type.
 */
static int numeric_date(const json_t *payload, const char *name,
                        double *value)
{
    json_t *v = json_object_get(payload, name);

    if (v == NULL)
        return 0;
    if (!json_is_number(v))
        return -1;
    *value = json_number_value(v);
    return 1;
}

static aor_status_t check_times(const json_t *payload,
                                const aor_claims_policy_t *pol, double now,
                                aor_error_t *err)
{
    double iat, nbf, exp;
    int has;

    has = numeric_date(payload, "iat", &iat);
    if (has < 0)
        return aor_error_set(err, AOR_E_CLAIM_TYPE, "iat is not a number");
    if (has && iat > now + pol->leeway)
        return aor_error_set(err, AOR_E_IAT, "iat is in the future");
    has = numeric_date(payload, "nbf", &nbf);
    if (has < 0)
        return aor_error_set(err, AOR_E_CLAIM_TYPE, "nbf is not a number");
    if (has && nbf > now + pol->leeway)
        return aor_error_set(err, AOR_E_NBF, "nbf is in the future");
    has = numeric_date(payload, "exp", &exp);
    if (has < 0)
        return aor_error_set(err, AOR_E_CLAIM_TYPE, "exp is not a number");
    if (!has && pol->require_exp)
        return aor_error_set(err, AOR_E_EXP_MISSING, "exp is missing");
    if (has && exp <= now - pol->leeway)
        return aor_error_set(err, AOR_E_EXPIRED, "expired %.0f s ago",
                             now - exp);
    return AOR_OK;
}

static int in_list(const char *value, const char *const *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strcmp(value, list[i]) == 0)
            return 1;
    }
    return 0;
}

static aor_status_t check_issuer(const json_t *payload,
                                 const aor_claims_policy_t *pol,
                                 aor_error_t *err)
{
    json_t *iss;

    if (pol->n_issuers == 0)
        return AOR_OK;
    iss = json_object_get(payload, "iss");
    if (iss == NULL)
        return aor_error_set(err, AOR_E_ISS_MISSING, "iss is missing");
    if (!json_is_string(iss)
        || !in_list(json_string_value(iss), pol->issuers, pol->n_issuers))
        return aor_error_set(err, AOR_E_ISSUER, "iss is not accepted");
    return AOR_OK;
}

static aor_status_t check_audience(const json_t *payload,
                                   const aor_claims_policy_t *pol,
                                   aor_error_t *err)
{
    json_t *aud, *item;
    size_t i;

    if (pol->n_audiences == 0)
        return AOR_OK;
    aud = json_object_get(payload, pol->aud_claim);
    if (aud == NULL || json_is_null(aud))
        return aor_error_set(err, AOR_E_AUD_MISSING, "%s is missing",
                             pol->aud_claim);
    if (json_is_string(aud)) {
        if (in_list(json_string_value(aud), pol->audiences, pol->n_audiences))
            return AOR_OK;
        return aor_error_set(err, AOR_E_AUDIENCE, "%s does not match",
                             pol->aud_claim);
    }
    if (!json_is_array(aud))
        return aor_error_set(err, AOR_E_AUDIENCE, "%s is neither a string "
                             "nor an array", pol->aud_claim);
    json_array_foreach(aud, i, item) {
        if (!json_is_string(item))
            return aor_error_set(err, AOR_E_AUDIENCE, "%s holds a "
                                 "non-string", pol->aud_claim);
    }
    json_array_foreach(aud, i, item) {
        if (in_list(json_string_value(item), pol->audiences,
                    pol->n_audiences))
            return AOR_OK;
    }
    return aor_error_set(err, AOR_E_AUDIENCE, "no %s entry matches",
                         pol->aud_claim);
}

aor_status_t aor_claims_check(const json_t *payload,
                              const aor_claims_policy_t *pol, double now,
                              aor_error_t *err)
{
    aor_status_t st = check_times(payload, pol, now, err);

    if (st == AOR_OK)
        st = check_issuer(payload, pol, err);
    if (st == AOR_OK)
        st = check_audience(payload, pol, err);
    return st;
}
