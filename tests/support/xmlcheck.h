/*
 * xmlcheck.h — a small XML 1.0 well-formedness checker for the tests that
 * read back what drsim writes (JUnit): one root element, balanced and
 * properly nested tags, quoted attributes without duplicates, only the five
 * predefined entities and character references, no raw '<' or '&' in text or
 * attribute values, valid UTF-8 of characters XML allows. A document type
 * declaration without an internal subset ("<!DOCTYPE html>") may precede the
 * root; no DTDs otherwise, no namespaces checks, no CDATA (drsim writes none).
 */
#ifndef DRSIM_TEST_XMLCHECK_H
#define DRSIM_TEST_XMLCHECK_H

#include <stddef.h>

typedef struct xc_result {
    int ok;
    char error[256];      /* what is wrong, with the byte offset */
    size_t elements;      /* elements seen */
} xc_result;

/* Checks the document; counts the elements named `count_name` into *count
 * (may be NULL). */
xc_result xc_check(const char *doc, const char *count_name, size_t *count);

/* Unescaped value of the first attribute `attr` of the n-th (0-based)
 * element `elem`, into buf; returns 0 when found. */
int xc_attr(const char *doc, const char *elem, size_t n, const char *attr, char *buf,
            size_t size);

#endif
