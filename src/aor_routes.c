/*
 * aor_routes.c - route tables: storage, the exact-route hash index, the
 * ordered pattern list, and the built-in AgentOS map.
 *
 * Index layout: a power-of-two array of slots holding route index + 1
 * (0 = empty), open addressing with linear probing, keyed by FNV-1a over
 * method, a NUL, and the path.  Kept at most half full.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aor_glob.h"
#include "aor_routes.h"

typedef struct {
    aor_route_t pub;
    char **scope_copies;
    aor_scope_t *parsed;
    size_t prefix_len;          /* patterns: literal prefix length */
    int is_pattern;
} route_entry_t;

struct aor_routes {
    route_entry_t *routes;
    size_t count, cap;
    size_t *patterns;           /* indexes of pattern routes, in order */
    size_t n_patterns;
    size_t *slots;              /* exact index: route index + 1 */
    size_t n_slots, n_exact;
};

static uint32_t fnv1a(uint32_t h, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static uint32_t route_hash(const char *method, const char *path, size_t len)
{
    uint32_t h = fnv1a(2166136261u, method, strlen(method) + 1);

    return fnv1a(h, path, len);
}

aor_routes_t *aor_routes_new(void)
{
    return calloc(1, sizeof(aor_routes_t));
}

static void entry_free(route_entry_t *e)
{
    size_t i;

    for (i = 0; i < e->pub.n_scopes; i++)
        free(e->scope_copies[i]);
    free(e->scope_copies);
    free(e->parsed);
    free((char *)e->pub.method);
    free((char *)e->pub.pattern);
}

void aor_routes_free(aor_routes_t *rt)
{
    size_t i;

    if (rt == NULL)
        return;
    for (i = 0; i < rt->count; i++)
        entry_free(&rt->routes[i]);
    free(rt->routes);
    free(rt->patterns);
    free(rt->slots);
    free(rt);
}

size_t aor_routes_count(const aor_routes_t *rt)
{
    return rt->count;
}

const aor_route_t *aor_routes_get(const aor_routes_t *rt, size_t i)
{
    return &rt->routes[i].pub;
}

/* Insert route i into slots (which has room). */
static void index_insert(size_t *slots, size_t n_slots,
                         const route_entry_t *routes, size_t i)
{
    const aor_route_t *r = &routes[i].pub;
    size_t mask = n_slots - 1;
    size_t s = route_hash(r->method, r->pattern, strlen(r->pattern)) & mask;

    while (slots[s] != 0) {
        const aor_route_t *o = &routes[slots[s] - 1].pub;

        if (strcmp(o->method, r->method) == 0
            && strcmp(o->pattern, r->pattern) == 0)
            return;     /* the first one added wins */
        s = (s + 1) & mask;
    }
    slots[s] = i + 1;
}

static aor_status_t index_add(aor_routes_t *rt, size_t i, aor_error_t *err)
{
    size_t n, j, *slots;

    if (2 * (rt->n_exact + 1) > rt->n_slots) {
        n = rt->n_slots ? rt->n_slots * 2 : 64;
        slots = calloc(n, sizeof(*slots));
        if (slots == NULL)
            return aor_error_set(err, AOR_E_NOMEM, "out of memory");
        for (j = 0; j < rt->count; j++) {
            if (!rt->routes[j].is_pattern && j != i)
                index_insert(slots, n, rt->routes, j);
        }
        free(rt->slots);
        rt->slots = slots;
        rt->n_slots = n;
    }
    index_insert(rt->slots, rt->n_slots, rt->routes, i);
    rt->n_exact++;
    return AOR_OK;
}

static aor_status_t entry_fill(route_entry_t *e, const char *method,
                               const char *pattern,
                               const char *const *scopes, size_t n,
                               aor_error_t *err)
{
    size_t i;

    e->pub.method = strdup(method);
    e->pub.pattern = strdup(pattern);
    e->scope_copies = calloc(n ? n : 1, sizeof(char *));
    e->parsed = calloc(n ? n : 1, sizeof(aor_scope_t));
    if (!e->pub.method || !e->pub.pattern || !e->scope_copies || !e->parsed)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        e->scope_copies[i] = strdup(scopes[i]);
        if (e->scope_copies[i] == NULL)
            return aor_error_set(err, AOR_E_NOMEM, "out of memory");
        e->pub.n_scopes = i + 1;
        if (aor_scope_parse(scopes[i], strlen(scopes[i]), &e->parsed[i]))
            return aor_error_set(err, AOR_E_CONFIG, "'%s' is not a scope "
                                 "(resource:action or resource:id:action)",
                                 scopes[i]);
    }
    /* the parsed views point into the copies */
    for (i = 0; i < n; i++)
        aor_scope_parse(e->scope_copies[i], strlen(e->scope_copies[i]),
                        &e->parsed[i]);
    e->pub.scopes = (const char *const *)e->scope_copies;
    e->pub.parsed = e->parsed;
    e->is_pattern = aor_glob_is_pattern(pattern);
    e->prefix_len = aor_glob_prefix_len(pattern);
    return AOR_OK;
}

