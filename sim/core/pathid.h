/*
 * pathid.h — whether two paths name the same file, before either exists.
 *
 * Commands that write a file must never write over one they read or store
 * into: a results database, its companions (SQLite's -wal, -shm and -journal
 * files, which appear and vanish as the database is used), a scenario, an
 * input of merge. Comparing the texts of paths misses aliases (./x, a
 * symlink, a hard link, a second mount); comparing inodes misses a file that
 * does not exist yet but will (a -wal file while the database is closed).
 * A pathid handles both: the identity of an existing file is its device and
 * inode; of a file not there, the device and inode of the directory it would
 * be created in (symlinks resolved) and its name there. Two ids are the same
 * file when both files exist and share device and inode, or when neither
 * does and both would be the same name in the same directory.
 *
 * A final component that is a symlink is followed (to where writing through
 * it would land), also when its target does not exist yet.
 */
#ifndef DRSIM_PATHID_H
#define DRSIM_PATHID_H

#include <stdbool.h>
#include <sys/types.h>

#define PATHID_NAME_MAX 256

typedef struct pathid {
    bool exists;           /* the file exists: dev/ino are its own */
    dev_t dev;             /* the file's, or its directory's */
    ino_t ino;
    char name[PATHID_NAME_MAX]; /* !exists: its name in that directory */
} pathid;

/* The identity of path. Returns false when it cannot be told (the directory
 * does not exist or cannot be searched, a name too long, a symlink loop):
 * then nothing can be written there either. */
bool pathid_get(const char *path, pathid *out);

/* The identity of the file whose path is path's (symlinks resolved) with
 * suffix appended to its name: where SQLite puts a database's "-wal". */
bool pathid_get_suffixed(const char *path, const char *suffix, pathid *out);

bool pathid_same(const pathid *a, const pathid *b);

/* Whether writing `output` would write over `file` or one of its companions
 * path+suffix (suffixes NULL-terminated; "" is the file itself). */
bool pathid_collides(const char *output, const char *file, const char *const *suffixes);

#endif
