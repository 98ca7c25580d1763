/*
 * aor_scope.h - the AgentOS scope grammar and matching (SPEC 4.3, 4.4).
 *
 *   resource:action         global, e.g. agents:read
 *   resource:<id>:action    one resource, e.g. agents:web-agent:run
 *   resource:*:action       wildcard, the same as global
 *   <admin scope>           everything (agent_os:admin by default)
 *
 * The resource "system" is an alias of "config".  Any other shape, and
 * any scope with an empty part, never matches.  Nothing here allocates.
 */
#ifndef AOR_SCOPE_H
#define AOR_SCOPE_H

#include <stddef.h>

typedef struct {
    const char *res;    size_t res_len;
    const char *id;     size_t id_len;   /* id NULL: no resource id */
    const char *act;    size_t act_len;
} aor_scope_t;

/* The resource a request path addresses (SPEC 4.4). */
typedef struct {
    const char *type;   size_t type_len; /* NULL: no resource type */
    const char *id;     size_t id_len;   /* NULL: no resource id   */
} aor_resource_t;

/*
 * Parse s[0..len) as resource:action or resource:id:action with no empty
 * part.  Returns 0 and fills out (pointing into s), or -1.
 */
int aor_scope_parse(const char *s, size_t len, aor_scope_t *out);

/*
 * The resource context of a decoded request path: the first segment
 * (after an optional "a2a" segment) when it is agents, teams or
 * workflows, and the next non-empty segment as the resource id.  out
 * points into path.
 */
void aor_resource_from_path(const char *path, aor_resource_t *out);

/*
 * 1 when the user's scopes grant the required scope in context ctx (NULL:
 * none).  A required resource:action whose resource equals the context's
 * type is checked as resource:<id>:action when the context has an id.
 */
int aor_scope_granted(const char *const *user, size_t n_user,
                      const char *admin, const aor_scope_t *required,
                      const aor_resource_t *ctx);

/* 1 when every required scope is granted (aor_scope_granted). */
int aor_scope_all_granted(const char *const *user, size_t n_user,
                          const char *admin, const aor_scope_t *required,
                          size_t n_required, const aor_resource_t *ctx);

/* A (pointer, length) view into a caller's string. */
typedef struct {
    const char *p;
    size_t len;
} aor_view_t;

/*
 * The listing rule (SPEC 4.5) applies to a GET on a resource type without
 * a resource id whose first required scope is of that type: 1 when ctx
 * and first say so.
 */
int aor_scope_listing_applies(const aor_resource_t *ctx,
                              const aor_scope_t *first);

/*
 * The resources of required's type the user may see with its action:
 * returns 1 when all of them (a global, wildcard or admin scope), else 0
 * with ids[0..*n_ids) the distinct ids of the user's per-resource scopes
 * (views into user; ids must have room for n_user entries).
 */
int aor_scope_visible_ids(const char *const *user, size_t n_user,
                          const char *admin, const aor_scope_t *required,
                          aor_view_t *ids, size_t *n_ids);

#endif /* AOR_SCOPE_H */
