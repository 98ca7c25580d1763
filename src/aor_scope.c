/*
 * aor_scope.c - scope parsing and matching.
 *
 * Works on (pointer, length) views of the caller's strings: user scopes
 * are parsed on every check without copying.
 */
#include <string.h>

#include "aor_scope.h"

static int view_eq(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen) == 0;
}

/* Resource names compare with "system" read as "config". */
static void resource_canonical(const char **res, size_t *len)
{
    if (view_eq(*res, *len, "system", 6)) {
        *res = "config";
        *len = 6;
    }
}

static int resource_eq(const aor_scope_t *a, const aor_scope_t *b)
{
    const char *ar = a->res, *br = b->res;
    size_t al = a->res_len, bl = b->res_len;

    resource_canonical(&ar, &al);
    resource_canonical(&br, &bl);
    return view_eq(ar, al, br, bl);
}

int aor_scope_parse(const char *s, size_t len, aor_scope_t *out)
{
    const char *c1 = memchr(s, ':', len), *c2, *end = s + len;

    if (c1 == NULL)
        return -1;
    c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
    out->res = s;
    out->res_len = (size_t)(c1 - s);
    if (c2 == NULL) {
        out->id = NULL;
        out->id_len = 0;
        out->act = c1 + 1;
    }
    else {
        if (memchr(c2 + 1, ':', (size_t)(end - c2 - 1)) != NULL)
            return -1;
        out->id = c1 + 1;
        out->id_len = (size_t)(c2 - c1 - 1);
        out->act = c2 + 1;
        if (out->id_len == 0)
            return -1;
    }
    out->act_len = (size_t)(end - out->act);
    return (out->res_len == 0 || out->act_len == 0) ? -1 : 0;
}

/* The next segment of a path at *p; advances *p past it. */
static const char *next_segment(const char **p, size_t *len)
{
    const char *start, *s = *p;

    while (*s == '/')
        s++;
    start = s;
    while (*s != '\0' && *s != '/')
        s++;
    *len = (size_t)(s - start);
    *p = s;
    return *len ? start : NULL;
}

void aor_resource_from_path(const char *path, aor_resource_t *out)
{
    const char *p = path, *seg;
    size_t len;

    memset(out, 0, sizeof(*out));
    seg = next_segment(&p, &len);
    if (seg != NULL && view_eq(seg, len, "a2a", 3))
        seg = next_segment(&p, &len);
    if (seg == NULL
        || !(view_eq(seg, len, "agents", 6) || view_eq(seg, len, "teams", 5)
             || view_eq(seg, len, "workflows", 9)))
        return;
    out->type = seg;
    out->type_len = len;
    out->id = next_segment(&p, &out->id_len);
}

static int id_is_wildcard(const aor_scope_t *s)
{
    return s->id == NULL || view_eq(s->id, s->id_len, "*", 1);
}

/* Does user scope u satisfy the (already contextualised) required r? */
static int scope_satisfies(const aor_scope_t *u, const aor_scope_t *r)
{
    if (!resource_eq(u, r) || !view_eq(u->act, u->act_len, r->act, r->act_len))
        return 0;
    if (id_is_wildcard(u))
        return 1;
    return r->id != NULL && view_eq(u->id, u->id_len, r->id, r->id_len);
}

int aor_scope_granted(const char *const *user, size_t n_user,
                      const char *admin, const aor_scope_t *required,
                      const aor_resource_t *ctx)
{
    aor_scope_t r = *required, u;
    size_t i;

    if (ctx != NULL && ctx->id != NULL && r.id == NULL
        && view_eq(r.res, r.res_len, ctx->type, ctx->type_len)) {
        r.id = ctx->id;
        r.id_len = ctx->id_len;
    }
    for (i = 0; i < n_user; i++) {
        if (admin != NULL && strcmp(user[i], admin) == 0)
            return 1;
        if (aor_scope_parse(user[i], strlen(user[i]), &u) == 0
            && scope_satisfies(&u, &r))
            return 1;
    }
    return 0;
}

int aor_scope_all_granted(const char *const *user, size_t n_user,
                          const char *admin, const aor_scope_t *required,
                          size_t n_required, const aor_resource_t *ctx)
{
    size_t i;

    for (i = 0; i < n_required; i++) {
        if (!aor_scope_granted(user, n_user, admin, &required[i], ctx))
            return 0;
    }
    return 1;
}

int aor_scope_listing_applies(const aor_resource_t *ctx,
                              const aor_scope_t *first)
{
    return ctx->type != NULL && ctx->id == NULL && first != NULL
        && view_eq(first->res, first->res_len, ctx->type, ctx->type_len);
}

static int seen_before(const aor_view_t *ids, size_t n, const char *p,
                       size_t len)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (view_eq(ids[i].p, ids[i].len, p, len))
            return 1;
    }
    return 0;
}

int aor_scope_visible_ids(const char *const *user, size_t n_user,
                          const char *admin, const aor_scope_t *required,
                          aor_view_t *ids, size_t *n_ids)
{
    aor_scope_t u;
    size_t i;

    *n_ids = 0;
    for (i = 0; i < n_user; i++) {
        if (admin != NULL && strcmp(user[i], admin) == 0)
            return 1;
        if (aor_scope_parse(user[i], strlen(user[i]), &u) != 0
            || !resource_eq(&u, required)
            || !view_eq(u.act, u.act_len, required->act, required->act_len))
            continue;
        if (id_is_wildcard(&u))
            return 1;
        if (!seen_before(ids, *n_ids, u.id, u.id_len)) {
            ids[*n_ids].p = u.id;
            ids[*n_ids].len = u.id_len;
            (*n_ids)++;
        }
    }
    return 0;
}
