/*
 * pathid.c — file identities for "does this output name that file?" (see
 * pathid.h).
 *
 * Invariant: an id of a file that does not exist holds the directory's
 * device and inode as reached after resolving every symlink of the path, so
 * two spellings of one place give the same id.
 */
#include "sim/core/pathid.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Follows a final symlink (up to 40, as the kernel does) into buf. Returns
 * the path to use: path itself, or buf. NULL on a loop or an error. */
static const char *follow(const char *path, char *buf, size_t n)
{
    char cur[PATH_MAX];
    if (snprintf(cur, sizeof cur, "%s", path) >= (int)sizeof cur)
        return NULL;
    for (int hops = 0; hops < 40; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) {
            if (snprintf(buf, n, "%s", cur) >= (int)n)
                return NULL;
            return buf;
        }
        char target[PATH_MAX];
        ssize_t len = readlink(cur, target, sizeof target - 1);
        if (len < 0)
            return NULL;
        target[len] = '\0';
        if (target[0] == '/') {
            snprintf(cur, sizeof cur, "%s", target);
        } else {
            /* Relative to the link's own directory. */
            char dir[PATH_MAX];
            snprintf(dir, sizeof dir, "%s", cur);
            char *slash = strrchr(dir, '/');
            if (slash == NULL) {
                snprintf(cur, sizeof cur, "%s", target);
            } else {
                slash[1] = '\0';
                if (snprintf(cur, sizeof cur, "%s%s", dir, target) >= (int)sizeof cur)
                    return NULL;
            }
        }
    }
    return NULL; /* ELOOP */
}

static bool id_of(const char *path, const char *suffix, pathid *out)
{
    memset(out, 0, sizeof *out);
    if (path == NULL || path[0] == '\0')
        return false;
    char resolved[PATH_MAX];
    const char *p = follow(path, resolved, sizeof resolved);
    if (p == NULL)
        return false;
    char full[PATH_MAX];
    if (snprintf(full, sizeof full, "%s%s", p, suffix) >= (int)sizeof full)
        return false;
    if (suffix[0] != '\0') {
        /* The companion itself may be a symlink too. */
        p = follow(full, resolved, sizeof resolved);
        if (p == NULL)
            return false;
        snprintf(full, sizeof full, "%s", p);
    }
    struct stat st;
    if (stat(full, &st) == 0) {
        out->exists = true;
        out->dev = st.st_dev;
        out->ino = st.st_ino;
        return true;
    }
    if (errno != ENOENT)
        return false;
    const char *slash = strrchr(full, '/');
    const char *name = slash ? slash + 1 : full;
    char dir[PATH_MAX];
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == full)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - full), full);
    if (name[0] == '\0' || strlen(name) >= sizeof out->name || stat(dir, &st) != 0 ||
        !S_ISDIR(st.st_mode))
        return false;
    out->dev = st.st_dev;
    out->ino = st.st_ino;
    memcpy(out->name, name, strlen(name) + 1); /* fits: checked above */
    return true;
}

bool pathid_get(const char *path, pathid *out)
{
    return id_of(path, "", out);
}

bool pathid_get_suffixed(const char *path, const char *suffix, pathid *out)
{
    return id_of(path, suffix, out);
}

bool pathid_same(const pathid *a, const pathid *b)
{
    return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
           (a->exists || strcmp(a->name, b->name) == 0);
}

bool pathid_collides(const char *output, const char *file, const char *const *suffixes)
{
    pathid out;
    if (!pathid_get(output, &out))
        return false; /* nothing can be written there: the write itself fails */
    for (size_t i = 0; suffixes[i] != NULL; i++) {
        pathid f;
        if (pathid_get_suffixed(file, suffixes[i], &f) && pathid_same(&out, &f))
            return true;
    }
    return false;
}
