/*
 * outfile.c — standard output or an atomically written file (see outfile.h).
 */
#include "sim/core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/core/mem.h"

static err_code io_error(err_msg *e, const char *path, int err)
{
    return err_set(e, ERR_IO, "%s: cannot write: %s", path, strerror(err));
}

err_code of_open(const char *path, of_file *f, err_msg *e)
{
    *f = (of_file){0};
    if (path == NULL || strcmp(path, "-") == 0) {
        f->fp = stdout;
        return ERR_OK;
    }
    f->path = path;
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (exists && S_ISDIR(sb.st_mode))
        return err_set(e, ERR_IO, "%s: cannot write: it is a directory", path);
    if (exists && !S_ISREG(sb.st_mode)) {
        /* A device or a pipe: there is nothing to replace atomically. */
        f->fp = fopen(path, "w");
        return f->fp ? ERR_OK : io_error(e, path, errno);
    }
    /* "dir/.name.XXXXXX" next to the destination, so rename stays on one
     * file system. */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    size_t len = strlen(path) + 16;
    f->tmp = mem_malloc(len);
    if (f->tmp == NULL)
        return err_set(e, ERR_NOMEM, "out of memory");
    snprintf(f->tmp, len, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
    int fd = mkstemp(f->tmp);
    if (fd < 0) {
        err_code rc = io_error(e, path, errno);
        mem_free(f->tmp);
        f->tmp = NULL;
        return rc;
    }
    mode_t mode;
    if (exists) {
        mode = sb.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    (void)fchmod(fd, mode);
    f->fp = fdopen(fd, "w");
    if (f->fp == NULL) {
        err_code rc = io_error(e, path, errno);
        close(fd);
        unlink(f->tmp);
        mem_free(f->tmp);
        f->tmp = NULL;
        return rc;
    }
    return ERR_OK;
}

err_code of_commit(of_file *f, err_msg *e)
{
    if (f->fp == NULL)
        return ERR_OK;
    if (f->path == NULL) {
        int bad = fflush(stdout) != 0 || ferror(stdout);
        int err = errno;
        f->fp = NULL;
        return bad ? err_set(e, ERR_IO, "cannot write the output: %s", strerror(err)) : ERR_OK;
    }
    int err = 0;
    if (fflush(f->fp) != 0 || ferror(f->fp))
        err = errno ? errno : EIO;
    if (err == 0 && f->tmp != NULL && fsync(fileno(f->fp)) != 0)
        err = errno;
    if (fclose(f->fp) != 0 && err == 0)
        err = errno;
    f->fp = NULL;
    if (err == 0 && f->tmp != NULL && rename(f->tmp, f->path) != 0)
        err = errno;
    if (f->tmp != NULL) {
        if (err != 0)
            unlink(f->tmp);
        mem_free(f->tmp);
        f->tmp = NULL;
    }
    return err ? io_error(e, f->path, err) : ERR_OK;
}

void of_abort(of_file *f)
{
    if (f->fp != NULL && f->path != NULL)
        fclose(f->fp);
    f->fp = NULL;
    if (f->tmp != NULL) {
        unlink(f->tmp);
        mem_free(f->tmp);
        f->tmp = NULL;
    }
}
