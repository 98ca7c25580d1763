/*
 * aor_glob.h - shell-style pattern matching as Python's fnmatch does it
 * for AgentOS routes: '*' matches any run of characters, '/' included;
 * '?' matches one character.  Character classes are not supported
 * (aor_glob_valid refuses them) so a pattern means what it shows.
 */
#ifndef AOR_GLOB_H
#define AOR_GLOB_H

#include <stddef.h>

/* 1 when pattern (NUL-terminated) matches s[0..len). */
int aor_glob_match(const char *pattern, const char *s, size_t len);

/* 1 when the pattern holds a wildcard ('*' or '?'). */
int aor_glob_is_pattern(const char *pattern);

/* 1 when the pattern is supported: no '[' or ']' classes. */
int aor_glob_valid(const char *pattern);

/* Length of the literal prefix before the first wildcard. */
size_t aor_glob_prefix_len(const char *pattern);

#endif /* AOR_GLOB_H */
