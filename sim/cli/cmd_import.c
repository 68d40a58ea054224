/*
 * cmd_import.c — `drsim import INPUT`: a scenario skeleton from what is
 * deployed (models/import/import.h), checked by loading it as `drsim
 * validate` would, then written to standard output or to a new file.
 *
 * The input's errors and notes go to stderr, one per line. A scenario that
 * does not load is drsim's own failure (the import promises a valid file):
 * it is still written, so the estate read is not lost, with the loader's
 * diagnostics naming its lines, and the exit status is 3.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "models/import/import.h"
#include "models/scenario/loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/core/escape.h"
#include "sim/core/mem.h"
#include "sim/core/outfile.h"

static const char USAGE[] =
    "import INPUT [--from arm|graph|terraform] [--parameters FILE]\n"
    "                    [--template region-loss|zone-loss|region-destroyed]\n"
    "                    [--region REGION] [--name NAME] [-o FILE]\n"
    "\n"
    "Writes a scenario from what is deployed: an ARM template (the portal's\n"
    "export, `az group export`, or what `bicep build` builds), a Resource Graph\n"
    "result (`az graph query -q \"Resources | ...\" --output json`) or Terraform\n"
    "state (`terraform show -json`, azurerm resources). Regions, storage\n"
    "accounts, VMs and their disks, availability sets, Site Recovery's protected\n"
    "VMs and recovery plan, Azure Backup's policies, Traffic Manager and Front\n"
    "Door, SQL failover groups and Cosmos DB accounts are mapped; every other\n"
    "resource is listed in the scenario's header as not modelled. Values not\n"
    "read from the input are marked '# assumed:', '# inferred:' or '# EDIT:' on\n"
    "their line.\n"
    "\n"
    "  --from FORMAT       arm, graph or terraform (default: recognised from the\n"
    "                      document's shape)\n"
    "  --parameters FILE   an ARM parameters file: resolves [parameters('x')]\n"
    "  --template NAME     the outages and strategies to start from: region-loss\n"
    "                      (default: the region down for hours; wait, geo-restore,\n"
    "                      Site Recovery), zone-loss, region-destroyed\n"
    "  --region REGION     the region that is lost (default: the one holding most\n"
    "                      of the estate)\n"
    "  --name NAME         the scenario's name (default: from INPUT's file name)\n"
    "  -o, --output FILE   write the scenario to FILE, which must not exist yet\n"
    "                      (default: standard output)\n"
    "\n"
    "Exit status: 0 written (notes on stderr say what was assumed or skipped);\n"
    "2 bad usage or input (each error names the file and the JSON path, or the\n"
    "line and column when it is not JSON); 3 the scenario written does not load.";

/* Loads the written text as `drsim validate` would; its diagnostics
 * (warnings too) go to stderr. */
static err_code check_loads(const char *name, const char *text)
{
    scn_scenario *s = NULL;
    scn_diags d;
    scn_diags_init(&d);
    err_code rc = scn_load_buffer(name, text, strlen(text), &s, &d);
    scn_diags_print(&d, stderr);
    scn_diags_free(&d);
    scn_free(s);
    return rc;
}

/* The import's messages, one per line, with no control character of the
 * input's text reaching the terminal. */
static void print_messages(const char *text)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
        char line[2048];
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        fprintf(stderr, "%s\n", esc_tmp(line));
        p += n + (nl != NULL);
    }
}

err_code cmd_import(int argc, char **argv)
{
    const char *from = NULL, *parameters = NULL, *template_ = NULL, *region = NULL,
               *name = NULL, *output = NULL;
    const cli_opt opts[] = {
        {"from", 0, CLI_STRING, &from},
        {"parameters", 0, CLI_STRING, &parameters},
        {"template", 0, CLI_STRING, &template_},
        {"region", 0, CLI_STRING, &region},
        {"name", 0, CLI_STRING, &name},
        {"output", 'o', CLI_STRING, &output},
    };
    const cli_spec spec = {"import", USAGE, opts, sizeof opts / sizeof opts[0], 1, 1, "INPUT"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    const char *input = rc == ERR_OK && !a.help ? a.pos[0] : NULL;
    cli_args_free(&spec, &a);
    if (rc != ERR_OK || input == NULL)
        return rc;
    imp_options o = {IMP_FROM_AUTO, parameters, IMP_REGION_LOSS, region, name};
    if (from != NULL && !imp_from_parse(from, &o.from)) {
        con_error("import", "--from: unknown format '%s' (expected arm, graph or terraform)",
                  from);
        return ERR_USAGE;
    }
    if (template_ != NULL && !imp_template_parse(template_, &o.template_)) {
        con_error("import",
                  "--template: unknown template '%s' (expected region-loss, zone-loss or "
                  "region-destroyed)",
                  template_);
        return ERR_USAGE;
    }
    struct stat st;
    if (output != NULL && strcmp(output, "-") != 0 && stat(output, &st) == 0) {
        con_error("import", "%s: already exists; drsim import writes a new file only (remove "
                            "it, or choose another name)",
                  output);
        return ERR_USAGE;
    }
    char *text = NULL;
    strbuf messages = {0};
    rc = imp_import(input, &o, &text, &messages);
    /* Out of memory, what was read is not what the input says: no message
     * of it is worth showing. */
    if (messages.oom)
        rc = ERR_NOMEM;
    if (rc == ERR_NOMEM)
        con_error("import", "out of memory");
    else
        print_messages(sb_text(&messages));
    sb_free(&messages);
    if (rc != ERR_OK) {
        mem_free(text);
        return rc;
    }
    bool to_stdout = output == NULL || strcmp(output, "-") == 0;
    err_code loads = check_loads(to_stdout ? "(the imported scenario)" : output, text);
    err_msg e;
    err_clear(&e);
    of_file out = {0};
    rc = of_open(output, &out, &e);
    if (rc == ERR_OK) {
        fputs(text, out.fp);
        rc = of_commit(&out, &e);
    }
    mem_free(text);
    if (rc != ERR_OK)
        return con_fail(&e);
    if (loads == ERR_NOMEM)
        return ERR_NOMEM;
    if (loads != ERR_OK) {
        con_error("import", "the scenario written from %s does not load (above): a fault of "
                            "drsim import; edit it by hand, and please report it with the input",
                  input);
        return ERR_INTERNAL;
    }
    if (!to_stdout)
        con_error("import", "wrote %s; check it with 'drsim validate %s'", output, output);
    return ERR_OK;
}
