/*
 * pathid.c — "does this output name that file?" through every alias: other
 * spellings, symlinks (dangling ones too), hard links, and companions that do
 * not exist yet.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/core/pathid.h"
#include "tests/support/helpers.h"

static const char *const companions[] = {"", "-wal", "-shm", "-journal", NULL};

static char *at(const char *dir, const char *name)
{
    static char buf[8][1024];
    static int k;
    char *b = buf[k++ % 8];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

Test(pathid, other_spellings_of_one_file_collide)
{
    const char *d = th_tmpdir();
    cr_assert_eq(mkdir(at(d, "sub"), 0755), 0);
    cr_assert_eq(th_write_file(at(d, "c.db"), "x"), 0);
    cr_assert(pathid_collides(at(d, "c.db"), at(d, "c.db"), companions));
    cr_assert(pathid_collides(at(d, "sub/../c.db"), at(d, "c.db"), companions));
    cr_assert(pathid_collides(at(d, "./c.db"), at(d, "sub/../c.db"), companions));
    cr_assert(!pathid_collides(at(d, "sub/c.db"), at(d, "c.db"), companions));
    cr_assert(!pathid_collides(at(d, "d.db"), at(d, "c.db"), companions));
}

Test(pathid, links_collide_with_their_target)
{
    const char *d = th_tmpdir();
    cr_assert_eq(th_write_file(at(d, "c.db"), "x"), 0);
    cr_assert_eq(symlink("c.db", at(d, "sym")), 0);
    cr_assert_eq(link(at(d, "c.db"), at(d, "hard")), 0);
    cr_assert(pathid_collides(at(d, "sym"), at(d, "c.db"), companions));
    cr_assert(pathid_collides(at(d, "hard"), at(d, "c.db"), companions));
    cr_assert(pathid_collides(at(d, "c.db"), at(d, "sym"), companions));
}

Test(pathid, companions_collide_before_they_exist)
{
    const char *d = th_tmpdir();
    cr_assert_eq(th_write_file(at(d, "w.db"), "x"), 0);
    /* No -wal yet: writing w.db-wal would still land on the database's WAL. */
    cr_assert(pathid_collides(at(d, "w.db-wal"), at(d, "w.db"), companions));
    cr_assert(pathid_collides(at(d, "w.db-shm"), at(d, "w.db"), companions));
    cr_assert(pathid_collides(at(d, "w.db-journal"), at(d, "w.db"), companions));
    cr_assert(!pathid_collides(at(d, "w.db-walrus"), at(d, "w.db"), companions));
    /* A dangling symlink into a companion, too. */
    cr_assert_eq(symlink("w.db-wal", at(d, "junit.xml")), 0);
    cr_assert(pathid_collides(at(d, "junit.xml"), at(d, "w.db"), companions));
}

Test(pathid, a_database_behind_a_symlink_has_its_companions_beside_the_target)
{
    const char *d = th_tmpdir();
    cr_assert_eq(mkdir(at(d, "real"), 0755), 0);
    cr_assert_eq(th_write_file(at(d, "real/r.db"), "x"), 0);
    cr_assert_eq(symlink("real/r.db", at(d, "link.db")), 0);
    cr_assert(pathid_collides(at(d, "real/r.db-wal"), at(d, "link.db"), companions));
    cr_assert(!pathid_collides(at(d, "link.db-wal"), at(d, "link.db"), companions),
              "SQLite names the WAL after the resolved file");
}

Test(pathid, ids_of_places_that_cannot_exist_are_refused)
{
    pathid id;
    cr_assert(!pathid_get("", &id));
    cr_assert(!pathid_get("/no/such/dir/x", &id));
    const char *d = th_tmpdir();
    cr_assert_eq(symlink("loop", at(d, "loop")), 0);
    cr_assert(!pathid_get(at(d, "loop"), &id), "a symlink loop has no identity");
}
