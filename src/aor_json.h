/*
 * aor_json.h - the strict JSON entry point of the core (jansson).
 *
 * Every JSON text from a token or a JWKS is parsed here: a top-level
 * object, duplicate member names rejected (RFC 7515 4 / RFC 8725), NUL in
 * strings rejected, invalid UTF-8 and lone surrogates rejected (jansson).
 */
#ifndef AOR_JSON_H
#define AOR_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "aor_err.h"

/*
 * Parse buf[0..len) as one JSON object.  Returns a new reference, or NULL
 * with err filled (status AOR_E_MALFORMED).
 */
json_t *aor_json_parse_object(const char *buf, size_t len,
                              aor_error_t *err);

/*
 * Member name of object as a string: 0 and *value set (borrowed) when it
 * is a string, 0 and *value NULL when absent, -1 when present but not a
 * string.
 */
int aor_json_get_string(const json_t *object, const char *name,
                        const char **value);

/* 1 when s[0..len) holds a byte below 0x20 or 0x7f. */
int aor_has_control_char(const char *s, size_t len);

#endif /* AOR_JSON_H */
