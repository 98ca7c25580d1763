/*
 * aor_decide.c - from identity, route and path to allow/deny.
 *
 * Owns the sequencing of SPEC 4.4/4.5: route lookup, resource context,
 * the listing rule (route mode, GET/HEAD only), then all-scopes matching.
 */
#include <string.h>

#include "aor_decide.h"

static const aor_route_t *lookup(const aor_routes_t *const *tables,
                                 size_t n_tables, const char *method,
                                 const char *path, size_t len)
{
    const aor_route_t *route;
    size_t i;

    for (i = 0; i < n_tables; i++) {
        if (tables[i] == NULL)
            continue;
        route = aor_routes_lookup(tables[i], method, path, len);
        if (route != NULL)
            return route;
    }
    return NULL;
}

void aor_decide_route(const aor_token_t *t, const char *admin,
                      const aor_routes_t *const *tables, size_t n_tables,
                      const char *method, const char *path, size_t len,
                      aor_view_t *ids, aor_decision_t *out)
{
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    aor_resource_t ctx;

    memset(out, 0, sizeof(*out));
    out->route = lookup(tables, n_tables, get ? "GET" : method, path, len);
    if (out->route == NULL || out->route->n_scopes == 0) {
        out->verdict = AOR_ALLOW;   /* no route: a valid token suffices */
        return;
    }
    out->required = out->route->parsed;
    out->required_text = out->route->scopes;
    out->n_required = out->route->n_scopes;
    aor_resource_from_path(path, &ctx);
    if (get && aor_scope_listing_applies(&ctx, &out->required[0])) {
        out->verdict = AOR_ALLOW_LISTING;
        out->ids = ids;
        out->all_ids = aor_scope_visible_ids(t->scopes, t->n_scopes, admin,
                                             &out->required[0], ids,
                                             &out->n_ids);
        return;
    }
    out->verdict = aor_scope_all_granted(t->scopes, t->n_scopes, admin,
                                         out->required, out->n_required,
                                         &ctx) ? AOR_ALLOW : AOR_DENY;
}

void aor_decide_scopes(const aor_token_t *t, const char *admin,
                       const aor_scope_t *required,
                       const char *const *required_text, size_t n,
                       const char *path, aor_decision_t *out)
{
    aor_resource_t ctx;

    memset(out, 0, sizeof(*out));
    out->required = required;
    out->required_text = required_text;
    out->n_required = n;
    aor_resource_from_path(path, &ctx);
    out->verdict = aor_scope_all_granted(t->scopes, t->n_scopes, admin,
                                         required, n, &ctx)
        ? AOR_ALLOW : AOR_DENY;
}
