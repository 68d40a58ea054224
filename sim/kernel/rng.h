/*
 * rng.h — PCG32 random streams.
 *
 * PCG32 is PCG-XSH-RR with 64-bit state and 32-bit output (M. E. O'Neill,
 * "PCG: A Family of Simple Fast Space-Efficient Statistically Good Algorithms
 * for Random Number Generation", 2014). drsim's implementation reproduces the
 * reference vectors in tests/golden/pcg32/ exactly (tests/unit/kernel/rng.c).
 *
 * Streams. Every trial and every stochastic entity within it draws from its own
 * generator, derived from (scenario seed, trial index, entity id) by
 * rng_stream. The derivation is a pure function, so a trial's draws do not
 * depend on thread count, shard, or the order in which trials run:
 *
 *     k0 = mix64(seed ^ 0x6472_7369_6d00_0001)      ("drsim" tag)
 *     k1 = mix64(k0 ^ trial)
 *     k2 = mix64(k1 ^ entity)
 *     generator = pcg32 seeded with initstate = k2, initseq = mix64(k2 ^ 0x5851f42d4c957f2d)
 *
 * where mix64 is the SplitMix64 finaliser (Steele, Lea & Flood, 2014). The
 * entity id of a named entity is rng_name_id(name) (64-bit FNV-1a), so a stream
 * is tied to what it models, not to where it sits in a list. This derivation is
 * part of drsim's determinism contract: changing it changes every result.
 *
 * Salts. A model that needs a second stream for an entity that already has
 * one (the same VM's creation in a drill and in the real failover) XORs a
 * salt into the entity id; the list below is every salt drsim mixes into an
 * entity id, and the draws each keeps apart. (The write streams' tree,
 * models/world/writes.c, tags its sub-streams of one stream with a serial
 * under its own TAG_ constants: those never meet an entity id.) Each is the ASCII of its word, so a salt reads
 * as what it separates; a salt serves one purpose only. Changing one
 * changes every result that depends on its draws.
 *
 * An rng is a plain value (two words); copy it, embed it, no ownership.
 */
#ifndef DRSIM_RNG_H
#define DRSIM_RNG_H

#include <stdint.h>

typedef struct rng {
    uint64_t state;
    uint64_t inc; /* always odd */
} rng;

/* A test failover's recovery plan: its VM creations, capacity shortages and
 * actions, apart from the real failover's plan (whose salt is 0). */
#define RNG_SALT_DRILL UINT64_C(0x6472696c6c) /* "drill" */

/* Site Recovery's failback plan: the same draws, apart from both. */
#define RNG_SALT_FAILBACK UINT64_C(0x6261636b) /* "back" */

/* A write stream's writes on the new side after a failover (the writes
 * replicated back at failback), apart from its writes before. */
#define RNG_SALT_REVERSE_WRITES UINT64_C(0x7265766572736500) /* "revers" */

/* The lag of a stream's replication back to its old side (an unplanned
 * failback's loss, lag model), apart from the lag of its replication
 * before the failover. */
#define RNG_SALT_REVERSE_LAG UINT64_C(0x7265766c6167) /* "revlag" */

/* The control plane's impairment of one operation (its extra delay), apart
 * from the operation's own draws. */
#define RNG_SALT_CP_DELAY UINT64_C(0x6370646c6179) /* "cpdlay" */

/* A blob's own recovery point between its account's Last Sync Time and the
 * failure, apart from the account's lag. */
#define RNG_SALT_BLOB_POINT UINT64_C(0x626c6f627074) /* "blobpt" */

/* Whether a lag falls within Geo Priority Replication's SLA (its 99 %),
 * apart from the lag itself. */
#define RNG_SALT_GPR UINT64_C(0x677072) /* "gpr" */

/* The lag at a planned (customer-initiated, no-loss) failover, apart from
 * the lag at an unplanned one. */
#define RNG_SALT_PLANNED UINT64_C(0x706c616e) /* "plan" */

/* Seeds as the reference pcg32_srandom_r(initstate, initseq). */
void rng_seed(rng *r, uint64_t initstate, uint64_t initseq);

/* The next 32-bit output. */
static inline uint32_t rng_u32(rng *r)
{
    uint64_t old = r->state;
    r->state = old * 6364136223846793005ULL + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

/* An unbiased draw in [0, bound), bound >= 1 (rejection, as the reference). */
uint32_t rng_bounded(rng *r, uint32_t bound);

/* 53 random bits from two outputs (27 + 26 bits, as genrand_res53). */
static inline uint64_t rng_bits53(rng *r)
{
    uint64_t hi = rng_u32(r) >> 5;
    uint64_t lo = rng_u32(r) >> 6;
    return (hi << 26) | lo;
}

/* A double in [0, 1) with 53 random bits: k / 2^53 for k in [0, 2^53). */
static inline double rng_unit(rng *r)
{
    return (double)rng_bits53(r) * 0x1.0p-53;
}

/* A double in (0, 1) with 53 random bits, so its logarithm is finite: k / 2^53
 * for k in [1, 2^53). The one value k = 0 is drawn again (probability 2^-53);
 * a midpoint formula such as (k + 0.5) / 2^53 would round to 1.0 at the top. */
static inline double rng_unit_open(rng *r)
{
    uint64_t k;
    do
        k = rng_bits53(r);
    while (k == 0);
    return (double)k * 0x1.0p-53;
}

/* The SplitMix64 finaliser: a bijective 64-bit mix. */
uint64_t rng_mix64(uint64_t x);

/* 64-bit FNV-1a of a NUL-terminated name. */
uint64_t rng_name_id(const char *name);

/* The generator of (seed, trial, entity), as documented above. */
rng rng_stream(uint64_t seed, uint64_t trial, uint64_t entity);

#endif
