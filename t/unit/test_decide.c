/*
 * test_decide.c - aor_decide over the whole built-in AgentOS route map:
 * every route is looked up with a concrete path and decided for the exact
 * scope, the wildcard, the admin scope, a neighbouring scope, and (on
 * agents/teams/workflows paths with an id) per-resource scopes; then the
 * listing rule and the explicit-scope mode.
 */
#include <stdio.h>
#include <string.h>

#include "aor_decide.h"
#include "tap.h"

#define ADMIN "agent_os:admin"

static aor_routes_t *defaults;

/* A token holding the given scopes (NULL-terminated list). */
static aor_token_t *token_with(const char *const *scopes)
{
    aor_identity_policy_t pol;
    json_t *payload = json_object(), *list = json_array();
    aor_token_t *t = NULL;
    aor_error_t err;

    for (; *scopes != NULL; scopes++)
        json_array_append_new(list, json_string(*scopes));
    json_object_set_new(payload, "scopes", list);
    aor_identity_policy_init(&pol);
    aor_token_from_claims(payload, &pol, AOR_ALG_RS256, NULL, &t, &err);
    json_decref(payload);
    return t;
}

static aor_verdict_t decide(const char *method, const char *path,
                            const char *s1, const char *s2,
                            aor_decision_t *d)
{
    const char *scopes[3] = { s1, s2, NULL };
    const aor_routes_t *tables[1] = { defaults };
    aor_view_t ids[4];
    aor_token_t *t = token_with(scopes);

    aor_decide_route(t, ADMIN, tables, 1, method, path, strlen(path), ids,
                     d);
    aor_token_free(t);
    d->ids = NULL;          /* the views died with the token */
    return d->verdict;
}

/* The pattern with each '*' replaced by "id<k>". */
static void concrete(const char *pattern, char *out, size_t max)
{
    size_t n = 0;
    int k = 1;

    for (; *pattern != '\0' && n + 8 < max; pattern++) {
        if (*pattern == '*')
            n += (size_t)snprintf(out + n, max - n, "id%d", k++);
        else
            out[n++] = *pattern;
    }
    out[n] = '\0';
}

/* "res:act" with act replaced by another action of the same resource. */
static void neighbour(const char *scope, char *out, size_t max)
{
    const char *colon = strrchr(scope, ':');
    const char *act = colon + 1;
    const char *other = strcmp(act, "read") == 0 ? "write" : "read";

    snprintf(out, max, "%.*s:%s", (int)(colon - scope), scope, other);
}

static int is_listing(const char *method, const char *path)
{
    return strcmp(method, "GET") == 0
        && (strcmp(path, "/agents") == 0 || strcmp(path, "/teams") == 0
            || strcmp(path, "/workflows") == 0);
}

/* Walk one route of the built-in map; returns 1 when all checks pass. */
static int walk_route(const aor_default_route_t *r)
{
    char path[256], wild[128], own[128], other[128], near[128];
    const char *res_end = strchr(r->scopes, ':');
    aor_verdict_t allow;
    aor_decision_t d;
    aor_resource_t ctx;
    int pass = 1;

    concrete(r->pattern, path, sizeof(path));
    allow = is_listing(r->method, path) ? AOR_ALLOW_LISTING : AOR_ALLOW;
    /* the lookup finds this route's scopes */
    decide(r->method, path, r->scopes, NULL, &d);
    pass &= is_str(d.route ? d.route->scopes[0] : NULL, r->scopes,
                   "%s %s: required %s", r->method, path, r->scopes);
    pass &= is_int(d.verdict, allow, "%s %s: exact scope", r->method, path);
    snprintf(wild, sizeof(wild), "%.*s:*%s", (int)(res_end - r->scopes),
             r->scopes, res_end);
    pass &= is_int(decide(r->method, path, wild, NULL, &d), allow,
                   "%s %s: wildcard %s", r->method, path, wild);
    pass &= is_int(decide(r->method, path, ADMIN, NULL, &d), allow,
                   "%s %s: admin", r->method, path);
    neighbour(r->scopes, near, sizeof(near));
    pass &= is_int(decide(r->method, path, near, "other:read", &d),
                   allow == AOR_ALLOW_LISTING ? AOR_ALLOW_LISTING : AOR_DENY,
                   "%s %s: neighbouring %s denied", r->method, path, near);
    aor_resource_from_path(path, &ctx);
    if (ctx.id != NULL && strncmp(r->scopes, ctx.type, ctx.type_len) == 0) {
        snprintf(own, sizeof(own), "%.*s:%.*s%s", (int)ctx.type_len,
                 ctx.type, (int)ctx.id_len, ctx.id, res_end);
        snprintf(other, sizeof(other), "%.*s:not-%.*s%s", (int)ctx.type_len,
                 ctx.type, (int)ctx.id_len, ctx.id, res_end);
        pass &= is_int(decide(r->method, path, own, NULL, &d), AOR_ALLOW,
                       "%s %s: per-resource %s", r->method, path, own);
        pass &= is_int(decide(r->method, path, other, NULL, &d), AOR_DENY,
                       "%s %s: other resource %s denied", r->method, path,
                       other);
    }
    if (strncmp(r->scopes, "config:", 7) == 0) {
        snprintf(own, sizeof(own), "system:%s", r->scopes + 7);
        pass &= is_int(decide(r->method, path, own, NULL, &d), AOR_ALLOW,
                       "%s %s: legacy %s", r->method, path, own);
    }
    return pass;
}

