/*
 * cmd_drill.c — `drsim drill`: an outage rehearsed at the terminal (or from
 * a script), then debriefed (sim/run/drill.h is the game master; this file
 * is the terminal around it).
 *
 *   drsim drill SCENARIO.yaml [--trial N] [--seed S] [--pace X] [--script FILE]
 *               [--db FILE] [--debrief-trials N] [--jobs N]
 *   drsim drill --replay ID [--db FILE]
 *
 * At a terminal: libedit's line editing, Tab completion (commands, actions,
 * the scenario's names), history for the session (not kept in a file: the
 * next team to rehearse the same outage would be offered this one's
 * actions with the up arrow); with --pace X the clock
 * moves X simulated seconds per wall second and the prompt shows it; Ctrl-C
 * asks before leaving (a second Ctrl-C leaves), Ctrl-D ends the drill as
 * `end` does. Without a terminal, or with --script, lines are read one by
 * one and a line drsim cannot read stops the drill with FILE:LINE:COL (exit
 * 2). Either way the drill ends with its debrief, stored in the database;
 * the exit status is 0 when the team met every target of the scenario, 1
 * when it missed one.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <editline/readline.h>

#include "models/scenario/loader.h"
#include "reports/store/store.h"
#include "reports/text/drillview.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/cli/term.h"
#include "sim/core/escape.h"
#include "sim/run/console.h"
#include "sim/run/drill.h"

/* ---- output ------------------------------------------------------------------- */

static err_code show(strbuf *out, bool tty)
{
    bool ok = term_write(stdout, sb_text(out), tty ? term_width() : 1000000,
                         tty && term_color());
    sb_free(out);
    return ok ? ERR_OK : ERR_IO;
}

/* ---- --replay ------------------------------------------------------------------- */

static err_code replay(const char *db, const char *id_text)
{
    uint64_t id;
    if (cli_u64("drill", "--replay", id_text, 1, INT64_MAX, &id) != ERR_OK)
        return ERR_USAGE;
    store *st = NULL;
    store_drill *d = NULL;
    err_msg e;
    err_clear(&e);
    err_code rc = store_open(con_db_path(db), STORE_READ, &st, &e);
    if (rc == ERR_OK)
        rc = store_drill_read(st, (int64_t)id, &d, &e);
    if (rc == ERR_OK)
        rc = dview_replay(d, stdout, &e);
    store_drill_free(d);
    store_close(st);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}

/* ---- scripted ------------------------------------------------------------------------- */

static err_code scripted(drill *d, FILE *in, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    drill_state state = DRILL_GOING;
    err_msg e;
    err_code rc = ERR_OK;
    while (state == DRILL_GOING && getline(&line, &cap, in) >= 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        strbuf out = {0};
        size_t col = 0;
        err_clear(&e);
        rc = drill_exec(d, line, &out, &state, &col, &e);
        if (show(&out, false) != ERR_OK && rc == ERR_OK)
            rc = err_set(&e, ERR_IO, "cannot write to standard output");
        if (rc == ERR_INPUT) {
            fprintf(stderr, "drsim: %s:%lu:%zu: %s\n", name, lineno, col, esc_tmp(e.text));
            free(line);
            return ERR_INPUT;
        }
        if (rc != ERR_OK)
            break;
    }
    free(line);
    if (rc == ERR_OK && state == DRILL_GOING) {
        strbuf out = {0};
        size_t col;
        err_clear(&e);
        rc = drill_exec(d, "end", &out, &state, &col, &e);
        if (show(&out, false) != ERR_OK && rc == ERR_OK)
            rc = err_set(&e, ERR_IO, "cannot write to standard output");
    }
    if (rc != ERR_OK)
        return con_fail(&e);
    return drill_passed(d) ? ERR_OK : ERR_FAILED;
}

/* ---- interactive ---------------------------------------------------------------------- */

static drill *g_drill;           /* the session the callbacks serve */
static volatile sig_atomic_t g_interrupted;
static char *g_line;             /* the line the callback handed over */
static bool g_eof, g_have_line;

static void on_sigint(int sig)
{
    (void)sig;
    g_interrupted++;
}

static void on_line(char *line)
{
    if (line == NULL) {
        g_eof = true;
        return;
    }
    g_line = line;
    g_have_line = true;
}

/* Completion: the candidates drill_complete offers for the word at the
 * cursor, given the words before it. */
static char **g_cands;
static size_t g_ncands, g_capcands;

static void collect(void *ctx, const char *c)
{
    (void)ctx;
    if (g_ncands == g_capcands) {
        size_t cap = g_capcands ? 2 * g_capcands : 16;
        char **v = realloc(g_cands, cap * sizeof *v);
        if (v == NULL)
            return;
        g_cands = v;
        g_capcands = cap;
    }
    char *s = strdup(c);
    if (s != NULL)
        g_cands[g_ncands++] = s;
}

