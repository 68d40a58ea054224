/*
 * rng.c — PCG32 seeding, bounded draws, and stream derivation.
 *
 * The step and output functions are inline in rng.h because they sit on the
 * hot path of every model.
 */
#include "sim/kernel/rng.h"

void rng_seed(rng *r, uint64_t initstate, uint64_t initseq)
{
    r->state = 0;
    r->inc = (initseq << 1u) | 1u;
    (void)rng_u32(r);
    r->state += initstate;
    (void)rng_u32(r);
}

uint32_t rng_bounded(rng *r, uint32_t bound)
{
    /* Reject the low (2^32 mod bound) values so every residue is equally
     * likely; that threshold is -bound % bound in 32-bit arithmetic. */
    uint32_t threshold = (uint32_t)(-bound) % bound;
    for (;;) {
        uint32_t x = rng_u32(r);
        if (x >= threshold)
            return x % bound;
    }
}

uint64_t rng_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t rng_name_id(const char *name)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    return h;
}

rng rng_stream(uint64_t seed, uint64_t trial, uint64_t entity)
{
    uint64_t k = rng_mix64(seed ^ 0x647273696d000001ULL);
    k = rng_mix64(k ^ trial);
    k = rng_mix64(k ^ entity);
    rng r;
    rng_seed(&r, k, rng_mix64(k ^ 0x5851f42d4c957f2dULL));
    return r;
}
