/*
 * utf8.c — drsim's one UTF-8 decoder is strict (RFC 3629: no overlong form,
 * no surrogate, nothing above U+10FFFF, no truncated sequence), and
 * utf8_count counts characters as terminals and charts lay them out.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "sim/core/utf8.h"

static size_t decode(const char *s, size_t n, uint32_t *cp)
{
    return utf8_decode((const unsigned char *)s, n, cp);
}

Test(utf8, every_length_decodes_to_its_code_point)
{
    static const struct {
        const char *s;
        size_t len;
        uint32_t cp;
    } ok[] = {
        {"A", 1, 0x41},
        {"\xc3\xa9", 2, 0xe9},
        {"\xe2\x80\x94", 3, 0x2014},
        {"\xf0\x9f\x8c\x8a", 4, 0x1f30a},
        {"\xf4\x8f\xbf\xbf", 4, 0x10ffff},
        {"\xc2\x80", 2, 0x80},
        {"\xef\xbf\xbf", 3, 0xffff},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        uint32_t cp = 0;
        cr_assert_eq(decode(ok[i].s, strlen(ok[i].s), &cp), ok[i].len, "case %zu", i);
        cr_assert_eq(cp, ok[i].cp, "case %zu: U+%04X", i, (unsigned)cp);
    }
}

Test(utf8, what_rfc_3629_forbids_is_refused)
{
    static const char *const bad[] = {
        "\xc0\xaf",         /* overlong '/' */
        "\xe0\x80\xaf",     /* overlong, three bytes */
        "\xf0\x80\x80\xaf", /* overlong, four bytes */
        "\xed\xa0\x80",     /* U+D800, a surrogate */
        "\xed\xbf\xbf",     /* U+DFFF */
        "\xf4\x90\x80\x80", /* U+110000 */
        "\xf5\x80\x80\x80", /* a lead byte past F4 */
        "\x80",             /* a continuation alone */
        "\xc3",             /* truncated */
        "\xe2\x80",         /* truncated */
        "\xe2\x28\xa1",     /* a bad continuation */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t cp = 0xabcdef;
        cr_assert_eq(decode(bad[i], strlen(bad[i]), &cp), 0, "case %zu", i);
        cr_assert_eq(cp, 0xabcdef, "case %zu: *cp was changed", i);
    }
    uint32_t cp = 0;
    cr_assert_eq(decode("A", 0, &cp), 0, "n = 0 decodes nothing");
    cr_assert_eq(decode("\xc3\xa9", 1, &cp), 0, "a sequence cut by n");
}

Test(utf8, count_is_one_per_character_and_per_stray_byte)
{
    const char *s = "r\xc3\xa9gion \xe2\x80\x94 \xf0\x9f\x8c\x8a";
    cr_assert_eq(utf8_count(s, strlen(s)), 10);
    cr_assert_eq(utf8_count(s, 3), 2, "a prefix");
    cr_assert_eq(utf8_count("\xff\xfe", 2), 2, "bytes that are not UTF-8 count one each");
    cr_assert_eq(utf8_count("", 0), 0);
}
