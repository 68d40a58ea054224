/*
 * completion.c — drsim's bash completion driven as bash drives it, the
 * table of what its options take checked against every command's --help,
 * zsh's completion parsed, found by compinit and driven through zpty
 * (tests/e2e/completion.zsh, which completion.sh runs on the database it
 * wrote), and `make install` / `make uninstall` leaving nothing behind: all
 * in tests/e2e/completion.sh (read it for the checks).
 */
#include <criterion/criterion.h>

#include "tests/support/helpers.h"

static void script(const char *shell, const char *path)
{
    const char *argv[] = {shell, path, th_drsim(), th_tmpdir(), NULL};
    th_result r = th_run(argv, NULL);
    if (r.status == 77)
        cr_skip_test("%s", r.out);
    cr_assert_eq(r.status, 0, "%s %s: exit %d\nstdout:\n%s\nstderr:\n%s", shell, path, r.status,
                 r.out, r.err);
    th_result_free(&r);
}

Test(completion, bash_and_zsh_complete_commands_options_files_runs_and_variants, .timeout = 300)
{
    script("/bin/bash", "tests/e2e/completion.sh");
}
