/*
 * test_glob.c - aor_glob: fnmatch-style '*' (slashes included) and '?'.
 */
#include <string.h>

#include "aor_glob.h"
#include "tap.h"

typedef struct {
    const char *pattern, *subject;
    int match;
} glob_case_t;

static const glob_case_t cases[] = {
    { "/agents/*", "/agents/a1", 1 },
    /* star-crosses-slash: Python's fnmatch, unlike a shell */
    { "/agents/*", "/agents/a1/runs", 1 },
    { "/agents/*", "/agents/", 1 },
    { "/agents/*", "/agents", 0 },
    { "/agents/*/runs", "/agents/a1/runs", 1 },
    { "/agents/*/runs", "/agents/a/b/runs", 1 },
    { "/agents/*/runs", "/agents/a1/runs/x", 0 },
    { "/agents/*/runs/*/cancel", "/agents/a/runs/r/cancel", 1 },
    { "/agents/*/runs/*/cancel", "/agents/a/runs/r/continue", 0 },
    { "*", "", 1 },
    { "*", "/anything/at/all", 1 },
    { "**", "/x", 1 },
    { "/a?c", "/abc", 1 },
    { "/a?c", "/ac", 0 },
    { "/a?c", "/a/c", 1 },
    { "/exact", "/exact", 1 },
    { "/exact", "/exact/", 0 },
    { "/exact", "/exac", 0 },
    { "/*x*y", "/axbxcy", 1 },
    { "/*x*y", "/axbxc", 0 },
    { "", "", 1 },
    { "", "/", 0 },
};

int main(void)
{
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        is_int(aor_glob_match(cases[i].pattern, cases[i].subject,
                              strlen(cases[i].subject)), cases[i].match,
               "'%s' vs '%s'", cases[i].pattern, cases[i].subject);
    /* a length shorter than the string: only that much is the subject */
    is_int(aor_glob_match("/agents", "/agents/", 7), 1, "length honoured");
    /* pathological: many stars, long subject, still terminates fast */
    {
        char s[4097];

        memset(s, 'a', 4096);
        s[4096] = '\0';
        is_int(aor_glob_match("*a*a*a*a*a*a*a*a*b", s, 4096), 0,
               "many stars on 4 KiB without a match");
    }
    is_int(aor_glob_is_pattern("/a/*"), 1, "* is a pattern");
    is_int(aor_glob_is_pattern("/a?"), 1, "? is a pattern");
    is_int(aor_glob_is_pattern("/a/b"), 0, "literal");
    is_int(aor_glob_valid("/a/[ab]"), 0, "character classes refused");
    is_int(aor_glob_prefix_len("/agents/*/runs"), 8, "literal prefix");
    is_int(aor_glob_prefix_len("/config"), 7, "whole literal");
    return tap_done();
}