static char *generator(const char *text, int state)
{
    static size_t next;
    (void)text;
    if (state == 0)
        next = 0;
    return next < g_ncands ? strdup(g_cands[next++]) : NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    for (size_t i = 0; i < g_ncands; i++)
        free(g_cands[i]);
    g_ncands = 0;
    /* The words before the one being completed. */
    char *before = strndup(rl_line_buffer, (size_t)start);
    if (before == NULL)
        return NULL;
    const char *words[32];
    size_t n = 0;
    for (char *save = NULL, *w = strtok_r(before, " \t", &save); w && n < 32;
         w = strtok_r(NULL, " \t", &save))
        words[n++] = w;
    drill_complete(g_drill, words, n, text, collect, NULL);
    free(before);
    rl_attempted_completion_over = 1; /* no file names */
    return rl_completion_matches(text, generator);
}

/* Asks whether to leave after Ctrl-C: true when the answer is yes (or a
 * second Ctrl-C comes while asking, or the terminal is gone). The answer
 * is read with read(2), a byte at a time, in the terminal's cooked mode:
 * stdio's buffer would keep what the team types after it from libedit.
 * Each read waits at most 0.2 s first, so that a Ctrl-C that comes just
 * before a read is seen too. */
static bool ask_leave(void)
{
    rl_callback_handler_remove();
    /* Cleared before asking: a Ctrl-C that comes once the question shows
     * is the second. */
    g_interrupted = 0;
    fputs("\nLeave the drill? (the debrief is still written) [y/N] ", stdout);
    fflush(stdout);
    char first = '\0';
    bool any = false, gone = false;
    while (g_interrupted == 0) {
        fd_set in;
        FD_ZERO(&in);
        FD_SET(STDIN_FILENO, &in);
        struct timeval wait = {0, 200000};
        int r = select(STDIN_FILENO + 1, &in, NULL, NULL, &wait);
        if (r < 0 && errno != EINTR) {
            gone = true;
            break;
        }
        if (r <= 0)
            continue; /* the time is up, a signal (Ctrl-C: the loop ends; SIGWINCH) */
        char c;
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            gone = true;
            break;
        }
        if (c == '\n')
            break;
        if (!any)
            first = c;
        any = true;
    }
    bool yes = gone || g_interrupted > 0 || first == 'y' || first == 'Y';
    if (g_interrupted > 0)
        fputs("\n", stdout);
    g_interrupted = 0;
    return yes;
}

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static volatile sig_atomic_t g_resized;

static void on_sigwinch(int sig)
{
    (void)sig;
    g_resized = 1;
}

/* The paced clock's news, written above the line being edited: the prompt
 * and what has been typed so far are erased (from the row of the prompt:
 * a long line wraps over several rows, the cursor is on the row of
 * rl_point), the news written, and the line drawn again by libedit under
 * the moved clock, the cursor where it was. The erasing uses carriage
 * return, cursor up and erase below (VT100, as libedit's own redrawing
 * does); on a dumb terminal the news starts on a new line instead and the
 * line is drawn again only when there was news. `prompt` holds the prompt
 * shown, and then the new one. libedit updates rl_point when it reads a
 * key, not when a prompt is installed: `typed` says whether a key has been
 * read since (else rl_point is the last line's, and the line is empty). */
static err_code tick_above(drill *d, sim_time dt, char *prompt, size_t nprompt, bool typed,
                           bool dumb, drill_state *state, err_msg *e)
{
    strbuf out = {0};
    err_code rc = drill_tick(d, dt, &out, state, e);
    bool news = out.len > 0;
    if (!dumb) {
        size_t w = term_width();
        size_t before = term_columns(prompt, strlen(prompt)) +
                        (typed && rl_point > 0 ? term_columns(rl_line_buffer, (size_t)rl_point) : 0);
        fputs("\r", stdout);
        if (before / w > 0)
            printf("\033[%zuA", before / w);
        fputs("\033[J", stdout);
    } else if (news) {
        fputs("\n", stdout);
    }
    if (news && show(&out, true) != ERR_OK && rc == ERR_OK)
        rc = err_set(e, ERR_IO, "cannot write to standard output");
    sb_free(&out);
    if (*state == DRILL_GOING && rc == ERR_OK && (!dumb || news)) {
        rl_set_prompt(drill_prompt(d, prompt, nprompt));
        rl_forced_update_display();
    }
    return rc;
}

