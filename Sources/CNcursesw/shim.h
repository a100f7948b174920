#ifndef UKD_CNCURSESW_SHIM_H
#define UKD_CNCURSESW_SHIM_H
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1   /* without it mvwaddwstr / wget_wch / cchar_t are missing */
#endif
#include <locale.h>
#include <wchar.h>
#include <curses.h>

/* Macros and mutable globals Swift cannot import (platform-findings.md §1). */
static inline void   cn_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
static inline int    cn_COLOR_PAIR(int n) { return (int)COLOR_PAIR(n); }
static inline int    cn_KEY_F(int n)      { return KEY_F(n); }
static inline attr_t cn_A_NORMAL(void)    { return A_NORMAL; }
static inline attr_t cn_A_BOLD(void)      { return A_BOLD; }
static inline attr_t cn_A_REVERSE(void)   { return A_REVERSE; }
static inline attr_t cn_A_UNDERLINE(void) { return A_UNDERLINE; }
static inline attr_t cn_A_DIM(void)       { return A_DIM; }
static inline WINDOW *cn_stdscr(void)     { return stdscr; }
static inline int    cn_LINES(void) { return LINES; }
static inline int    cn_COLS(void)  { return COLS; }
static inline int    cn_COLORS(void) { return COLORS; }
static inline int    cn_COLOR_PAIRS(void) { return COLOR_PAIRS; }
static inline mmask_t cn_ALL_MOUSE_EVENTS(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t cn_BUTTON1_CLICKED(void) { return BUTTON1_CLICKED; }
static inline mmask_t cn_BUTTON1_PRESSED(void) { return BUTTON1_PRESSED; }
static inline mmask_t cn_BUTTON1_RELEASED(void) { return BUTTON1_RELEASED; }
static inline mmask_t cn_BUTTON4_PRESSED(void) { return BUTTON4_PRESSED; }
static inline mmask_t cn_BUTTON5_PRESSED(void) { return BUTTON5_PRESSED; }
#endif
