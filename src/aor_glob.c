/*
 * aor_glob.c - '*' and '?' matching with one backtracking point.
 *
 * Linear in the subject for patterns with one star; in general O(n*m)
 * with n and m bounded by the request line and the configured pattern.
 * No recursion, no allocation.
 */
#include <string.h>

#include "aor_glob.h"

int aor_glob_match(const char *pattern, const char *s, size_t len)
{
    const char *p = pattern, *star = NULL;
    size_t i = 0, star_i = 0;

    while (i < len) {
        if (*p == '*') {
            star = ++p;
            star_i = i;
        }
        else if (*p != '\0' && (*p == '?' || *p == s[i])) {
            p++;
            i++;
        }
        else if (star != NULL) {
            /* let the last star swallow one more character */
            p = star;
            i = ++star_i;
        }
        else {
            return 0;
        }
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}

int aor_glob_is_pattern(const char *pattern)
{
    return strpbrk(pattern, "*?") != NULL;
}

int aor_glob_valid(const char *pattern)
{
    return strpbrk(pattern, "[]") == NULL;
}

size_t aor_glob_prefix_len(const char *pattern)
{
    return strcspn(pattern, "*?");
}