static void test_walk(void)
{
    size_t i, passed = 0;

    for (i = 0; i < aor_default_routes_count; i++)
        passed += (size_t)walk_route(&aor_default_routes[i]);
    is_int(passed, aor_default_routes_count, "every default route walked "
           "and passed (%zu of the table's %zu)", passed,
           aor_default_routes_count);
}

static void test_listing(void)
{
    static const char *const types[] = { "agents", "teams", "workflows" };
    const aor_routes_t *tables[1] = { defaults };
    char path[64], s1[64], s2[64], s3[64];
    aor_decision_t d;
    aor_view_t ids[4];
    size_t i;

    for (i = 0; i < 3; i++) {
        const char *scopes[4] = { s1, s2, s3, NULL };
        aor_token_t *t;

        snprintf(path, sizeof(path), "/%s", types[i]);
        snprintf(s1, sizeof(s1), "%s:a1:read", types[i]);
        snprintf(s2, sizeof(s2), "%s:a2:read", types[i]);
        snprintf(s3, sizeof(s3), "%s:a3:run", types[i]);
        t = token_with(scopes);
        aor_decide_route(t, ADMIN, tables, 1, "HEAD", path, strlen(path),
                         ids, &d);
        is_int(d.verdict, AOR_ALLOW_LISTING, "%s: listing rule (HEAD as "
               "GET)", path);
        is_int(d.all_ids, 0, "%s: not all ids", path);
        is_int(d.n_ids, 2, "%s: the two readable ids", path);
        ok(d.n_ids == 2 && d.ids[0].len == 2 && !memcmp(d.ids[0].p, "a1", 2)
           && !memcmp(d.ids[1].p, "a2", 2), "%s: a1 and a2", path);
        aor_token_free(t);
        /* POST /agents is no listing: agents:write required */
        is_int(decide("POST", path, s1, NULL, &d), AOR_DENY,
               "%s: POST is not a listing", path);
        snprintf(s1, sizeof(s1), "%s:*:read", types[i]);
        decide("GET", path, s1, NULL, &d);
        is_int(d.all_ids, 1, "%s: wildcard sees every id", path);
    }
    decide("GET", "/agents", "teams:read", NULL, &d);
    ok(d.verdict == AOR_ALLOW_LISTING && d.n_ids == 0 && !d.all_ids,
       "GET /agents without any agents scope: allowed, no ids");
    decide("GET", "/agents/a1", "agents:a1:read", NULL, &d);
    is_int(d.verdict, AOR_ALLOW, "GET /agents/a1 is not a listing");
}

static void test_modes(void)
{
    aor_routes_t *custom = aor_routes_new();
    const aor_routes_t *tables[2] = { custom, defaults };
    const char *s[2] = { "x:read", NULL }, *req[1] = { "agents:run" };
    aor_scope_t parsed;
    aor_decision_t d;
    aor_view_t ids[2];
    aor_error_t err;
    aor_token_t *t = token_with(s);

    aor_routes_add(custom, "GET", "/agents/*", s, 1, &err);
    aor_decide_route(t, ADMIN, tables, 2, "GET", "/agents/a1", 10, ids, &d);
    is_int(d.verdict, AOR_ALLOW, "custom route before the default map");
    aor_decide_route(t, ADMIN, tables, 2, "GET", "/unmapped", 9, ids, &d);
    ok(d.verdict == AOR_ALLOW && d.route == NULL, "no route: allowed");
    aor_scope_parse(req[0], strlen(req[0]), &parsed);
    aor_decide_scopes(t, ADMIN, &parsed, req, 1, "/agents/a1/runs", &d);
    is_int(d.verdict, AOR_DENY, "explicit mode denies");
    is_str(d.required_text[0], "agents:run", "and names the scope");
    aor_token_free(t);
    s[0] = "agents:a1:run";
    t = token_with(s);
    aor_decide_scopes(t, ADMIN, &parsed, req, 1, "/agents/a1/runs", &d);
    is_int(d.verdict, AOR_ALLOW, "explicit mode: resource id from the path");
    aor_decide_scopes(t, ADMIN, &parsed, req, 1, "/agents", &d);
    is_int(d.verdict, AOR_DENY, "explicit mode: no listing rule");
    aor_token_free(t);
    aor_routes_free(custom);
}

int main(void)
{
    aor_error_t err;

    defaults = aor_routes_new_default(&err);
    test_walk();
    test_listing();
    test_modes();
    aor_routes_free(defaults);
    return tap_done();
}
