/*
 * aor_token.h - the verified identity: what authorization, the backend and
 * the logs need from a token whose signature and registered claims have
 * been checked.
 *
 * Extraction applies the AgentOS rules (SPEC 4.3, 4.11): the user-id claim
 * must be a string when present and not a reserved subject; a string
 * scopes claim is one scope (or space-delimited scopes when configured);
 * a scopes list must hold only strings; user id, session id and scopes
 * must not contain control characters.
 *
 * A token owns one flat string area, so it can be copied to and from a
 * cache as bytes.
 */
#ifndef AOR_TOKEN_H
#define AOR_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "aor_alg.h"
#include "aor_err.h"

typedef struct {
    const char *user_claim;         /* "sub"        */
    const char *session_claim;      /* "session_id" */
    const char *scopes_claim;       /* "scopes"     */
    int scopes_space_delimited;     /* split a string value on spaces */
    const char *aud_claim;          /* "aud"        */
    const char *const *env_claims;  /* claims to copy (AgentOSClaimEnv) */
    size_t n_env_claims;
} aor_identity_policy_t;

typedef struct {
    const char *user_id;        /* NULL when the claim is absent          */
    const char *session_id;     /* NULL when absent or not a string       */
    const char *audience;       /* space-joined; NULL when absent         */
    const char *const *scopes;  /* n_scopes strings                       */
    size_t n_scopes;
    int has_exp;
    double exp;                 /* NumericDate, when has_exp              */
    aor_alg_t alg;              /* the algorithm that verified it         */
    uint64_t key_fp;            /* fingerprint of the key that verified it */
    const char *kid;            /* the token's kid; NULL when absent      */
    const char *const *claims;  /* name, value, name, value, ...: the     */
    size_t n_claims;            /* present env_claims (values of other    */
                                /* types JSON-encoded)                    */
    /* private: the storage behind the pointers above */
    unsigned presence;
    char *area;
    size_t area_len;
} aor_token_t;

/* AgentOS's claim names, the defaults of an identity policy. */
#define AOR_CLAIM_USER      "sub"
#define AOR_CLAIM_SESSION   "session_id"
#define AOR_CLAIM_SCOPES    "scopes"
#define AOR_CLAIM_AUDIENCE  "aud"

/* *pol zeroed, with AgentOS's claim names. */
void aor_identity_policy_init(aor_identity_policy_t *pol);

/*
 * Extract the identity from a verified payload.  alg and kid (may be NULL)
 * are recorded for logs and metrics.  Returns AOR_OK with an owned *out,
 * or AOR_E_SUBJECT_TYPE, AOR_E_SUBJECT, AOR_E_CONTROL_CHAR, AOR_E_SCOPES.
 */
aor_status_t aor_token_from_claims(const json_t *payload,
                                   const aor_identity_policy_t *pol,
                                   aor_alg_t alg, const char *kid,
                                   aor_token_t **out, aor_error_t *err);

/* A token is one allocation; NULL is ignored. */
void aor_token_free(aor_token_t *token);

/*
 * The token as bytes (for a cache): a fixed header, then the string area.
 * *out is malloc'ed (free()).
 */
aor_status_t aor_token_encode(const aor_token_t *token, unsigned char **out,
                              size_t *len, aor_error_t *err);

/*
 * A token from aor_token_encode's bytes, checked for consistency (they
 * may come from another process or another host).  Owned *out.
 */
aor_status_t aor_token_decode(const unsigned char *buf, size_t len,
                              aor_token_t **out, aor_error_t *err);

/* 1 when the user id is reserved for AgentOS internals (SPEC 4.2). */
int aor_token_subject_reserved(const char *user_id);

#endif /* AOR_TOKEN_H */
