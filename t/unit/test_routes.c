/*
 * test_routes.c - aor_routes: exact routes before patterns, first pattern
 * wins, the hash index under growth, method matching, refusals, path
 * normalisation, and the built-in table's size.
 */
#include <stdio.h>
#include <string.h>

#include "aor_routes.h"
#include "tap.h"

static const char *scopes_of(const aor_route_t *r)
{
    static char buf[256];
    size_t i;

    if (r == NULL)
        return "(none)";
    buf[0] = '\0';
    for (i = 0; i < r->n_scopes; i++) {
        if (i)
            strcat(buf, " ");
        strcat(buf, r->scopes[i]);
    }
    return buf;
}

static const char *find(const aor_routes_t *rt, const char *method,
                        const char *path)
{
    return scopes_of(aor_routes_lookup(rt, method, path, strlen(path)));
}

static void add(aor_routes_t *rt, const char *method, const char *pattern,
                const char *scope)
{
    aor_error_t err;
    const char *s[1] = { scope };

    if (aor_routes_add(rt, method, pattern, s, scope ? 1 : 0, &err))
        tap_diag("add %s %s: %s", method, pattern, err.text);
}

static void test_order(void)
{
    aor_routes_t *rt = aor_routes_new();

    add(rt, "GET", "/a/*", "a:pattern1");
    add(rt, "GET", "/a/*/b", "a:pattern2");
    add(rt, "GET", "/a/x/b", "a:exact");
    add(rt, "GET", "/a/x/b", "a:exact-dup");
    add(rt, "*", "/any", "any:thing");
    add(rt, "POST", "/any", "any:post");
    add(rt, "GET", "/open", NULL);
    is_str(find(rt, "GET", "/a/x/b"), "a:exact", "exact beats patterns");
    is_str(find(rt, "GET", "/a/y/b"), "a:pattern1",
           "first matching pattern wins, even if a later one is closer");
    is_str(find(rt, "POST", "/a/y"), "(none)", "method must match");
    is_str(find(rt, "DELETE", "/any"), "any:thing", "* matches any method");
    is_str(find(rt, "POST", "/any"), "any:thing",
           "the earlier of * and POST wins");
    is_int(aor_routes_lookup(rt, "GET", "/open", 5)->n_scopes, 0,
           "a route without scopes");
    is_str(find(rt, "GET", "/nope"), "(none)", "no route");
    is_int(aor_routes_count(rt), 7, "count");
    aor_routes_free(rt);
}

static void test_growth(void)
{
    aor_routes_t *rt = aor_routes_new();
    char path[64], scope[64];
    int i, wrong = 0;

    for (i = 0; i < 5000; i++) {
        snprintf(path, sizeof(path), "/r/%d", i);
        snprintf(scope, sizeof(scope), "r:%d:read", i);
        add(rt, "GET", path, scope);
    }
    for (i = 0; i < 5000; i++) {
        snprintf(path, sizeof(path), "/r/%d", i);
        snprintf(scope, sizeof(scope), "r:%d:read", i);
        if (strcmp(find(rt, "GET", path), scope) != 0)
            wrong++;
    }
    is_int(wrong, 0, "5000 exact routes all found after index growth");
    is_str(find(rt, "GET", "/r/5000"), "(none)", "and no other");
    aor_routes_free(rt);
}

static void test_refusals(void)
{
    aor_routes_t *rt = aor_routes_new();
    const char *bad[1] = { "agents" };
    aor_error_t err;

    is_int(aor_routes_add(rt, "GET", "agents", NULL, 0, &err), AOR_E_CONFIG,
           "path must start with /");
    is_int(aor_routes_add(rt, "GET", "/a/[bc]", NULL, 0, &err), AOR_E_CONFIG,
           "character classes refused");
    is_int(aor_routes_add(rt, "", "/a", NULL, 0, &err), AOR_E_CONFIG,
           "empty method refused");
    is_int(aor_routes_add(rt, "GET", "/a", bad, 1, &err), AOR_E_CONFIG,
           "malformed scope refused");
    is_int(aor_routes_count(rt), 0, "nothing added");
    aor_routes_free(rt);
}

static void test_path(void)
{
    static const struct { const char *path, *base, *want; } c[] = {
        { "/agents/", NULL, "/agents" },
        { "/agents///", NULL, "/agents" },
        { "/", NULL, "/" },
        { "/api/agents", "/api", "/agents" },
        { "/api/agents/", "/api/", "/agents" },
        { "/api", "/api", "/" },
        { "/api/", "/api", "/" },
        /* base-path-boundary: /apix is not under /api */
        { "/apix/agents", "/api", "/apix/agents" },
        { "/other", "/api", "/other" },
        { "/agents", "", "/agents" },
    };
    char got[64];
    size_t i, len;

    for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        const char *p = aor_routes_path(c[i].path, c[i].base, &len);

        snprintf(got, sizeof(got), "%.*s", (int)len, p);
        is_str(got, c[i].want, "path '%s' base '%s'", c[i].path,
               c[i].base ? c[i].base : "(none)");
    }
}

static void test_default(void)
{
    aor_error_t err;
    aor_routes_t *rt = aor_routes_new_default(&err);

    ok(rt != NULL, "the built-in map loads");
    is_int(aor_routes_count(rt), aor_default_routes_count,
           "every line of the data file is a route");
    is_int(aor_default_routes_count, 103, "103 AgentOS routes");
    is_str(find(rt, "GET", "/approvals/count"), "approvals:read",
           "exact /approvals/count");
    is_str(find(rt, "POST", "/databases/all/migrate"), "config:write",
           "exact before pattern");
    aor_routes_free(rt);
}

int main(void)
{
    test_order();
    test_growth();
    test_refusals();
    test_path();
    test_default();
    return tap_done();
}
