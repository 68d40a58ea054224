/*
 * manpage.c — the manual page, sim/cli/drsim.1, says what the binary does:
 * every command `drsim --help` lists is a `.It Cm NAME` of its COMMANDS
 * list and the other way round; every option `drsim CMD --help` shows is an
 * `Fl` of that command's entry and the other way round (so an option added,
 * renamed or removed without the page fails here); an option the page names
 * elsewhere exists; and `mandoc -T lint -W warning` finds nothing.
 *
 * Options are read from --help as the completion functions read them
 * (sim/cli/completion/): the usage lines (`usage: drsim CMD ...`, a line
 * going on with `[`, another form `drsim CMD ...`) and the option lines (a
 * line starting with `-`, up to two spaces: "-j, --jobs N"). -h and --help,
 * which every command takes, are left out.
 *
 * In the page, `Fl \-name` is --name and `Fl x` is -x; an `Fl` that follows
 * `Cm OTHER` on the same line (".Cm run Fl \-trace") belongs to command
 * OTHER.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/helpers.h"

#define PAGE "sim/cli/drsim.1"
#define MAXN 64

/* A set of short strings (commands, options). */
typedef struct names {
    char v[MAXN][40];
    size_t n;
} names;

static void add(names *s, const char *w, size_t len)
{
    if (len == 0 || len >= sizeof s->v[0])
        return;
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->v[i]) == len && strncmp(s->v[i], w, len) == 0)
            return;
    cr_assert_lt(s->n, (size_t)MAXN, "too many names");
    memcpy(s->v[s->n], w, len);
    s->v[s->n][len] = '\0';
    s->n++;
}

static bool has(const names *s, const char *w)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], w) == 0)
            return true;
    return false;
}

/* The commands `drsim --help` lists: the lines after "commands:" up to the
 * blank line, "  NAME  synopsis". */
static void help_commands(names *out)
{
    th_result r = th_drsim_run("--help", NULL);
    th_expect(&r, 0);
    const char *p = strstr(r.out, "\ncommands:\n");
    cr_assert_not_null(p, "%s", r.out);
    p += strlen("\ncommands:\n");
    while (*p == ' ') {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        add(out, w, (size_t)(p - w));
        p = strchr(p, '\n');
        if (p == NULL)
            break;
        p++;
    }
    th_result_free(&r);
    cr_assert_gt(out->n, 5, "no commands read from drsim --help");
}

/* The option tokens of text[0..len): words that start a token (after a
 * blank, '[', '|' excluded, or the start) with -x or --name. */
static void options_in(names *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '-' || (i > 0 && text[i - 1] != ' ' && text[i - 1] != '['))
            continue;
        size_t j = i + 1;
        if (j < len && text[j] == '-')
            j++;
        if (j >= len || !isalpha((unsigned char)text[j]))
            continue;
        size_t k = j;
        while (k < len && (isalnum((unsigned char)text[k]) || text[k] == '-'))
            k++;
        if (j - i == 1 && k - j != 1)
            continue; /* "-ab": not an option of drsim's form */
        if (!(k - i == 2 && text[i + 1] == 'h') && !(k - i == 6 && strncmp(text + i, "--help", 6) == 0))
            add(out, text + i, k - i);
        i = k;
    }
}

/* The options `drsim CMD --help` shows (see the top of the file). */
static void help_options(const char *cmd, names *out)
{
    th_result r = th_drsim_run(cmd, "--help", NULL);
    cr_assert_eq(r.status, 0, "drsim %s --help: exit %d\n%s", cmd, r.status, r.err);
    char other[64];
    snprintf(other, sizeof other, "drsim %s ", cmd);
    for (const char *line = r.out; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *t = line;
        while (t < line + len && *t == ' ')
            t++;
        size_t tlen = len - (size_t)(t - line);
        if (strncmp(line, "usage:", 6) == 0 || *t == '[' ||
            (tlen > strlen(other) && strncmp(t, other, strlen(other)) == 0)) {
            options_in(out, line, len);
        } else if (*t == '-') {
            const char *two = NULL;
            for (const char *q = t; q + 1 < line + len && two == NULL; q++)
                if (q[0] == ' ' && q[1] == ' ')
                    two = q;
            options_in(out, t, two ? (size_t)(two - t) : tlen);
        }
        line += len + (end != NULL);
    }
    th_result_free(&r);
}

/* The page's commands (`.It Cm NAME` in COMMANDS, and any `Cm NAME` of a
 * known command an `Fl` follows) and its `Fl` options: per command (opts[i]
 * for cmds.v[i]), and the others. */
typedef struct page {
    names cmds;
    names opts[MAXN];
    names outside; /* Fl outside any command's entry, not after a Cm */
} page;

