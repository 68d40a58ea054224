/*
 * cases.c — record files of test cases (cases.h): read line by line into
 * records; quoted texts unescaped; a malformed record is an error naming its
 * line, so a broken data file fails its test instead of testing less.
 */
#include "tests/support/cases.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/helpers.h"

/* The text of a line: unquoted when written in double quotes. */
static char *text_of(const char *line, size_t len)
{
    if (len < 2 || line[0] != '"' || line[len - 1] != '"')
        return strndup(line, len);
    char *t = malloc(len);
    size_t o = 0;
    for (size_t i = 1; i + 1 < len; i++) {
        if (line[i] == '\\' && i + 2 < len && (line[i + 1] == '"' || line[i + 1] == '\\'))
            i++;
        t[o++] = line[i];
    }
    t[o] = '\0';
    return t;
}

int tc_read(const char *path, tc_file *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    char *text = th_read_file(path, NULL);
    if (text == NULL) {
        snprintf(why, n, "%s: cannot read it", path);
        return -1;
    }
    out->path = strdup(path);
    /* The lines of the record being read, and where it starts. */
    const char *rec[5];
    size_t len[5], nrec = 0;
    unsigned lineno = 0, first = 0;
    int rc = 0;
    for (const char *p = text; rc == 0;) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        bool end = nl == NULL;
        if (end && l == 0 && nrec == 0)
            break;
        lineno++;
        bool blank = l == 0;
        if (!blank && !(nrec == 0 && p[0] == '#')) {
            if (nrec == 0)
                first = lineno;
            if (nrec == 4) {
                snprintf(why, n, "%s:%u: a record has at most four lines", path, first);
                rc = -1;
                break;
            }
            rec[nrec] = p;
            len[nrec++] = l;
        }
        if ((blank || end) && nrec > 0) {
            bool fail = nrec == 4 && len[2] == 6 && strncmp(rec[2], "%%FAIL", 6) == 0;
            if (!(nrec == 3 || fail)) {
                snprintf(why, n, "%s:%u: a record is PROGRAM, INPUT, EXPECTED or PROGRAM, "
                                 "INPUT, %%%%FAIL, MESSAGE", path, first);
                rc = -1;
                break;
            }
            out->cases = realloc(out->cases, (out->n + 1) * sizeof *out->cases);
            out->cases[out->n++] = (tc_case){
                .line = first,
                .program = strndup(rec[0], len[0]),
                .input = text_of(rec[1], len[1]),
                .expected = fail ? strndup(rec[3], len[3]) : text_of(rec[2], len[2]),
                .fail = fail};
            nrec = 0;
        }
        if (end)
            break;
        p = nl + 1;
    }
    free(text);
    if (rc != 0)
        tc_free(out);
    return rc;
}

void tc_free(tc_file *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->cases[i].program);
        free(f->cases[i].input);
        free(f->cases[i].expected);
    }
    free(f->cases);
    free(f->path);
    memset(f, 0, sizeof *f);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **tc_paths(const char *dir)
{
    size_t n = 0;
    char **v = calloc(1, sizeof *v);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l <= 5 || strcmp(e->d_name + l - 5, ".test") != 0)
            continue;
        v = realloc(v, (n + 2) * sizeof *v);
        v[n] = malloc(strlen(dir) + l + 2);
        sprintf(v[n++], "%s/%s", dir, e->d_name);
        v[n] = NULL;
    }
    if (d)
        closedir(d);
    qsort(v, n, sizeof *v, cmp);
    return v;
}

void tc_paths_free(char **paths)
{
    for (size_t i = 0; paths && paths[i]; i++)
        free(paths[i]);
    free(paths);
}
