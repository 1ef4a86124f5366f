/*
 * test_hash.c — pins nx_fnv1a (lib/hash.h): its values are on disk in
 * every database (hashed ids, XF file terms, file-record keys and content
 * hashes), so they must never change, not even to "fix" the truncated
 * offset basis.  The expected values were computed by the code at
 * 5bebfc6, whose databases exist.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/hash.h"

static void test_pinned_values(void **state)
{
    (void)state;
    static const struct { const char *in; uint64_t h; } pins[] = {
        { "", 0x14650fb0739d0383ULL },          /* the basis itself */
        { "a", 0x44bd8ad473cd9906ULL },
        { "/data/a.sgm", 0xe667d0ee701a2d03ULL },
        { "Z\xc3\xbcrich", 0x4ada851895f24db2ULL },
    };
    for (size_t i = 0; i < sizeof pins / sizeof *pins; i++)
        assert_true(nx_fnv1a(pins[i].in, strlen(pins[i].in)) == pins[i].h);
    assert_true(nx_fnv1a(NULL, 0) == NX_FNV1A_BASIS);
    /* An id too long for a term is stored as two hashes, of the whole and
     * of its first half plus one byte (indexer/docbuild.c). */
    char id[300];
    memset(id, 'x', sizeof id);
    assert_true(nx_fnv1a(id, 300) == 0xa55e5318db0cf2d3ULL);
    assert_true(nx_fnv1a(id, 151) == 0x3ac32f3c8b32eca9ULL);
    /* The truncated basis, not FNV's published 14695981039346656037. */
    assert_true(NX_FNV1A_BASIS == 1469598103934665603ULL);
    assert_true(NX_FNV1A_BASIS != 14695981039346656037ULL);
}

/* Every byte counts, high bytes as unsigned, and the order matters. */
static void test_bytes(void **state)
{
    (void)state;
    assert_true(nx_fnv1a("ab", 2) != nx_fnv1a("ba", 2));
    assert_true(nx_fnv1a("a\0", 2) != nx_fnv1a("a", 1));
    unsigned char hi = 0xE9;
    uint64_t want = (NX_FNV1A_BASIS ^ 0xE9) * NX_FNV1A_PRIME;
    assert_true(nx_fnv1a(&hi, 1) == want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pinned_values),
        cmocka_unit_test(test_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
