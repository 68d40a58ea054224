/*
 * churn.c — ASR churn limits by disk kind, size and I/O size: the Normal
 * Churn table of the support matrix and the High Churn table, as rows.
 *
 * A row applies to disks of its kind at least its size and I/O at least its
 * I/O size; of the rows that apply, the one of the largest size class, then
 * of the largest I/O size, gives the limit. Between the listed I/O sizes the
 * limit of the next smaller one applies (a step function), and an I/O size
 * below the smallest listed (8 KB) takes that row: neither promises more than
 * the tables do. The tables list premium disks from 128 GiB only: a smaller
 * premium disk takes the standard rows (an assumption, see defaults.h).
 */
#include "models/azure/churn.h"

#include <stddef.h>

#include "models/azure/defaults.h"

typedef struct row {
    churn_disk kind;
    double size, io, limit; /* the row's least size and I/O size; its limit */
} row;

/* azure-to-azure-support-matrix.md, "Limits and data change rates". */
static const row normal[] = {
    {CHURN_STANDARD, 0, ASR_IO_8K, ASR_NORMAL_STD_8K},
    {CHURN_PREMIUM, ASR_PREMIUM_128G, ASR_IO_8K, ASR_NORMAL_P128_8K},
    {CHURN_PREMIUM, ASR_PREMIUM_128G, ASR_IO_16K, ASR_NORMAL_P128_16K},
    {CHURN_PREMIUM, ASR_PREMIUM_128G, ASR_IO_32K, ASR_NORMAL_P128_32K},
    {CHURN_PREMIUM, ASR_PREMIUM_512G, ASR_IO_8K, ASR_NORMAL_P512_8K},
    {CHURN_PREMIUM, ASR_PREMIUM_512G, ASR_IO_16K, ASR_NORMAL_P512_16K},
};

/* concepts-azure-to-azure-high-churn-support.md, "Data change limits". */
static const row high[] = {
    {CHURN_STANDARD, 0, ASR_IO_8K, ASR_HIGH_STD_8K},
    {CHURN_STANDARD, 0, ASR_IO_16K, ASR_HIGH_STD_16K},
    {CHURN_STANDARD, 0, ASR_IO_24K, ASR_HIGH_STD_24K},
    {CHURN_STANDARD, 0, ASR_IO_32K, ASR_HIGH_STD_32K},
    {CHURN_PREMIUM, ASR_PREMIUM_128G, ASR_IO_8K, ASR_HIGH_P128_8K},
    {CHURN_PREMIUM, ASR_PREMIUM_128G, ASR_IO_16K, ASR_HIGH_P128_16K},
    {CHURN_PREMIUM, ASR_PREMIUM_128G, ASR_IO_24K, ASR_HIGH_P128_24K},
    {CHURN_PREMIUM, ASR_PREMIUM_512G, ASR_IO_8K, ASR_HIGH_P512_8K},
    {CHURN_PREMIUM, ASR_PREMIUM_512G, ASR_IO_16K, ASR_HIGH_P512_16K},
    {CHURN_PREMIUM, ASR_PREMIUM_512G, ASR_IO_24K, ASR_HIGH_P512_24K},
    {CHURN_PREMIUM, ASR_PREMIUM_1T, ASR_IO_8K, ASR_HIGH_P1T_8K},
    {CHURN_PREMIUM, ASR_PREMIUM_1T, ASR_IO_16K, ASR_HIGH_P1T_16K},
    {CHURN_PREMIUM, ASR_PREMIUM_1T, ASR_IO_24K, ASR_HIGH_P1T_24K},
};

/* The limit of the table's row for (kind, size, io), or -1 when no row of
 * that kind is as small as the disk. */
static double lookup(const row *t, size_t n, churn_disk kind, double size, double io)
{
    double cls = -1;
    for (size_t i = 0; i < n; i++)
        if (t[i].kind == kind && t[i].size <= size && t[i].size > cls)
            cls = t[i].size;
    if (cls < 0)
        return -1;
    /* The largest listed I/O size not above io; below them all, the smallest. */
    const row *best = NULL, *least = NULL;
    for (size_t i = 0; i < n; i++) {
        const row *r = &t[i];
        if (r->kind != kind || r->size != cls)
            continue;
        if (least == NULL || r->io < least->io)
            least = r;
        if (r->io <= io && (best == NULL || r->io > best->io))
            best = r;
    }
    return (best != NULL ? best : least)->limit;
}

double churn_disk_limit(churn_disk kind, bool high_churn, double size, double io_size)
{
    const row *t = high_churn ? high : normal;
    size_t n = high_churn ? sizeof high / sizeof *high : sizeof normal / sizeof *normal;
    double limit = lookup(t, n, kind, size, io_size);
    if (limit < 0) /* a premium disk under 128 GiB: the standard rows */
        limit = lookup(t, n, CHURN_STANDARD, size, io_size);
    return limit;
}

double churn_vm_limit(bool high_churn)
{
    return high_churn ? ASR_VM_LIMIT_HIGH_CHURN : ASR_VM_LIMIT;
}
