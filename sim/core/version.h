/*
 * version.h — drsim's version. Stored with every run: results are promised to
 * be identical only for the same scenario, seed and version.
 */
#ifndef DRSIM_VERSION_H
#define DRSIM_VERSION_H

#define DRSIM_VERSION "0.1.0"

#endif
