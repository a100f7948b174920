#ifndef UKD_CNCURSESW_SHIM_H
#define UKD_CNCURSESW_SHIM_H
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1   /* without it mvwaddwstr / wget_wch / cchar_t are missing */
#endif
#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
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
static inline WINDOW *cn_curscr(void)     { return curscr; }
static inline mmask_t cn_REPORT_MOUSE_POSITION(void) { return REPORT_MOUSE_POSITION; }

/* Mouse state bits for button 1..5; kind: 0 released, 1 pressed, 2 clicked, 3 double-clicked. */
static inline mmask_t cn_mouse_button_mask(int button, int kind) {
    static const mmask_t bits[4] = { NCURSES_BUTTON_RELEASED, NCURSES_BUTTON_PRESSED,
                                     NCURSES_BUTTON_CLICKED, NCURSES_DOUBLE_CLICKED };
    if (button < 1 || button > 5 || kind < 0 || kind > 3) return 0;
    return NCURSES_MOUSE_MASK(button, bits[kind]);
}

/*
 * Terminal restore on every way out (ukey-doctor CursesBackend).
 *
 * Written in C because a signal handler must not enter the Swift runtime. While a real
 * terminal is "armed", SIGINT/SIGTERM/SIGHUP end curses and _exit(128+sig); SIGSEGV, SIGABRT,
 * SIGILL, SIGBUS and SIGFPE end curses, put back the previous handler (the default, or Swift's
 * backtracer) and re-raise so the crash is reported as usual on a sane terminal; exit() runs
 * the atexit hook. SIGTSTP is left to ncurses, whose own handler (installed by newterm when
 * SIGTSTP is at its default) does endwin, stops, and redraws on SIGCONT; our SIGCONT handler
 * only records the resume so the app can redraw too. endwin() is not async-signal-safe; it is
 * what ncurses itself does in its handlers, and the alternative is a terminal left raw.
 * The state is file-static, so each Swift object file that calls these functions would get
 * its own copy: call them from one file only (CursesBackend/Terminal.swift).
 */
static volatile sig_atomic_t cn_restore_armed = 0;
static volatile sig_atomic_t cn_resumed_flag = 0;
static int cn_handlers_installed = 0;
static int cn_atexit_registered = 0;
static const int cn_exit_signals[] = { SIGINT, SIGTERM, SIGHUP };
static const int cn_crash_signals[] = { SIGSEGV, SIGABRT, SIGILL, SIGBUS, SIGFPE };
/* Initialised so that they are definitions: Swift's importer does not emit tentative ones. */
static struct cn_saved_actions { struct sigaction exit[3], crash[5], cont; } cn_saved = {0};

/* Set when the terminal has no alternate screen: a clean screen is left on the way out. */
static volatile sig_atomic_t cn_clear_on_restore = 0;
static inline void cn_set_clear_on_restore(int clear) { cn_clear_on_restore = clear ? 1 : 0; }

/* Blank screen, cursor at the top: what a terminal without an alternate screen is left with. */
static inline void cn_leave_clean_screen(void) { werase(stdscr); wmove(stdscr, 0, 0); wrefresh(stdscr); }

static inline void cn_restore_if_armed(void) {
    if (cn_restore_armed) {
        cn_restore_armed = 0;
        if (cn_clear_on_restore) cn_leave_clean_screen();
        endwin();
    }
}

static void cn_on_exit_signal(int sig) {
    cn_restore_if_armed();
    _exit(128 + sig);
}

static void cn_on_crash_signal(int sig) {
    cn_restore_if_armed();
    for (int i = 0; i < 5; i++) {
        if (cn_crash_signals[i] == sig) { sigaction(sig, &cn_saved.crash[i], NULL); break; }
    }
    /* Blocked while this handler runs; delivered to the previous handler when it returns. */
    raise(sig);
}

static void cn_on_continue(int sig) { (void)sig; cn_resumed_flag = 1; }

static void cn_at_exit(void) { cn_restore_if_armed(); }

/* Install before newterm, so that ncurses (which only catches signals still at SIG_DFL)
   leaves SIGINT/SIGTERM to us. */
static inline void cn_install_restore_handlers(void) {
    if (cn_handlers_installed) return;
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = cn_on_exit_signal;
    for (int i = 0; i < 3; i++) sigaction(cn_exit_signals[i], &action, &cn_saved.exit[i]);
    action.sa_handler = cn_on_crash_signal;
    for (int i = 0; i < 5; i++) sigaction(cn_crash_signals[i], &action, &cn_saved.crash[i]);
    action.sa_handler = cn_on_continue;
    action.sa_flags = SA_RESTART;
    sigaction(SIGCONT, &action, &cn_saved.cont);
    if (!cn_atexit_registered) { atexit(cn_at_exit); cn_atexit_registered = 1; }
    /* A process started by a parent that blocked these (test runners, some service managers)
       would otherwise never see ^C, kill or ^Z while the UI runs. */
    sigset_t wanted;
    sigemptyset(&wanted);
    for (int i = 0; i < 3; i++) sigaddset(&wanted, cn_exit_signals[i]);
    sigaddset(&wanted, SIGTSTP);
    sigaddset(&wanted, SIGCONT);
    sigaddset(&wanted, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
    cn_handlers_installed = 1;
}

/* Put back the handlers that were there before (after a normal close). */
static inline void cn_remove_restore_handlers(void) {
    if (!cn_handlers_installed) return;
    for (int i = 0; i < 3; i++) sigaction(cn_exit_signals[i], &cn_saved.exit[i], NULL);
    for (int i = 0; i < 5; i++) sigaction(cn_crash_signals[i], &cn_saved.crash[i], NULL);
    sigaction(SIGCONT, &cn_saved.cont, NULL);
    cn_handlers_installed = 0;
}

static inline void cn_arm_restore(int armed) { cn_restore_armed = armed ? 1 : 0; }

/* 1 once after a SIGCONT (resumed after ^Z or kill -STOP): the app should redraw. */
static inline int cn_take_resumed(void) {
    int was = cn_resumed_flag;
    cn_resumed_flag = 0;
    return was;
}
#endif