static aor_status_t grow(aor_routes_t *rt, aor_error_t *err)
{
    size_t cap = rt->cap ? rt->cap * 2 : 16;
    route_entry_t *routes = realloc(rt->routes, cap * sizeof(*routes));
    size_t *patterns;

    if (routes == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    rt->routes = routes;
    patterns = realloc(rt->patterns, cap * sizeof(*patterns));
    if (patterns == NULL)
        return aor_error_set(err, AOR_E_NOMEM, "out of memory");
    rt->patterns = patterns;
    rt->cap = cap;
    return AOR_OK;
}

aor_status_t aor_routes_add(aor_routes_t *rt, const char *method,
                            const char *pattern, const char *const *scopes,
                            size_t n_scopes, aor_error_t *err)
{
    route_entry_t *e;
    aor_status_t st;

    if (*method == '\0')
        return aor_error_set(err, AOR_E_CONFIG, "empty method");
    if (pattern[0] != '/')
        return aor_error_set(err, AOR_E_CONFIG, "the path '%s' does not "
                             "start with '/'", pattern);
    if (!aor_glob_valid(pattern))
        return aor_error_set(err, AOR_E_CONFIG, "'%s': character classes "
                             "([...]) are not supported", pattern);
    if (rt->count == rt->cap && (st = grow(rt, err)) != AOR_OK)
        return st;
    e = &rt->routes[rt->count];
    memset(e, 0, sizeof(*e));
    st = entry_fill(e, method, pattern, scopes, n_scopes, err);
    if (st != AOR_OK) {
        entry_free(e);
        return st;
    }
    rt->count++;
    if (e->is_pattern) {
        rt->patterns[rt->n_patterns++] = rt->count - 1;
        return AOR_OK;
    }
    st = index_add(rt, rt->count - 1, err);
    if (st != AOR_OK)
        entry_free(&rt->routes[--rt->count]);
    return st;
}

/* Index of the exact route for method and path, or (size_t)-1. */
static size_t exact_find(const aor_routes_t *rt, const char *method,
                         const char *path, size_t len)
{
    size_t mask = rt->n_slots - 1, s;

    if (rt->n_slots == 0)
        return (size_t)-1;
    s = route_hash(method, path, len) & mask;
    while (rt->slots[s] != 0) {
        const aor_route_t *r = &rt->routes[rt->slots[s] - 1].pub;

        if (strcmp(r->method, method) == 0 && strlen(r->pattern) == len
            && memcmp(r->pattern, path, len) == 0)
            return rt->slots[s] - 1;
        s = (s + 1) & mask;
    }
    return (size_t)-1;
}

const aor_route_t *aor_routes_lookup(const aor_routes_t *rt,
                                     const char *method, const char *path,
                                     size_t len)
{
    size_t a = exact_find(rt, method, path, len);
    size_t b = exact_find(rt, "*", path, len), i;

    if (a != (size_t)-1 || b != (size_t)-1)
        return &rt->routes[a < b ? a : b].pub;
    for (i = 0; i < rt->n_patterns; i++) {
        const route_entry_t *e = &rt->routes[rt->patterns[i]];

        if (e->prefix_len > len
            || memcmp(e->pub.pattern, path, e->prefix_len) != 0)
            continue;
        if ((e->pub.method[0] == '*' || strcmp(e->pub.method, method) == 0)
            && aor_glob_match(e->pub.pattern, path, len))
            return &e->pub;
    }
    return NULL;
}

aor_routes_t *aor_routes_new_default(aor_error_t *err)
{
    aor_routes_t *rt = aor_routes_new();
    const char *scopes[8];
    char buf[256], *tok, *save = NULL;
    size_t i, n;

    if (rt == NULL) {
        aor_error_set(err, AOR_E_NOMEM, "out of memory");
        return NULL;
    }
    for (i = 0; i < aor_default_routes_count; i++) {
        const aor_default_route_t *d = &aor_default_routes[i];

        strncpy(buf, d->scopes, sizeof(buf) - 1);
        buf[sizeof(buf) - 1] = '\0';
        n = 0;
        for (tok = strtok_r(buf, " ", &save); tok != NULL && n < 8;
             tok = strtok_r(NULL, " ", &save))
            scopes[n++] = tok;
        if (aor_routes_add(rt, d->method, d->pattern, scopes, n, err)) {
            aor_routes_free(rt);
            return NULL;
        }
    }
    return rt;
}

const char *aor_routes_path(const char *path, const char *base, size_t *len)
{
    size_t blen = base ? strlen(base) : 0, n;

    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    if (blen > 0 && strncmp(path, base, blen) == 0
        && (path[blen] == '/' || path[blen] == '\0'))
        path += blen;
    n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    if (n == 0) {
        /* the base path itself is the root of the mounted API */
        *len = 1;
        return "/";
    }
    *len = n;
    return path;
}
