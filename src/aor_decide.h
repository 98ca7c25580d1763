/*
 * aor_decide.h - the authorization decision for a verified identity:
 * required scopes from route tables (SPEC 4.5) or from an explicit list,
 * the resource context of the path (SPEC 4.4), and the listing rule.
 *
 * Nothing here allocates: the caller passes room for the visible ids.
 */
#ifndef AOR_DECIDE_H
#define AOR_DECIDE_H

#include <stddef.h>

#include "aor_routes.h"
#include "aor_scope.h"
#include "aor_token.h"

typedef enum {
    AOR_DENY = 0,
    AOR_ALLOW,              /* every required scope granted (or none)     */
    AOR_ALLOW_LISTING       /* the listing rule: the backend filters ids  */
} aor_verdict_t;

typedef struct {
    aor_verdict_t verdict;
    const aor_route_t *route;   /* route mode: the route, NULL when none  */
    const aor_scope_t *required;
    const char *const *required_text;
    size_t n_required;
    /* AOR_ALLOW_LISTING only */
    int all_ids;                /* 1: every id ("*")                      */
    aor_view_t *ids;            /* the caller's buffer, n_ids used        */
    size_t n_ids;
} aor_decision_t;

/*
 * Route mode (Require agentos-scope without arguments): look method and
 * the normalised path up in tables[0..n_tables) (custom routes first),
 * HEAD as GET, and decide.  ids must have room for t->n_scopes views.
 */
void aor_decide_route(const aor_token_t *t, const char *admin,
                      const aor_routes_t *const *tables, size_t n_tables,
                      const char *method, const char *path, size_t len,
                      aor_view_t *ids, aor_decision_t *out);

/*
 * Explicit mode (Require agentos-scope s1 s2 ...): every listed scope,
 * resource context from the normalised path; no listing rule.
 */
void aor_decide_scopes(const aor_token_t *t, const char *admin,
                       const aor_scope_t *required,
                       const char *const *required_text, size_t n,
                       const char *path, aor_decision_t *out);

#endif /* AOR_DECIDE_H */
