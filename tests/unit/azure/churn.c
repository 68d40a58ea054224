/*
 * churn.c — Site Recovery's churn tables (models/azure/churn.h) row by row:
 * the Normal Churn table of azure-to-azure-support-matrix.md and the High
 * Churn table of concepts-azure-to-azure-high-churn-support.md, their size
 * classes (128 GiB, 512 GiB, 1 TiB), their I/O steps, and the per-VM limits.
 */
#include <criterion/criterion.h>

#include "models/azure/churn.h"

#define KIB 1024.0
#define GIB (1024.0 * 1024 * 1024)
#define MBS 1e6

typedef struct want {
    churn_disk kind;
    double size_gib, io_kib, mbs;
} want;

static void check(const want *w, size_t n, bool high)
{
    for (size_t i = 0; i < n; i++) {
        double got = churn_disk_limit(w[i].kind, high, w[i].size_gib * GIB, w[i].io_kib * KIB);
        cr_expect_eq(got, w[i].mbs * MBS, "%s churn, %s disk of %g GiB at %g KiB: %g MB/s, "
                                          "expected %g",
                     high ? "high" : "normal", w[i].kind == CHURN_PREMIUM ? "premium" : "standard",
                     w[i].size_gib, w[i].io_kib, got / MBS, w[i].mbs);
    }
}

Test(churn, normal_churn_table)
{
    static const want w[] = {
        /* Standard storage: 2 MB/s at 8 KB, and no more at larger I/O. */
        {CHURN_STANDARD, 64, 8, 2},
        {CHURN_STANDARD, 4096, 64, 2},
        /* Premium SSD 128 GiB or more: 2 / 4 / 8 MB/s at 8 / 16 / >= 32 KB. */
        {CHURN_PREMIUM, 128, 8, 2},
        {CHURN_PREMIUM, 128, 16, 4},
        {CHURN_PREMIUM, 128, 32, 8},
        {CHURN_PREMIUM, 128, 256, 8},
        /* 257-511 GiB are still in the 128 GiB rows (the old 256 GiB bound
         * gave them 5 / 20 MB/s). */
        {CHURN_PREMIUM, 257, 8, 2},
        {CHURN_PREMIUM, 300, 16, 4},
        {CHURN_PREMIUM, 511, 32, 8},
        /* Premium SSD 512 GiB or more: 5 / 20 MB/s at 8 / >= 16 KB. */
        {CHURN_PREMIUM, 512, 8, 5},
        {CHURN_PREMIUM, 512, 16, 20},
        {CHURN_PREMIUM, 32767, 64, 20},
        /* Between listed I/O sizes: the smaller one's row; below 8 KB: 8 KB's. */
        {CHURN_PREMIUM, 128, 12, 2},
        {CHURN_PREMIUM, 128, 24, 4},
        {CHURN_PREMIUM, 1024, 4, 5},
        /* Premium under 128 GiB: no row; the standard one (assumption). */
        {CHURN_PREMIUM, 64, 32, 2},
        {CHURN_PREMIUM, 127, 8, 2},
    };
    check(w, sizeof w / sizeof *w, false);
}

Test(churn, high_churn_table)
{
    static const want w[] = {
        /* Standard: 2 / 4 / 6 / 8 MB/s at 8 / 16 / 24 / >= 32 KB. */
        {CHURN_STANDARD, 128, 8, 2},
        {CHURN_STANDARD, 128, 16, 4},
        {CHURN_STANDARD, 128, 24, 6},
        {CHURN_STANDARD, 128, 32, 8},
        {CHURN_STANDARD, 4096, 1024, 8},
        /* Premium 128 GiB and 512 GiB or more: 10 / 20 / 30 MB/s at 8 / 16 / >= 24 KB. */
        {CHURN_PREMIUM, 128, 8, 10},
        {CHURN_PREMIUM, 128, 16, 20},
        {CHURN_PREMIUM, 128, 24, 30},
        {CHURN_PREMIUM, 512, 8, 10},
        {CHURN_PREMIUM, 512, 16, 20},
        {CHURN_PREMIUM, 1023, 64, 30},
        /* Premium 1 TiB or more: 20 / 35 / 50 MB/s at 8 / 16 / >= 24 KB. A 1 TiB
         * disk written at 15 MB/s in 8 KB writes is within it (Normal Churn
         * allows 5 MB/s). */
        {CHURN_PREMIUM, 1024, 8, 20},
        {CHURN_PREMIUM, 1024, 16, 35},
        {CHURN_PREMIUM, 1024, 24, 50},
        {CHURN_PREMIUM, 65536, 256, 50},
        /* Steps and the small premium disk, as in the normal table. */
        {CHURN_PREMIUM, 1024, 20, 35},
        {CHURN_PREMIUM, 1024, 0.5, 20},
        {CHURN_PREMIUM, 100, 24, 6},
    };
    check(w, sizeof w / sizeof *w, true);
}

Test(churn, limits_never_fall_with_size_or_io)
{
    static const double sizes[] = {1, 64, 127, 128, 200, 511, 512, 1000, 1023, 1024, 4096, 65536};
    static const double ios[] = {0.5, 4, 8, 12, 16, 20, 24, 28, 32, 64, 1024};
    for (int high = 0; high < 2; high++)
        for (int k = 0; k < 2; k++)
            for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
                for (size_t j = 0; j < sizeof ios / sizeof *ios; j++) {
                    churn_disk kind = k ? CHURN_PREMIUM : CHURN_STANDARD;
                    double l = churn_disk_limit(kind, high, sizes[i] * GIB, ios[j] * KIB);
                    cr_assert_gt(l, 0);
                    if (i > 0)
                        cr_assert_geq(l, churn_disk_limit(kind, high, sizes[i - 1] * GIB,
                                                          ios[j] * KIB));
                    if (j > 0)
                        cr_assert_geq(l, churn_disk_limit(kind, high, sizes[i] * GIB,
                                                          ios[j - 1] * KIB));
                    cr_assert_geq(churn_disk_limit(CHURN_PREMIUM, high, sizes[i] * GIB,
                                                   ios[j] * KIB),
                                  churn_disk_limit(CHURN_STANDARD, high, sizes[i] * GIB,
                                                   ios[j] * KIB));
                    /* High Churn never promises less than Normal Churn. */
                    if (high)
                        cr_assert_geq(l, churn_disk_limit(kind, false, sizes[i] * GIB,
                                                          ios[j] * KIB));
                }
}

Test(churn, per_vm_limits)
{
    cr_assert_eq(churn_vm_limit(false), 54 * MBS);
    cr_assert_eq(churn_vm_limit(true), 100 * MBS);
}
