/*
 * cmd_validate.c — `drsim validate FILE...` and `drsim validate --print FILE`.
 *
 * Every file is loaded and its diagnostics printed on stderr (warnings too);
 * a valid file gets one line on stdout. With --print, the one file's resolved
 * scenario goes to stdout instead, as a loadable scenario file.
 */
#include "sim/cli/cmd_validate.h"

#include <stdio.h>
#include <string.h>

#include "models/scenario/loader.h"
#include "sim/cli/cli.h"
#include "sim/core/escape.h"

static void usage(FILE *out)
{
    fputs("usage: drsim validate SCENARIO.yaml...\n"
          "       drsim validate --print SCENARIO.yaml\n"
          "\n"
          "Checks scenario files: every error with its file, line and column, and\n"
          "warnings for what Azure advises against. --print writes the resolved\n"
          "scenario (every default filled in, units normalised) as a scenario file.\n"
          "Exit status: 0 all valid (warnings allowed), 2 otherwise.\n",
          out);
}

err_code cmd_validate(int argc, char **argv)
{
    bool print = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
        const char *a = argv[first];
        if (strcmp(a, "--") == 0) {
            first++;
            break;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return ERR_OK;
        }
        if (strcmp(a, "--print") == 0) {
            print = true;
            continue;
        }
        con_error("validate", "unknown option '%s' (try 'drsim validate --help')", a);
        return ERR_USAGE;
    }
    int nfiles = argc - first;
    if (nfiles == 0) {
        con_error("validate", "no scenario file given (try 'drsim validate --help')");
        return ERR_USAGE;
    }
    if (print && nfiles != 1) {
        con_error("validate", "--print takes exactly one scenario file");
        return ERR_USAGE;
    }
    err_code result = ERR_OK;
    for (int i = first; i < argc; i++) {
        scn_scenario *s = NULL;
        scn_diags d;
        scn_diags_init(&d);
        err_code rc = scn_load(argv[i], &s, &d);
        scn_diags_print(&d, stderr);
        scn_diags_free(&d);
        if (rc == ERR_NOMEM) {
            fprintf(stderr, "drsim: %s: out of memory\n", esc_tmp(argv[i]));
            return ERR_NOMEM;
        }
        if (rc != ERR_OK) {
            result = ERR_INPUT;
            continue;
        }
        if (print) {
            rc = scn_print(s, stdout);
            if (rc != ERR_OK) {
                fprintf(stderr, "drsim: cannot write the scenario to standard output\n");
                result = rc;
            }
        } else {
            printf("%s: ok, %zu variant%s\n", esc_tmp(argv[i]), s->nvariants,
                   s->nvariants == 1 ? "" : "s");
        }
        scn_free(s);
    }
    return result;
}
