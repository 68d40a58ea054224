/*
 * escape.h — text from a file or a database made safe to print on a terminal.
 *
 * Scenario files and results databases may come from anywhere; their text
 * (names, descriptions, event details, values in error messages) must not
 * reach a terminal as escape sequences that retitle the window, clear the
 * screen or move the cursor. Every control character — C0 (U+0000..U+001F),
 * DEL and C1 (U+0080..U+009F) — is shown escaped: \n, \t, \r, \e for the
 * common ones, \xNN (C0, DEL) or \u00NN (C1) for the others, and a byte that
 * is not UTF-8 as \xNN. A backslash stays a backslash: the escaped text is
 * for a person to read, not to be parsed back. Everything else — printable
 * ASCII and valid UTF-8 — passes unchanged.
 *
 * esc_multiline keeps newlines (and tabs) as they are, for blocks of text
 * shown as blocks (a scenario's description).
 */
#ifndef DRSIM_ESCAPE_H
#define DRSIM_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes the safe form of s (NULL: "") into buf[0..n) and returns the
 * length the whole of it needs, as snprintf. */
size_t esc_text(const char *s, char *buf, size_t n);
size_t esc_multiline(const char *s, char *buf, size_t n);

/* Whether s has nothing to escape (then it can be printed as it is). */
bool esc_is_safe(const char *s);

/* The safe form of s in a thread-local buffer, one of 8 used in turn (so up
 * to 8 may be arguments of one printf), each up to 4 KiB (longer text is
 * cut, ending in "…"). For printing a value in a line of drsim's own text. */
const char *esc_tmp(const char *s);

/* Writes the safe form of s on f. Returns what fputs returns. */
int esc_fputs(const char *s, FILE *f);

#endif
