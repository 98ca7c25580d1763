/*
 * tap.h - a minimal Test Anything Protocol emitter for the C unit tests.
 *
 *   ok(cond, "name %d", i)       one test point
 *   is_int(got, want, "name")    with got/want diagnostics on failure
 *   is_str(got, want, "name")
 *   return tap_done();           prints the plan, exit status 0 or 1
 *
 * Header-only on purpose: each test binary is one translation unit.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TAP_UNUSED __attribute__((unused))

static int tap_count;
static int tap_failed;

static TAP_UNUSED int tap_vok(int pass, const char *file, int line,
                              const char *fmt, va_list ap)
{
    tap_count++;
    printf("%s %d - ", pass ? "ok" : "not ok", tap_count);
    vprintf(fmt, ap);
    printf("\n");
    if (!pass) {
        tap_failed++;
        printf("#   Failed test at %s line %d.\n", file, line);
    }
    fflush(stdout);
    return pass;
}

static TAP_UNUSED int tap_ok(int pass, const char *file, int line,
                             const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static TAP_UNUSED int tap_ok(int pass, const char *file, int line,
                             const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = tap_vok(pass, file, line, fmt, ap);
    va_end(ap);
    return r;
}

static TAP_UNUSED int tap_is_int(long long got, long long want,
                                 const char *file, int line,
                                 const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static TAP_UNUSED int tap_is_int(long long got, long long want,
                                 const char *file, int line,
                                 const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = tap_vok(got == want, file, line, fmt, ap);
    va_end(ap);
    if (!r)
        printf("#          got: %lld\n#     expected: %lld\n", got, want);
    return r;
}

static TAP_UNUSED int tap_is_str(const char *got, const char *want,
                                 const char *file, int line,
                                 const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static TAP_UNUSED int tap_is_str(const char *got, const char *want,
                                 const char *file, int line,
                                 const char *fmt, ...)
{
    va_list ap;
    int same = (got == NULL && want == NULL)
        || (got != NULL && want != NULL && strcmp(got, want) == 0);
    int r;

    va_start(ap, fmt);
    r = tap_vok(same, file, line, fmt, ap);
    va_end(ap);
    if (!r)
        printf("#          got: '%s'\n#     expected: '%s'\n",
               got ? got : "(null)", want ? want : "(null)");
    return r;
}

static TAP_UNUSED void tap_diag(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static TAP_UNUSED void tap_diag(const char *fmt, ...)
{
    va_list ap;

    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

static TAP_UNUSED int tap_done(void)
{
    printf("1..%d\n", tap_count);
    if (tap_failed)
        printf("# Looks like you failed %d test%s of %d.\n", tap_failed,
               tap_failed == 1 ? "" : "s", tap_count);
    return tap_failed ? 1 : 0;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
    tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, \
               __VA_ARGS__)
#define is_str(got, want, ...) \
    tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

#endif /* TAP_H */
