#ifndef UKD_CLIBCEXTRAS_SHIM_H
#define UKD_CLIBCEXTRAS_SHIM_H
#include <stddef.h>
#include <wchar.h>
#include <stdio.h>
/* glibc hides these unless __USE_XOPEN; Swift's Glibc module then lacks them. */
extern int wcwidth(wchar_t c);
extern int wcswidth(const wchar_t *s, size_t n);
/* Swift 6 rejects reading the mutable globals stdout / stderr. */
static inline FILE *cx_stdout(void) { return stdout; }
static inline FILE *cx_stderr(void) { return stderr; }
#endif
