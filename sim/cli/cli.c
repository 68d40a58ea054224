/*
 * cli.c — shared command-line parsing and helpers (see cli.h).
 */
#include "sim/cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/core/mem.h"
#include "sim/run/console.h"

static const cli_opt *find_long(const cli_spec *spec, const char *name, size_t len)
{
    for (size_t i = 0; i < spec->nopts; i++)
        if (strlen(spec->opts[i].name) == len && strncmp(spec->opts[i].name, name, len) == 0)
            return &spec->opts[i];
    return NULL;
}

static const cli_opt *find_short(const cli_spec *spec, char c)
{
    for (size_t i = 0; i < spec->nopts; i++)
        if (spec->opts[i].alias == c)
            return &spec->opts[i];
    return NULL;
}

static int list_add(cli_list *l, const char *v)
{
    if (mem_grow((void **)&l->items, &l->cap, l->len + 1, sizeof *l->items) != 0)
        return -1;
    l->items[l->len++] = v;
    return 0;
}

err_code cli_parse(const cli_spec *spec, int argc, char **argv, cli_args *out)
{
    memset(out, 0, sizeof *out);
    out->pos = mem_calloc((size_t)(argc > 0 ? argc : 1), sizeof *out->pos);
    if (out->pos == NULL) {
        con_error(spec->command, "out of memory");
        return ERR_NOMEM;
    }
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options || arg[0] != '-' || arg[1] == '\0') {
            out->pos[out->npos++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options = false;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            printf("usage: drsim %s\n", spec->usage);
            out->help = true;
            return ERR_OK;
        }
        const cli_opt *opt = NULL;
        const char *value = NULL;
        if (arg[1] == '-') {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            opt = find_long(spec, name, len);
            if (eq != NULL)
                value = eq + 1;
        } else if (arg[2] == '\0') {
            opt = find_short(spec, arg[1]);
        }
        if (opt == NULL) {
            con_error(spec->command, "unknown option '%s' (try 'drsim %s --help')", arg,
                      spec->command);
            return ERR_USAGE;
        }
        if (opt->kind == CLI_FLAG) {
            if (value != NULL) {
                con_error(spec->command, "option '--%s' takes no value", opt->name);
                return ERR_USAGE;
            }
            *(bool *)opt->target = true;
            continue;
        }
        if (value == NULL) {
            if (i + 1 >= argc) {
                con_error(spec->command, "option '%s' needs a value (try 'drsim %s --help')",
                          arg, spec->command);
                return ERR_USAGE;
            }
            value = argv[++i];
        }
        if (opt->kind == CLI_STRING) {
            *(const char **)opt->target = value;
        } else if (list_add((cli_list *)opt->target, value) != 0) {
            con_error(spec->command, "out of memory");
            return ERR_NOMEM;
        }
    }
    if (out->npos < spec->min_pos) {
        con_error(spec->command, "expected %s%s (try 'drsim %s --help')",
                  spec->min_pos > 1 ? "at least two " : "", spec->pos_name, spec->command);
        return ERR_USAGE;
    }
    if (out->npos > spec->max_pos) {
        con_error(spec->command, "unexpected argument '%s' (try 'drsim %s --help')",
                  out->pos[spec->max_pos], spec->command);
        return ERR_USAGE;
    }
    return ERR_OK;
}

void cli_args_free(const cli_spec *spec, cli_args *a)
{
    mem_free(a->pos);
    a->pos = NULL;
    for (size_t i = 0; spec != NULL && i < spec->nopts; i++)
        if (spec->opts[i].kind == CLI_LIST) {
            cli_list *l = spec->opts[i].target;
            mem_free(l->items);
            memset(l, 0, sizeof *l);
        }
}

err_code cli_u64(const char *command, const char *opt, const char *text, uint64_t min,
                 uint64_t max, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = text[0] == '-' ? 0 : strtoull(text, &end, 10);
    if (text[0] == '-' || text[0] == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
        if (max == UINT64_MAX)
            con_error(command, "%s: expected a whole number >= %llu, got '%s'", opt,
                      (unsigned long long)min, text);
        else
            con_error(command, "%s: expected a whole number from %llu to %llu, got '%s'", opt,
                      (unsigned long long)min, (unsigned long long)max, text);
        return ERR_USAGE;
    }
    *out = v;
    return ERR_OK;
}

err_code cli_shard(const char *command, const char *text, uint32_t *k, uint32_t *n)
{
    unsigned long kk = 0, nn = 0;
    char *end = NULL;
    const char *slash = strchr(text, '/');
    if (slash != NULL && text[0] >= '0' && text[0] <= '9') {
        kk = strtoul(text, &end, 10);
        if (end == slash && slash[1] >= '0' && slash[1] <= '9') {
            nn = strtoul(slash + 1, &end, 10);
            if (*end == '\0' && kk >= 1 && kk <= nn && nn <= 1000000) {
                *k = (uint32_t)kk;
                *n = (uint32_t)nn;
                return ERR_OK;
            }
        }
    }
    con_error(command, "--shard: expected K/N with 1 <= K <= N (e.g. 2/4), got '%s'", text);
    return ERR_USAGE;
}

err_code cli_tolerance(const char *command, const char *text, double *out)
{
    return cli_fraction(command, "--tolerance", text, out);
}

err_code cli_fraction(const char *command, const char *opt, const char *text, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    bool pct = end != text && *end == '%' && end[1] == '\0';
    bool frac = end != text && *end == '\0';
    if (errno == 0 && isfinite(v) && v >= 0 && (pct || (frac && v <= 1))) {
        *out = pct ? v / 100 : v;
        return ERR_OK;
    }
    con_error(command, "%s: expected a percentage like 5%% or a fraction like 0.05, got '%s'",
              opt, text);
    return ERR_USAGE;
}

err_code cli_confidence(const char *command, const char *text, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    bool pct = end != text && *end == '%' && end[1] == '\0';
    bool frac = end != text && *end == '\0';
    double level = pct ? v / 100 : v;
    if (errno == 0 && isfinite(v) && (pct || frac) && level > 0.5 && level < 1) {
        *out = level;
        return ERR_OK;
    }
    con_error(command, "--confidence: expected a level above 50%% and below 100%%, like 95%% "
                       "or 0.99, got '%s'", text);
    return ERR_USAGE;
}

err_code cli_inconclusive(const char *command, const char *text, bool *pass)
{
    if (strcmp(text, "pass") == 0 || strcmp(text, "fail") == 0) {
        *pass = text[0] == 'p';
        return ERR_OK;
    }
    con_error(command, "--inconclusive: expected 'pass' or 'fail', got '%s'", text);
    return ERR_USAGE;
}
