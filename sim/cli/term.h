/*
 * term.h — writing the game master's text on a terminal (term.c): escaped,
 * wrapped to the terminal's width, coloured only where colour is wanted.
 *
 * Every byte that reaches the terminal from a scenario (names, status-page
 * notices) goes through sim/core/escape.h: a control character or an escape
 * sequence in a scenario shows as "\e[31m", never acts. Colour, drsim's own
 * sequences only, is used when term_color says so: standard output is a
 * terminal, TERM is not "dumb", and NO_COLOR is unset or empty
 * (https://no-color.org).
 */
#ifndef DRSIM_TERM_H
#define DRSIM_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sim/core/strbuf.h"

/* The terminal's width in columns: the window's (TIOCGWINSZ on standard
 * output), else $COLUMNS, else 80; never less than 20. */
size_t term_width(void);

/* Whether to colour what is written to standard output. */
bool term_color(void);

/* The columns s[0..n) takes on the line being edited, as libedit draws it:
 * a code point takes one, a control character two ("^C"). For where the
 * cursor is on a line that wraps. */
size_t term_columns(const char *s, size_t n);

/* The line the team typed, escaped, with a caret under byte column `col`
 * (1-based) and `message` after it, each line indented by two; when the
 * line is too wide for `width`, only "column N: message". Appended to out,
 * to be written with term_write. */
void term_caret(strbuf *out, const char *line, size_t col, const char *message, size_t width);

/* Writes `text` (lines ending in '\n') escaped, each line wrapped at
 * `width` columns on a blank where there is one (continued lines indented
 * by two), alerts and refusals coloured when `color`. Returns false when
 * writing this text failed: the stream's error flag is cleared first, so a
 * write of libedit's that a signal interrupted (EINTR: Ctrl-C at the
 * prompt) does not count against it; a lasting fault (a closed terminal)
 * fails this write too. */
bool term_write(FILE *out, const char *text, size_t width, bool color);

#endif