static err_code interactive(drill *d, double pace)
{
    g_drill = d;
    rl_attempted_completion_function = complete;
    /* libedit leaves SIGINT to us (Ctrl-C asks) and, with that, SIGWINCH:
     * a resized window is told to it (rl_resize_terminal) and read again
     * by term_width for the next text written. */
    rl_catch_signals = 0;
    struct sigaction sa = {0}, old, sw = {0}, old_winch;
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    sw.sa_handler = on_sigwinch;
    /* SA_RESTART: a resize that comes while the session writes must not
     * fail the write (EINTR leaves stdout in error, and the session would end
     * with "cannot write"); select() still returns at once to notice it. */
    sw.sa_flags = SA_RESTART;
    sigemptyset(&sw.sa_mask);
    sigaction(SIGWINCH, &sw, &old_winch);
    char prompt[96]; /* the prompt shown (libedit keeps its own copy) */
    drill_state state = DRILL_GOING;
    err_msg e;
    err_clear(&e);
    err_code rc = ERR_OK;
    rl_callback_handler_install(drill_prompt(d, prompt, sizeof prompt), on_line);
    bool typed = false; /* a key read since the prompt was installed */
    struct timespec last;
    clock_gettime(CLOCK_MONOTONIC, &last);
    const char *term = getenv("TERM");
    bool dumb = term == NULL || strcmp(term, "dumb") == 0;
    while (state == DRILL_GOING && rc == ERR_OK) {
        /* A short wait, so that a Ctrl-C that came while the game master
         * was busy is seen at once, and the paced clock ticks each second
         * (typing does not hold it back: the tick is checked after every
         * key too). */
        fd_set in;
        FD_ZERO(&in);
        FD_SET(STDIN_FILENO, &in);
        struct timeval wait = {0, 200000};
        int r = g_interrupted ? 0 : select(STDIN_FILENO + 1, &in, NULL, NULL, &wait);
        if (r < 0 && errno != EINTR) {
            rc = err_set(&e, ERR_IO, "cannot read the terminal: %s", strerror(errno));
            break;
        }
        if (g_resized) {
            g_resized = 0;
            rl_resize_terminal();
        }
        strbuf out = {0};
        bool fresh_prompt = false; /* the prompt must be drawn anew below the output */
        if (g_interrupted) {
            if (ask_leave())
                rc = drill_leave(d, &out, &state, &e);
            else
                fputs("Going on.\n", stdout);
            fresh_prompt = true;
        } else if (r > 0) {
            rl_callback_read_char();
            typed = true;
            if (g_eof) {
                rl_callback_handler_remove();
                fputs("\n", stdout);
                size_t col;
                rc = drill_exec(d, "end", &out, &state, &col, &e);
            } else if (g_have_line) {
                g_have_line = false;
                char *line = g_line;
                g_line = NULL;
                rl_callback_handler_remove();
                if (*line != '\0')
                    add_history(line);
                size_t col = 0;
                err_msg pe;
                err_clear(&pe);
                err_code x = drill_exec(d, line, &out, &state, &col, &pe);
                if (x == ERR_INPUT)
                    term_caret(&out, line, col, pe.text, term_width());
                else if (x != ERR_OK) {
                    rc = x;
                    e = pe;
                }
                free(line);
                fresh_prompt = true;
            }
        }
        if (out.len > 0 && show(&out, true) != ERR_OK && rc == ERR_OK)
            rc = err_set(&e, ERR_IO, "cannot write to standard output");
        sb_free(&out);
        if (fresh_prompt && state == DRILL_GOING && rc == ERR_OK) {
            rl_callback_handler_install(drill_prompt(d, prompt, sizeof prompt), on_line);
            typed = false;
        }
        if (pace > 0 && state == DRILL_GOING && rc == ERR_OK && seconds_since(&last) >= 1.0) {
            double wall = seconds_since(&last);
            clock_gettime(CLOCK_MONOTONIC, &last);
            rc = tick_above(d, (sim_time)(wall * pace * 1e6), prompt, sizeof prompt, typed, dumb,
                            &state, &e);
        }
    }
    rl_callback_handler_remove();
    sigaction(SIGINT, &old, NULL);
    sigaction(SIGWINCH, &old_winch, NULL);
    for (size_t i = 0; i < g_ncands; i++)
        free(g_cands[i]);
    free(g_cands);
    g_cands = NULL;
    g_ncands = g_capcands = 0;
    if (rc != ERR_OK)
        return con_fail(&e);
    return drill_passed(d) ? ERR_OK : ERR_FAILED;
}

/* ---- the command -------------------------------------------------------------------- */

