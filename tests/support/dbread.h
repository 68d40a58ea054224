/*
 * dbread.h — one database file read by every command that reads one, in
 * process: the property the store fuzz target (tests/fuzz/fuzz_store.c) and
 * its regression test (tests/unit/store/store_fuzz.c) check.
 *
 * The commands — runs, show, compare, timeline and report, as tables or as
 * JSON (report: HTML and Markdown, or JSON and CSV) —
 * are called through the functions the command line calls (cmd.h), with
 * --db naming the file. Each must succeed or refuse the file with a status
 * of the contract (2 or 3), never ERR_INTERNAL; crashes, leaks and
 * undefined behaviour are for the sanitizers to catch. What the commands
 * print goes wherever stdout and stderr go.
 */
#ifndef DRSIM_TEST_DBREAD_H
#define DRSIM_TEST_DBREAD_H

#include <stddef.h>
#include <stdint.h>

/* Writes data to the file `db` (replacing it and any -wal, -shm or -journal
 * beside it), reads it with every command — their tables when json is 0,
 * their JSON when 1, both when -1 — and removes those files again. Returns
 * 0, or -1 with the reason in why[0..n). */
int dbread_all(const char *db, const uint8_t *data, size_t size, int json, char *why,
               size_t n);

#endif
