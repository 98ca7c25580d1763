/*
 * test_scope.c - unit tests of aor_scope: the AgentOS scope grammar
 * (SPEC 4.3), the resource context of a request path and the matching
 * rules (SPEC 4.4), including where the module differs from AgentOS on
 * purpose (SPEC 4.10).
 */
#include <string.h>

#include "aor_scope.h"
#include "tap.h"

#define ADMIN "agent_os:admin"

/* A (pointer, length) view as a NUL-terminated copy for is_str(). */
static const char *view(const char *s, size_t len, char *buf, size_t size)
{
    if (s == NULL)
        return NULL;
    if (len >= size)
        len = size - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

typedef struct {
    const char *name;
    const char *in;
    int ok;
    const char *res, *id, *act;     /* id NULL: no resource id */
} parse_vector_t;

static const parse_vector_t parse_vectors[] = {
    { "global", "agents:read", 1, "agents", NULL, "read" },
    { "per-resource", "agents:web-agent:run", 1, "agents", "web-agent",
      "run" },
    { "wildcard", "agents:*:run", 1, "agents", "*", "run" },
    { "admin-shape", "agent_os:admin", 1, "agent_os", NULL, "admin" },
    { "legacy-system", "system:read", 1, "system", NULL, "read" },
    { "id-with-dots", "workflows:w.1-x_y:run", 1, "workflows", "w.1-x_y",
      "run" },
    /* one part is no scope at all */
    { "one-part", "agents", 0, NULL, NULL, NULL },
    /* four parts: an id must not smuggle a colon */
    { "four-parts", "agents:a1:run:extra", 0, NULL, NULL, NULL },
    { "five-parts", "a:b:c:d:e", 0, NULL, NULL, NULL },
    { "empty", "", 0, NULL, NULL, NULL },
    /* empty parts never match (SPEC 4.10: AgentOS reads "agents::run" as
     * the global "agents:run") */
    { "empty-id", "agents::run", 0, NULL, NULL, NULL },
    { "empty-resource", ":read", 0, NULL, NULL, NULL },
    { "empty-action", "agents:", 0, NULL, NULL, NULL },
    { "empty-action-3", "agents:a1:", 0, NULL, NULL, NULL },
    { "empty-resource-3", ":a1:run", 0, NULL, NULL, NULL },
    { "colon-only", ":", 0, NULL, NULL, NULL },
    { "two-colons", "::", 0, NULL, NULL, NULL },
    { "three-colons", ":::", 0, NULL, NULL, NULL },
};

static void test_parse(void)
{
    char b1[64], b2[64], b3[64];
    size_t i;

    for (i = 0; i < sizeof(parse_vectors) / sizeof(parse_vectors[0]); i++) {
        const parse_vector_t *v = &parse_vectors[i];
        aor_scope_t s;
        int rc = aor_scope_parse(v->in, strlen(v->in), &s);

        if (!v->ok) {
            is_int(rc, -1, "parse %s: '%s' rejected", v->name, v->in);
            continue;
        }
        if (!is_int(rc, 0, "parse %s: '%s' accepted", v->name, v->in))
            continue;
        is_str(view(s.res, s.res_len, b1, sizeof(b1)), v->res,
               "parse %s: resource", v->name);
        is_str(view(s.id, s.id_len, b2, sizeof(b2)), v->id,
               "parse %s: id", v->name);
        is_str(view(s.act, s.act_len, b3, sizeof(b3)), v->act,
               "parse %s: action", v->name);
        ok(s.res == v->in, "parse %s: points into the input", v->name);
    }
}

/* The length bounds the parse: no read past it, no NUL needed. */
static void test_parse_length(void)
{
    static const char buf[] = "agents:read:extra";
    char b[64];
    aor_scope_t s;

    is_int(aor_scope_parse(buf, 11, &s), 0, "parse prefix 'agents:read'");
    is_str(view(s.act, s.act_len, b, sizeof(b)), "read",
           "parse prefix: action stops at len");
    ok(s.id == NULL, "parse prefix: two parts");
    is_int(aor_scope_parse(buf, 7, &s), -1,
           "parse prefix 'agents:' (empty action) rejected");
    is_int(aor_scope_parse(buf, 6, &s), -1,
           "parse prefix 'agents' (one part) rejected");
}

typedef struct {
    const char *path;
    const char *type;       /* NULL: no resource type */
    const char *id;         /* NULL: no resource id   */
} path_vector_t;

static const path_vector_t path_vectors[] = {
    { "/agents", "agents", NULL },
    { "/agents/", "agents", NULL },
    { "/agents/a1", "agents", "a1" },
    { "/agents/a1/runs", "agents", "a1" },
    { "/agents/a1/runs/r9", "agents", "a1" },
    { "/a2a/agents/a1", "agents", "a1" },
    { "/a2a/agents", "agents", NULL },
    { "/teams/t1", "teams", "t1" },
    { "/teams", "teams", NULL },
    { "/workflows/w1/runs", "workflows", "w1" },
    { "/a2a/workflows/w1", "workflows", "w1" },
    /* only agents, teams and workflows are resource types */
    { "/sessions/s1", NULL, NULL },
    { "/config", NULL, NULL },
    { "/a2a/sessions/s1", NULL, NULL },
    { "/a2a", NULL, NULL },
    { "/", NULL, NULL },
    { "", NULL, NULL },
    /* the type is a whole segment, compared exactly */
    { "/agentsX/a1", NULL, NULL },
    { "/agent/a1", NULL, NULL },
    { "/Agents/a1", NULL, NULL },
    /* only the first segment (after /a2a) gives the type */
    { "/x/agents/a1", NULL, NULL },
    { "/a2a/a2a/agents/a1", NULL, NULL },
};

static void test_resource_from_path(void)
{
    char b1[64], b2[64];
    size_t i;

    for (i = 0; i < sizeof(path_vectors) / sizeof(path_vectors[0]); i++) {
        const path_vector_t *v = &path_vectors[i];
        aor_resource_t r;

        memset(&r, 0xa5, sizeof(r));
        aor_resource_from_path(v->path, &r);
        is_str(view(r.type, r.type_len, b1, sizeof(b1)), v->type,
               "path '%s': type", v->path);
        is_str(view(r.id, r.id_len, b2, sizeof(b2)), v->id,
               "path '%s': id", v->path);
    }
}

#define MAX_USER 4

typedef struct {
    const char *name;
    const char *user[MAX_USER];     /* NULL-terminated when shorter */
    const char *admin;
    const char *required;
    const char *path;               /* NULL: no resource context */
    int granted;
} match_vector_t;

static const match_vector_t match_vectors[] = {
    { "global-grants-global", { "agents:read" }, ADMIN, "agents:read",
      "/agents", 1 },
    { "global-grants-every-id", { "agents:run" }, ADMIN, "agents:run",
      "/agents/a1/runs", 1 },
    { "per-resource-same-id", { "agents:a1:run" }, ADMIN, "agents:run",
      "/agents/a1/runs", 1 },
    /* lateral access: a grant on one agent is not a grant on another */
    { "per-resource-other-id", { "agents:a2:run" }, ADMIN, "agents:run",
      "/agents/a1/runs", 0 },
    /* one agent's scope does not grant the global action */
    { "per-resource-no-id-in-path", { "agents:a1:run" }, ADMIN,
      "agents:run", "/agents", 0 },
    { "per-resource-no-context", { "agents:a1:run" }, ADMIN, "agents:run",
      NULL, 0 },
    { "per-resource-a2a", { "agents:a1:run" }, ADMIN, "agents:run",
      "/a2a/agents/a1", 1 },
    { "per-resource-teams", { "teams:t1:run" }, ADMIN, "teams:run",
      "/teams/t1", 1 },
    { "per-resource-workflows", { "workflows:w1:run" }, ADMIN,
      "workflows:run", "/workflows/w1/runs", 1 },
    { "wildcard-with-id", { "agents:*:run" }, ADMIN, "agents:run",
      "/agents/a1/runs", 1 },
    { "wildcard-without-id", { "agents:*:run" }, ADMIN, "agents:run",
      "/agents", 1 },
    { "wildcard-no-context", { "agents:*:run" }, ADMIN, "agents:run",
      NULL, 1 },
    /* "*" is a wildcard only as the whole id, never a glob */
    { "glob-is-not-wildcard", { "agents:a*:run" }, ADMIN, "agents:run",
      "/agents/a1", 0 },
    { "wildcard-other-action", { "agents:*:read" }, ADMIN, "agents:run",
      "/agents/a1", 0 },
    { "action-mismatch", { "agents:read" }, ADMIN, "agents:run",
      "/agents", 0 },
    { "resource-mismatch", { "teams:run" }, ADMIN, "agents:run",
      "/agents", 0 },
    /* comparisons are whole and exact, not by prefix or case */
    { "action-prefix", { "agents:runx" }, ADMIN, "agents:run", NULL, 0 },
    { "action-truncated", { "agents:ru" }, ADMIN, "agents:run", NULL, 0 },
    { "resource-prefix", { "agent:run" }, ADMIN, "agents:run", NULL, 0 },
    { "resource-case", { "Agents:run" }, ADMIN, "agents:run", NULL, 0 },
    { "id-case", { "agents:A1:run" }, ADMIN, "agents:run", "/agents/a1",
      0 },
    { "admin-grants-all", { ADMIN }, ADMIN, "agents:run", "/agents/a1", 1 },
    { "admin-grants-config", { ADMIN }, ADMIN, "config:write", NULL, 1 },
    { "admin-among-others", { "agents:read", ADMIN }, ADMIN,
      "workflows:w1:run", NULL, 1 },
    { "admin-custom", { "root" }, "root", "teams:run", "/teams/t1", 1 },
    /* the default admin scope means nothing once another is configured */
    { "admin-default-when-custom", { ADMIN }, "root", "teams:run", NULL,
      0 },
    { "admin-none-configured", { ADMIN }, NULL, "agents:run", NULL, 0 },
    /* the admin scope is compared exactly */
    { "admin-suffix", { "agent_os:admin2" }, ADMIN, "agents:run", NULL,
      0 },
    { "admin-trailing-space", { "agent_os:admin " }, ADMIN, "agents:run",
      NULL, 0 },
    { "admin-case", { "AGENT_OS:ADMIN" }, ADMIN, "agents:run", NULL, 0 },
    /* legacy "system" is "config" on both sides (SPEC 4.3) */
    { "system-user-config-required", { "system:read" }, ADMIN,
      "config:read", NULL, 1 },
    { "config-user-system-required", { "config:read" }, ADMIN,
      "system:read", NULL, 1 },
    { "system-both-sides", { "system:read" }, ADMIN, "system:read", NULL,
      1 },
    { "system-wildcard", { "system:*:read" }, ADMIN, "config:read", NULL,
      1 },
    { "system-other-action", { "system:read" }, ADMIN, "config:write",
      NULL, 0 },
    { "system-prefix-no-alias", { "systemx:read" }, ADMIN, "config:read",
      NULL, 0 },
    { "config-prefix-no-alias", { "configx:read" }, ADMIN, "system:read",
      NULL, 0 },
    /* empty parts never match (SPEC 4.10) */
    { "empty-id-never-matches", { "agents::run" }, ADMIN, "agents:run",
      "/agents/a1", 0 },
    { "empty-id-no-context", { "agents::run" }, ADMIN, "agents:run", NULL,
      0 },
    { "empty-resource-never-matches", { ":run" }, ADMIN, "agents:run",
      NULL, 0 },
    { "empty-action-never-matches", { "agents:" }, ADMIN, "agents:run",
      NULL, 0 },
    { "empty-string-scope", { "" }, ADMIN, "agents:run", NULL, 0 },
    { "four-part-user-scope", { "agents:a1:run:x" }, ADMIN, "agents:run",
      "/agents/a1", 0 },
    { "no-user-scopes", { NULL }, ADMIN, "agents:run", NULL, 0 },
    /* a required T:action is rewritten only for the path's own type T
     * (SPEC 4.10): teams:run on /agents/a1 stays global */
    { "rewrite-other-type-global-ok", { "teams:run" }, ADMIN, "teams:run",
      "/agents/a1", 1 },
    { "rewrite-other-type-not-rewritten", { "teams:a1:run" }, ADMIN,
      "teams:run", "/agents/a1", 0 },
    { "rewrite-unrelated-resource", { "sessions:write" }, ADMIN,
      "sessions:write", "/agents/a1/runs", 1 },
    { "rewrite-unrelated-per-id", { "sessions:a1:write" }, ADMIN,
      "sessions:write", "/agents/a1/runs", 0 },
    /* a required scope that names an id is not re-targeted by the path */
    { "explicit-id-same", { "agents:a1:run" }, ADMIN, "agents:a1:run",
      "/agents/a2", 1 },
    { "explicit-id-other-user", { "agents:a2:run" }, ADMIN,
      "agents:a1:run", "/agents/a2", 0 },
    { "explicit-id-global-user", { "agents:run" }, ADMIN, "agents:a1:run",
      NULL, 1 },
    { "explicit-id-wildcard-user", { "agents:*:run" }, ADMIN,
      "agents:a1:run", NULL, 1 },
    { "second-scope-matches", { "teams:read", "agents:a1:run" }, ADMIN,
      "agents:run", "/agents/a1", 1 },
    { "bad-scope-before-good", { "agents::run", "agents:run" }, ADMIN,
      "agents:run", "/agents/a1", 1 },
};

static size_t count_user(const match_vector_t *v)
{
    size_t n = 0;

    while (n < MAX_USER && v->user[n] != NULL)
        n++;
    return n;
}

static void test_granted(void)
{
    size_t i;

    for (i = 0; i < sizeof(match_vectors) / sizeof(match_vectors[0]); i++) {
        const match_vector_t *v = &match_vectors[i];
        aor_resource_t ctx;
        aor_scope_t req;

        if (!is_int(aor_scope_parse(v->required, strlen(v->required), &req),
                    0, "%s: required '%s' parses", v->name, v->required))
            continue;
        if (v->path != NULL)
            aor_resource_from_path(v->path, &ctx);
        is_int(aor_scope_granted(v->user, count_user(v), v->admin, &req,
                                 v->path != NULL ? &ctx : NULL),
               v->granted, "%s", v->name);
    }
}

static void test_all_granted(void)
{
    static const char *const user[] = {
        "agents:read", "agents:a1:run", "sessions:write"
    };
    static const char *const req_text[] = {
        "agents:read", "agents:run", "sessions:write", "teams:read"
    };
    aor_scope_t req[4];
    aor_resource_t a1, a2;
    size_t i;

    for (i = 0; i < 4; i++)
        aor_scope_parse(req_text[i], strlen(req_text[i]), &req[i]);
    aor_resource_from_path("/agents/a1/runs", &a1);
    aor_resource_from_path("/agents/a2/runs", &a2);
    is_int(aor_scope_all_granted(user, 3, ADMIN, req, 3, &a1), 1,
           "all-granted: every required scope held");
    /* one missing scope denies, whatever its position */
    is_int(aor_scope_all_granted(user, 3, ADMIN, req, 4, &a1), 0,
           "all-granted: last of four missing");
    is_int(aor_scope_all_granted(user, 3, ADMIN, req + 3, 1, &a1), 0,
           "all-granted: only one, missing");
    is_int(aor_scope_all_granted(user, 3, ADMIN, req, 3, &a2), 0,
           "all-granted: per-resource one fails on another id");
    is_int(aor_scope_all_granted(user, 1, ADMIN, req, 2, &a1), 0,
           "all-granted: fewer user scopes");
    is_int(aor_scope_all_granted(user, 3, ADMIN, req, 0, &a1), 1,
           "all-granted: nothing required");
    is_int(aor_scope_all_granted(NULL, 0, ADMIN, req, 1, NULL), 0,
           "all-granted: no user scopes");
}

int main(void)
{
    test_parse();
    test_parse_length();
    test_resource_from_path();
    test_granted();
    test_all_granted();
    return tap_done();
}
