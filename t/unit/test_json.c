/*
 * test_json.c - unit tests of aor_json: the strict JSON entry point every
 * token header, payload and JWKS goes through (SPEC 4.2, 4.11), its typed
 * string accessor and the control-character test used before a value is
 * forwarded to the backend (SPEC 4.11).
 */
#include <stdlib.h>
#include <string.h>

#include "aor_json.h"
#include "tap.h"

typedef struct {
    const char *name;
    const char *in;
    size_t len;
    int ok;             /* 1: a JSON object is returned, 0: NULL */
} parse_vector_t;

#define V(s) s, sizeof(s) - 1

static const parse_vector_t parse_vectors[] = {
    { "empty-object", V("{}"), 1 },
    { "jose-header", V("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"), 1 },
    { "surrounding-whitespace", V(" \t\r\n{\"a\":1}\n "), 1 },
    { "nested-values", V("{\"a\":[1,2.5,\"x\",null,true,{\"b\":{}}]}"), 1 },
    /* a valid surrogate pair is one character: U+1F600 */
    { "surrogate-pair", V("{\"a\":\"\\ud83d\\ude00\"}"), 1 },
    { "utf8-two-byte", V("{\"a\":\"caf\xc3\xa9\"}"), 1 },
    { "utf8-four-byte", V("{\"a\":\"\xf0\x9f\x98\x80\"}"), 1 },
    { "fractional-and-exponent", V("{\"exp\":1.7e9,\"nbf\":-0.5}"), 1 },
    { "same-name-in-sibling-objects", V("{\"a\":{\"x\":1},\"b\":{\"x\":2}}"),
      1 },

    /* a second "alg" could be read by one parser and not another */
    { "duplicate-alg-none", V("{\"alg\":\"RS256\",\"alg\":\"none\"}"), 0 },
    /* duplicates with the same value are still ambiguous input */
    { "duplicate-same-value", V("{\"a\":1,\"a\":1}"), 0 },
    /* an escaped name is the same member name once decoded */
    { "duplicate-via-escape", V("{\"alg\":\"RS256\",\"\\u0061lg\":\"none\"}"),
      0 },
    /* duplicates deeper in the document are equally ambiguous */
    { "duplicate-nested", V("{\"jwk\":{\"kty\":\"RSA\",\"kty\":\"oct\"}}"),
      0 },
    /* a JWS header and JWT claims set must be objects (RFC 7515 4) */
    { "top-level-array", V("[{\"alg\":\"RS256\"}]"), 0 },
    { "top-level-string", V("\"{}\""), 0 },
    { "top-level-number", V("1700000000"), 0 },
    { "top-level-null", V("null"), 0 },
    { "top-level-true", V("true"), 0 },
    { "empty-input", V(""), 0 },
    { "whitespace-only", V("  \n"), 0 },
    /* trailing bytes would let two parsers see different documents */
    { "trailing-garbage", V("{}x"), 0 },
    { "two-objects", V("{} {}"), 0 },
    { "trailing-nul", V("{}\0"), 0 },
    /* invalid UTF-8 (SPEC 4.11) */
    { "utf8-invalid-continuation", V("{\"a\":\"\x80\"}"), 0 },
    { "utf8-truncated-sequence", V("{\"a\":\"\xc3\"}"), 0 },
    { "utf8-overlong-slash", V("{\"a\":\"\xc0\xaf\"}"), 0 },
    { "utf8-encoded-surrogate", V("{\"a\":\"\xed\xa0\x80\"}"), 0 },
    { "utf8-beyond-u10ffff", V("{\"a\":\"\xf4\x90\x80\x80\"}"), 0 },
    { "utf8-byte-ff", V("{\"a\":\"\xff\"}"), 0 },
    { "utf8-invalid-in-name", V("{\"\xfe\":1}"), 0 },
    /* a UTF-8 BOM is not JSON whitespace */
    { "utf8-bom", V("\xef\xbb\xbf{}"), 0 },
    /* lone surrogate escapes are not Unicode text (SPEC 4.11) */
    { "lone-high-surrogate", V("{\"a\":\"\\ud800\"}"), 0 },
    { "lone-low-surrogate", V("{\"a\":\"\\udc00\"}"), 0 },
    { "high-surrogate-then-ascii", V("{\"a\":\"\\ud800x\"}"), 0 },
    { "reversed-surrogates", V("{\"a\":\"\\udc00\\ud800\"}"), 0 },
    /* NUL would truncate the C string the core forwards */
    { "escaped-nul-in-value", V("{\"sub\":\"admin\\u0000x\"}"), 0 },
    { "escaped-nul-in-name", V("{\"su\\u0000b\":\"x\"}"), 0 },
    { "raw-nul-in-value", V("{\"sub\":\"a\0b\"}"), 0 },
    /* raw control characters must be escaped in JSON strings */
    { "raw-newline-in-string", V("{\"sub\":\"a\nb\"}"), 0 },
    { "raw-tab-in-string", V("{\"sub\":\"a\tb\"}"), 0 },
    /* not JSON at all: lenient parsers accept these */
    { "single-quotes", V("{'alg':'none'}"), 0 },
    { "trailing-comma", V("{\"a\":1,}"), 0 },
    { "comment", V("{/* c */\"a\":1}"), 0 },
    { "nan", V("{\"exp\":NaN}"), 0 },
    { "infinity", V("{\"exp\":Infinity}"), 0 },
    { "unquoted-name", V("{alg:\"none\"}"), 0 },
    { "truncated", V("{\"alg\":\"RS2"), 0 },
    { "bad-escape", V("{\"a\":\"\\x41\"}"), 0 },
};

