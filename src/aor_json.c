/*
 * aor_json.c - strict JSON parsing and small typed accessors.
 */
#include <string.h>

#include "aor_json.h"

json_t *aor_json_parse_object(const char *buf, size_t len, aor_error_t *err)
{
    json_error_t jerr;
    json_t *json;
    char *near;

    json = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (json == NULL) {
        /* jansson appends "near '<input>'": keep token bytes out of logs */
        near = strstr(jerr.text, " near ");
        if (near != NULL)
            *near = '\0';
        aor_error_set(err, AOR_E_MALFORMED, "invalid JSON at offset %d: %s",
                      jerr.position, jerr.text);
        return NULL;
    }
    if (!json_is_object(json)) {
        json_decref(json);
        aor_error_set(err, AOR_E_MALFORMED, "JSON value is not an object");
        return NULL;
    }
    return json;
}

int aor_json_get_string(const json_t *object, const char *name,
                        const char **value)
{
    json_t *member = json_object_get(object, name);

    *value = NULL;
    if (member == NULL)
        return 0;
    if (!json_is_string(member))
        return -1;
    *value = json_string_value(member);
    return 0;
}

int aor_has_control_char(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || c == 0x7f)
            return 1;
    }
    return 0;
}
