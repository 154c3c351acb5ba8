/*
 * spawn.h: running an external command without blocking the loop, and
 * collecting what it prints (eval_password, and later notify commands).
 */
#ifndef NATTER_CORE_SPAWN_H
#define NATTER_CORE_SPAWN_H

struct spawn;

/*
 * Called once when the command is over. On success ok is 1 and output is
 * what it printed on stdout; otherwise ok is 0 and why says what went
 * wrong in words (exit status, signal, timeout, and the first line of its
 * stderr). Both strings are borrowed for the call and wiped afterwards.
 * The struct spawn is freed after the callback returns.
 */
typedef void (*spawn_done_fn)(int ok, const char *output, const char *why, void *userdata);

/*
 * Runs command with /bin/sh -c in its own process group, stdin from
 * /dev/null, and a limit of timeout_s seconds. Returns the handle, or NULL
 * and *cause when it cannot start (done is then not called).
 */
struct spawn *spawn_command(const char *command, unsigned timeout_s, spawn_done_fn done,
                            void *userdata, char **cause);

/* The same with a program and its arguments, no shell involved (argv[0]
 * is looked up in PATH): for arguments that come from elsewhere. */
struct spawn *spawn_argv(const char *const *argv, unsigned timeout_s, spawn_done_fn done,
                         void *userdata, char **cause);

/* spawn_argv() with more variables in the command's environment: env_add
 * holds NAME, VALUE, NAME, VALUE..., NULL (NULL: none). */
struct spawn *spawn_argv_env(const char *const *argv, const char *const *env_add,
                             unsigned timeout_s, spawn_done_fn done, void *userdata, char **cause);

/* Stops the command (its whole process group) without calling done, and
 * frees the handle. NULL is ignored. */
void spawn_cancel(struct spawn *spawn);

/*
 * Sets an environment variable for natter's own process only: commands it
 * runs get the variable as natter was started with it (set to what it
 * was, or unset). Call before any thread starts.
 */
void spawn_setenv_own(const char *name, const char *value);

/* The environment for a command: natter's, with what spawn_setenv_own()
 * changed put back. Free with g_strfreev(). */
char **spawn_environ(void);

#endif