err_code cmd_drill(int argc, char **argv)
{
    const char *db = NULL, *trial = NULL, *seed = NULL, *pace = NULL, *script = NULL;
    const char *replay_id = NULL, *debrief = NULL, *jobs = NULL;
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &db},          {"trial", 0, CLI_STRING, &trial},
        {"seed", 0, CLI_STRING, &seed},      {"pace", 0, CLI_STRING, &pace},
        {"script", 0, CLI_STRING, &script},  {"replay", 0, CLI_STRING, &replay_id},
        {"debrief-trials", 0, CLI_STRING, &debrief}, {"jobs", 0, CLI_STRING, &jobs},
    };
    const cli_spec spec = {
        "drill",
        "drill SCENARIO.yaml [--trial N] [--seed S] [--pace X] [--script FILE] [--db FILE]\n"
        "                   [--debrief-trials N] [--jobs N]\n"
        "       drsim drill --replay ID [--db FILE]\n"
        "  --trial N       play trial N (as trial N of `drsim run` with the same seed);\n"
        "                  default: one drawn at random, printed so it can be replayed\n"
        "  --seed S        the scenario's random numbers (default: its seed)\n"
        "  --pace X        the clock moves X simulated seconds per second (60: a minute);\n"
        "                  default: only when you wait\n"
        "  --script FILE   read the lines from FILE (`at 45m: ACTION`), no terminal\n"
        "  --db FILE       results database the drill is stored in (default $DRSIM_DB,\n"
        "                  else ./drsim.db)\n"
        "  --debrief-trials N  each strategy's outages in the debrief (default: the\n"
        "                  scenario's trials, at most 2000)\n"
        "  --jobs N        threads for the debrief (default: one per core)\n"
        "  --replay ID     print stored drill ID: its timeline and its debrief",
        opts, sizeof opts / sizeof opts[0], 0, 1, "SCENARIO.yaml"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    if (rc != ERR_OK || a.help) {
        cli_args_free(&spec, &a);
        return rc;
    }
    if (replay_id != NULL) {
        if (a.npos > 0 || script || pace || trial || seed || debrief || jobs) {
            con_error("drill", "--replay prints a stored drill: give no scenario and no other "
                               "option but --db");
            cli_args_free(&spec, &a);
            return ERR_USAGE;
        }
        rc = replay(db, replay_id);
        cli_args_free(&spec, &a);
        return rc;
    }
    if (a.npos != 1) {
        con_error("drill", "expected a scenario file (drsim drill SCENARIO.yaml), or --replay ID");
        cli_args_free(&spec, &a);
        return ERR_USAGE;
    }
    drill_options o = {.db = db, .scenario_path = a.pos[0]};
    uint64_t v = 0;
    double pace_x = 0;
    if ((trial && cli_u64("drill", "--trial", trial, 0, UINT64_MAX, &o.trial) != ERR_OK) ||
        (seed && cli_u64("drill", "--seed", seed, 0, UINT64_MAX, &o.seed) != ERR_OK) ||
        (debrief && cli_u64("drill", "--debrief-trials", debrief, 1, 1000000,
                            &o.debrief_trials) != ERR_OK) ||
        (jobs && cli_u64("drill", "--jobs", jobs, 1, 256, &v) != ERR_OK) ||
        (pace && cli_u64("drill", "--pace", pace, 1, 86400, &(uint64_t){0}) != ERR_OK)) {
        cli_args_free(&spec, &a);
        return ERR_USAGE;
    }
    o.has_trial = trial != NULL;
    o.has_seed = seed != NULL;
    o.jobs = (unsigned)v;
    if (pace)
        pace_x = strtod(pace, NULL);
    FILE *in = stdin;
    const char *in_name = "<stdin>";
    if (script != NULL) {
        in = fopen(script, "r");
        if (in == NULL) {
            con_error("drill", "--script %s: %s", esc_tmp(script), strerror(errno));
            cli_args_free(&spec, &a);
            return ERR_INPUT;
        }
        in_name = script;
    }
    bool tty = script == NULL && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    o.scripted = !tty;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    o.pick = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;

    scn_scenario *s = NULL;
    scn_diags dg;
    scn_diags_init(&dg);
    rc = scn_load(a.pos[0], &s, &dg);
    scn_diags_print(&dg, stderr);
    scn_diags_free(&dg);
    if (rc != ERR_OK) {
        if (in != stdin)
            fclose(in);
        cli_args_free(&spec, &a);
        return rc == ERR_NOMEM ? ERR_NOMEM : ERR_INPUT;
    }
    drill *d = NULL;
    strbuf out = {0};
    err_msg e;
    err_clear(&e);
    rc = drill_open(s, &o, &d, &out, &e);
    if (rc == ERR_OK && show(&out, tty) != ERR_OK)
        rc = err_set(&e, ERR_IO, "cannot write to standard output");
    sb_free(&out);
    if (rc != ERR_OK)
        rc = con_fail(&e);
    else if (tty)
        rc = interactive(d, pace_x);
    else
        rc = scripted(d, in, in_name);
    drill_close(d);
    scn_free(s);
    if (in != stdin)
        fclose(in);
    cli_args_free(&spec, &a);
    return rc;
}
