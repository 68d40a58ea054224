/*
 * scneq.h — whether two loaded scenarios describe the same simulation, for
 * the tests and the loader's fuzz target (the print/load round trip).
 *
 * Every row of the format's tables (models/scenario/fields.h) is compared
 * exactly, in every world and every variant's strategy, derived landings and
 * options' flags included; then the variants and the expectations. Ignored:
 * the path, source and digest, positions, an expectation's text as written,
 * whether a Traffic Manager timeout was written or derived, and how a
 * lognormal was written (quantiles or mu/sigma). Usable without Criterion.
 */
#ifndef DRSIM_TESTS_SCNEQ_H
#define DRSIM_TESTS_SCNEQ_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"

/* True when a and b are the same simulation; otherwise false and, when why
 * is not NULL, the first difference described in why[0..n) (such as
 * "worlds[1].storage[0].geo_replication.bandwidth: distributions differ"). */
bool scn_equal(const scn_scenario *a, const scn_scenario *b, char *why, size_t n);

#endif