static void read_page(page *pg, const names *known)
{
    memset(pg, 0, sizeof *pg);
    char *text = th_read_file(PAGE, NULL);
    cr_assert_not_null(text, "cannot read " PAGE);
    bool in_commands = false;
    int cur = -1;
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (strncmp(line, ".Sh ", 4) == 0) {
            in_commands = strcmp(line, ".Sh COMMANDS") == 0;
            cur = -1;
            continue;
        }
        if (line[0] != '.' || strncmp(line, ".\\\"", 3) == 0)
            continue;
        char words[64][64];
        size_t nw = 0;
        for (char *p = line + 1; *p && nw < 64;) {
            while (*p == ' ')
                p++;
            size_t l = strcspn(p, " ");
            if (l == 0)
                break;
            snprintf(words[nw++], sizeof words[0], "%.*s", (int)l, p);
            p += l;
        }
        if (in_commands && nw >= 3 && strcmp(words[0], "It") == 0 &&
            strcmp(words[1], "Cm") == 0) {
            add(&pg->cmds, words[2], strlen(words[2]));
            for (size_t i = 0; i < pg->cmds.n; i++)
                if (strcmp(pg->cmds.v[i], words[2]) == 0)
                    cur = (int)i;
        }
        int owner = cur; /* whose the next Fl is: -1 nobody's */
        for (size_t i = 0; i + 1 < nw; i++) {
            if (strcmp(words[i], "Cm") == 0 && has(known, words[i + 1])) {
                /* ".Cm OTHER Fl ...": OTHER's option (an entry made for it
                 * when the page names it before its own entry) */
                add(&pg->cmds, words[i + 1], strlen(words[i + 1]));
                for (size_t c = 0; c < pg->cmds.n; c++)
                    if (strcmp(pg->cmds.v[c], words[i + 1]) == 0)
                        owner = (int)c;
            }
            if (strcmp(words[i], "Fl") != 0)
                continue;
            const char *w = words[i + 1];
            char opt[48];
            if (strncmp(w, "\\-", 2) == 0) {
                if (w[2] == '\0')
                    continue; /* "--": the end of options */
                snprintf(opt, sizeof opt, "--%s", w + 2);
            } else {
                snprintf(opt, sizeof opt, "-%s", w);
            }
            if (owner >= 0) {
                add(&pg->opts[owner], opt, strlen(opt));
            } else {
                add(&pg->outside, opt, strlen(opt));
            }
        }
    }
    free(text);
}

Test(manpage, every_command_and_option_of_help_is_in_the_page_and_back, .timeout = 120)
{
    names cmds = {0};
    help_commands(&cmds);
    page pg;
    read_page(&pg, &cmds);

    names all = {0};
    add(&all, "--help", 6);
    add(&all, "-h", 2);
    add(&all, "--version", 9);
    for (size_t i = 0; i < cmds.n; i++) {
        cr_expect(has(&pg.cmds, cmds.v[i]), "drsim --help lists '%s'; " PAGE " has no '.It Cm %s'",
                  cmds.v[i], cmds.v[i]);
        names opts = {0};
        help_options(cmds.v[i], &opts);
        size_t k = 0;
        while (k < pg.cmds.n && strcmp(pg.cmds.v[k], cmds.v[i]) != 0)
            k++;
        for (size_t j = 0; j < opts.n; j++) {
            add(&all, opts.v[j], strlen(opts.v[j]));
            cr_expect(k < pg.cmds.n && has(&pg.opts[k], opts.v[j]),
                      "drsim %s --help shows %s; " PAGE "'s entry of %s does not", cmds.v[i],
                      opts.v[j], cmds.v[i]);
        }
        for (size_t j = 0; k < pg.cmds.n && j < pg.opts[k].n; j++)
            cr_expect(has(&opts, pg.opts[k].v[j]),
                      PAGE " gives %s an option %s that drsim %s --help does not show",
                      cmds.v[i], pg.opts[k].v[j], cmds.v[i]);
    }
    for (size_t i = 0; i < pg.cmds.n; i++)
        cr_expect(has(&cmds, pg.cmds.v[i]),
                  PAGE " has a command '%s' that drsim --help does not list", pg.cmds.v[i]);
    for (size_t j = 0; j < pg.outside.n; j++)
        cr_expect(has(&all, pg.outside.v[j]),
                  PAGE " names an option %s that no command's --help shows", pg.outside.v[j]);
}

/* The reading of --help takes the options of usage and option lines, not
 * words of a description or parts of a value ("a-b"). */
Test(manpage, the_option_reader_sees_usage_and_option_lines)
{
    names got = {0};
    const char *usage = "usage: drsim x IN [--from arm|graph] [-o FILE] [--template a-b|c-d]";
    options_in(&got, usage, strlen(usage));
    const char *line = "-j, --jobs N  threads (see --frob)";
    options_in(&got, line, 12);
    cr_assert_eq(got.n, 5, "%zu", got.n);
    cr_assert(has(&got, "--from") && has(&got, "-o") && has(&got, "--template"));
    cr_assert(has(&got, "-j") && has(&got, "--jobs"));
    cr_assert(!has(&got, "--frob") && !has(&got, "-b"));
}

Test(manpage, mandoc_lint_finds_nothing)
{
    const char *argv[] = {"/bin/sh", "-c", "command -v mandoc >/dev/null || exit 77; "
                          "exec mandoc -T lint -W warning " PAGE, NULL};
    th_result r = th_run(argv, NULL);
    if (r.status == 77)
        cr_skip_test("mandoc is not installed (make deps installs it)");
    cr_assert_eq(r.status, 0, "mandoc -T lint -W warning " PAGE ": exit %d\n%s%s", r.status,
                 r.out, r.err);
    cr_assert_str_empty(r.out, "%s", r.out);
    cr_assert_str_empty(r.err, "%s", r.err);
    th_result_free(&r);
}