static void test_parse_vectors(void)
{
    size_t i;

    for (i = 0; i < sizeof(parse_vectors) / sizeof(parse_vectors[0]); i++) {
        const parse_vector_t *v = &parse_vectors[i];
        aor_error_t err;
        json_t *j;

        err.text[0] = '\0';
        j = aor_json_parse_object(v->in, v->len, &err);
        if (v->ok) {
            ok(j != NULL && json_is_object(j), "parse %s: accepted",
               v->name);
        }
        else {
            ok(j == NULL, "parse %s: rejected", v->name);
            ok(err.text[0] != '\0', "parse %s: error text set", v->name);
        }
        json_decref(j);
    }
}

/*
 * "[[[[..." `depth` deep inside an object, balanced, so only the nesting
 * limit can reject it.  Caller frees.
 */
static char *nested_document(size_t depth, size_t *len)
{
    char *buf = malloc(depth * 2 + 8), *p = buf;

    memcpy(p, "{\"a\":", 5);
    p += 5;
    memset(p, '[', depth);
    p += depth;
    memset(p, ']', depth);
    p += depth;
    *p++ = '}';
    *len = (size_t)(p - buf);
    return buf;
}

static void test_nesting(void)
{
    aor_error_t err;
    size_t len;
    char *doc;
    json_t *j;

    /* stack exhaustion by recursion: a limit must stop it (SPEC 4.11) */
    doc = nested_document(5000, &len);
    j = aor_json_parse_object(doc, len, &err);
    ok(j == NULL, "deep-nesting-5000: rejected without crashing");
    json_decref(j);
    free(doc);

    /* unbalanced: 5000 '[' and nothing else */
    doc = malloc(5000);
    memset(doc, '[', 5000);
    j = aor_json_parse_object(doc, 5000, &err);
    ok(j == NULL, "deep-nesting-unbalanced: rejected without crashing");
    json_decref(j);
    free(doc);

    /* ordinary nesting stays accepted */
    doc = nested_document(32, &len);
    j = aor_json_parse_object(doc, len, &err);
    ok(j != NULL, "nesting-32: accepted");
    json_decref(j);
    free(doc);
}

/* The error text is for logs: it must not quote the token's bytes. */
static void test_error_text(void)
{
    static const char secret[] = "{\"sig\":\"s3cr3t-token-bytes";
    aor_error_t err;
    json_t *j;

    err.text[0] = '\0';
    j = aor_json_parse_object(secret, sizeof(secret) - 1, &err);
    ok(j == NULL, "error-text: truncated document rejected");
    ok(strstr(err.text, "s3cr3t") == NULL,
       "error-text: input bytes not echoed");
    ok(err.text[0] != '\0', "error-text: a reason is given");
    json_decref(j);

    err.text[0] = '\0';
    j = aor_json_parse_object("[\"s3cr3t\"]", 10, &err);
    ok(j == NULL && strstr(err.text, "s3cr3t") == NULL,
       "error-text: non-object rejected without echo");
    json_decref(j);

    j = aor_json_parse_object("{\"a\":1,\"a\":2}", 13, NULL);
    ok(j == NULL, "err NULL: duplicate still rejected");
    json_decref(j);
}

static void test_get_string(void)
{
    static const char doc[] =
        "{\"sub\":\"user-123\",\"empty\":\"\",\"num\":42,\"nul\":null,"
        "\"t\":true,\"arr\":[\"x\"],\"obj\":{\"sub\":\"inner\"}}";
    static const char *const non_strings[] = {
        "num", "nul", "t", "arr", "obj"
    };
    aor_error_t err;
    const char *value;
    json_t *j = aor_json_parse_object(doc, sizeof(doc) - 1, &err);
    size_t i;

    if (!ok(j != NULL, "get_string: fixture parses"))
        return;
    value = NULL;
    is_int(aor_json_get_string(j, "sub", &value), 0, "present string: 0");
    is_str(value, "user-123", "present string: value");
    value = "sentinel";
    is_int(aor_json_get_string(j, "empty", &value), 0, "empty string: 0");
    is_str(value, "", "empty string: value is \"\", not NULL");
    value = "sentinel";
    is_int(aor_json_get_string(j, "absent", &value), 0, "absent: 0");
    ok(value == NULL, "absent: value NULL");
    value = "sentinel";
    is_int(aor_json_get_string(j, "SUB", &value), 0,
           "names are case-sensitive: SUB absent");
    ok(value == NULL, "names are case-sensitive: value NULL");
    for (i = 0; i < sizeof(non_strings) / sizeof(non_strings[0]); i++) {
        is_int(aor_json_get_string(j, non_strings[i], &value), -1,
               "non-string member '%s': -1", non_strings[i]);
    }
    json_decref(j);
}

static void test_control_char(void)
{
    static const char crlf[] = "s1\r\nX-AgentOS-User-Id: admin";
    char one[1];
    int c, wrong = 0;

    /* every single byte: control iff below 0x20 or exactly 0x7f */
    for (c = 0; c < 256; c++) {
        int want = c < 0x20 || c == 0x7f;

        one[0] = (char)c;
        if (aor_has_control_char(one, 1) != want) {
            wrong++;
            tap_diag("byte 0x%02x: got %d", c, !want);
        }
    }
    is_int(wrong, 0, "every byte: control iff < 0x20 or 0x7f");
    is_int(aor_has_control_char("\x00", 1), 1, "0x00 is a control char");
    is_int(aor_has_control_char("\x1f", 1), 1, "0x1f is a control char");
    is_int(aor_has_control_char(" ", 1), 0, "0x20 space is not");
    is_int(aor_has_control_char("~", 1), 0, "0x7e is not");
    is_int(aor_has_control_char("\x7f", 1), 1, "0x7f DEL is a control char");
    is_int(aor_has_control_char("\x80", 1), 0, "0x80 is not");
    is_int(aor_has_control_char("\xff", 1), 0, "0xff is not");
    /* UTF-8 text is forwarded as is: its bytes are all 0x80 and up */
    is_int(aor_has_control_char("J\xc3\xbcrgen \xe2\x82\xac", 11), 0,
           "utf8-text: not control");
    /* U+0085 (NEL) is C1 but its UTF-8 bytes are 0xc2 0x85 */
    is_int(aor_has_control_char("a\xc2\x85z", 4), 0,
           "utf8-c1-nel: bytes are not control chars");
    /* header injection: CR LF inside a value headed for a request header */
    is_int(aor_has_control_char(crlf, sizeof(crlf) - 1), 1,
           "crlf-header-injection: detected");
    is_int(aor_has_control_char("abc\tdef", 7), 1, "tab in the middle");
    is_int(aor_has_control_char("abcdef\n", 7), 1, "newline at the end");
    is_int(aor_has_control_char("abc\0def", 7), 1, "NUL in the middle");
    /* the length bounds the scan, not a NUL */
    is_int(aor_has_control_char("abc\n", 3), 0, "length honoured");
    is_int(aor_has_control_char("", 0), 0, "empty: not control");
}

int main(void)
{
    test_parse_vectors();
    test_nesting();
    test_error_text();
    test_get_string();
    test_control_char();
    return tap_done();
}
