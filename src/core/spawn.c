/*
 * spawn.c: running an external command without blocking the loop.
 *
 * Each struct spawn owns the child's two pipes and their GLib watches, the
 * child watch and the timeout, from spawn_argv() until done is called
 * or spawn_cancel(). A cancelled or timed-out child is killed with its
 * process group and still reaped, by a child watch that outlives the
 * handle, so nothing is left as a zombie.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/spawn.h"

/* What a command may print before natter stops listening. */
#define SPAWN_OUTPUT_MAX 65536
/* How long the pipes may stay open once the command has exited (a child
 * it left in the background may hold them). */
#define SPAWN_GRACE_MS 500

/* Variables natter set for itself (spawn_setenv_own()): name, then the
 * value it had or NULL, in pairs. */
static GPtrArray *own_vars;

struct spawn_pipe {
	int fd;
	guint source;
	GString *text;
};

struct spawn {
	GPid pid;
	struct spawn_pipe out, err;
	guint child_source;
	guint timeout_source;
	guint grace_source;
	unsigned timeout_s;
	int exited;
	int status;
	spawn_done_fn done;
	void *userdata;
};

/* Stops listening on a pipe, keeping what it said. */
static void
spawn_pipe_stop(struct spawn_pipe *pipe)
{
	g_clear_handle_id(&pipe->source, g_source_remove);
	if (pipe->fd != -1)
		close(pipe->fd);
	pipe->fd = -1;
}

/* Stops listening and forgets (wipes) what the pipe said. */
static void
spawn_pipe_close(struct spawn_pipe *pipe)
{
	spawn_pipe_stop(pipe);
	if (pipe->text != NULL) {
		explicit_bzero(pipe->text->str, pipe->text->len);
		g_string_free(pipe->text, TRUE);
	}
	pipe->text = NULL;
}

static void
spawn_reap(GPid pid, gint status, gpointer userdata)
{
	g_spawn_close_pid(pid);
}

static void
spawn_free(struct spawn *spawn)
{
	spawn_pipe_close(&spawn->out);
	spawn_pipe_close(&spawn->err);
	g_clear_handle_id(&spawn->timeout_source, g_source_remove);
	if (spawn->grace_source != 0 && spawn->pid > 0)
		kill(-spawn->pid, SIGTERM); /* what it left behind */
	g_clear_handle_id(&spawn->grace_source, g_source_remove);
	if (spawn->child_source != 0) {
		/* Still running: end it, and let a watch of its own reap it. */
		g_source_remove(spawn->child_source);
		if (spawn->pid > 0)
			kill(-spawn->pid, SIGTERM);
		g_child_watch_add(spawn->pid, spawn_reap, NULL);
	} else if (spawn->pid != 0) {
		g_spawn_close_pid(spawn->pid);
	}
	g_free(spawn);
}

/* The first line of the command's stderr, for the reason. */
static char *
spawn_stderr_line(const struct spawn *spawn)
{
	const char *text = spawn->err.text ? spawn->err.text->str : "";
	const char *end = strchr(text, '\n');
	char *line = g_strndup(text, end ? (gsize)(end - text) : strlen(text));

	g_strstrip(line);
	return line;
}

static void
spawn_finish(struct spawn *spawn)
{
	char *why = NULL, *line;

	if (!spawn->exited || spawn->out.fd != -1 || spawn->err.fd != -1)
		return;
	g_clear_handle_id(&spawn->grace_source, g_source_remove);
	if (!g_spawn_check_wait_status(spawn->status, NULL)) {
		line = spawn_stderr_line(spawn);
		if (WIFEXITED(spawn->status))
			why = g_strdup_printf("exited with status %d", WEXITSTATUS(spawn->status));
		else
			why = g_strdup_printf("was killed by signal %d", WTERMSIG(spawn->status));
		if (*line != '\0') {
			char *with_line = g_strdup_printf("%s: %s", why, line);
			g_free(why);
			why = with_line;
		}
		g_free(line);
	}
	spawn->done(why == NULL, spawn->out.text ? spawn->out.text->str : "", why, spawn->userdata);
	g_free(why);
	spawn->pid = 0;
	spawn_free(spawn);
}

static gboolean
spawn_on_pipe(gint fd, GIOCondition condition, gpointer userdata)
{
	struct spawn *spawn = userdata;
	struct spawn_pipe *pipe = fd == spawn->out.fd ? &spawn->out : &spawn->err;
	char chunk[1024];
	ssize_t n = read(fd, chunk, sizeof chunk);

	if (n > 0) {
		if (pipe->text->len < SPAWN_OUTPUT_MAX)
			g_string_append_len(pipe->text, chunk, n);
		explicit_bzero(chunk, sizeof chunk);
		return G_SOURCE_CONTINUE;
	}
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return G_SOURCE_CONTINUE;
	/* End of file: keep the text, drop the descriptor. */
	pipe->source = 0;
	close(pipe->fd);
	pipe->fd = -1;
	spawn_finish(spawn);
	return G_SOURCE_REMOVE;
}

/* The command exited but something it started still holds its output:
 * end that group and take what was printed. */
static gboolean
spawn_on_grace(gpointer userdata)
{
	struct spawn *spawn = userdata;

	spawn->grace_source = 0;
	kill(-spawn->pid, SIGTERM);
	spawn_pipe_stop(&spawn->out);
	spawn_pipe_stop(&spawn->err);
	spawn_finish(spawn);
	return G_SOURCE_REMOVE;
}

static void
spawn_on_exit(GPid pid, gint status, gpointer userdata)
{
	struct spawn *spawn = userdata;

	spawn->child_source = 0;
	spawn->exited = 1;
	spawn->status = status;
	g_spawn_close_pid(pid);
	if (spawn->out.fd != -1 || spawn->err.fd != -1)
		spawn->grace_source = g_timeout_add(SPAWN_GRACE_MS, spawn_on_grace, spawn);
	spawn_finish(spawn);
}

static gboolean
spawn_on_timeout(gpointer userdata)
{
	struct spawn *spawn = userdata;
	char *why = g_strdup_printf("did not finish within %u seconds", spawn->timeout_s);

	spawn->timeout_source = 0;
	spawn->done(0, "", why, spawn->userdata);
	g_free(why);
	spawn_free(spawn);
	return G_SOURCE_REMOVE;
}

static void
spawn_child_setup(gpointer unused)
{
	/* Its own process group, so that a timeout ends its children too. */
	setpgid(0, 0);
}

static void
spawn_pipe_watch(struct spawn *spawn, struct spawn_pipe *pipe, int fd)
{
	pipe->fd = fd;
	pipe->text = g_string_new(NULL);
	g_unix_set_fd_nonblocking(fd, TRUE, NULL);
	pipe->source = g_unix_fd_add(fd, G_IO_IN | G_IO_HUP | G_IO_ERR, spawn_on_pipe, spawn);
}

struct spawn *
spawn_command(const char *command, unsigned timeout_s, spawn_done_fn done, void *userdata,
              char **cause)
{
	const char *argv[] = { "/bin/sh", "-c", command, NULL };

	return spawn_argv(argv, timeout_s, done, userdata, cause);
}

struct spawn *
spawn_argv(const char *const *argv, unsigned timeout_s, spawn_done_fn done, void *userdata,
           char **cause)
{
	return spawn_argv_env(argv, NULL, timeout_s, done, userdata, cause);
}

struct spawn *
spawn_argv_env(const char *const *argv, const char *const *env_add, unsigned timeout_s,
               spawn_done_fn done, void *userdata, char **cause)
{
	struct spawn *spawn = g_new0(struct spawn, 1);
	GError *error = NULL;
	int out_fd, err_fd;

	char **env = spawn_environ();
	gboolean started;

	for (size_t i = 0; env_add != NULL && env_add[i] != NULL && env_add[i + 1] != NULL; i += 2)
		env = g_environ_setenv(env, env_add[i], env_add[i + 1], TRUE);

	spawn->out.fd = spawn->err.fd = -1;
	started = g_spawn_async_with_pipes(
	        NULL, (char **)argv, env,
	        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_SEARCH_PATH,
	        spawn_child_setup, NULL, &spawn->pid, NULL, &out_fd, &err_fd, &error);
	g_strfreev(env);
	if (!started) {
		*cause = g_strdup_printf("cannot run '%s': %s", argv[0], error->message);
		g_error_free(error);
		g_free(spawn);
		return NULL;
	}
	spawn->done = done;
	spawn->userdata = userdata;
	spawn->timeout_s = timeout_s;
	spawn_pipe_watch(spawn, &spawn->out, out_fd);
	spawn_pipe_watch(spawn, &spawn->err, err_fd);
	spawn->child_source = g_child_watch_add(spawn->pid, spawn_on_exit, spawn);
	spawn->timeout_source = g_timeout_add_seconds(timeout_s, spawn_on_timeout, spawn);
	return spawn;
}

void
spawn_cancel(struct spawn *spawn)
{
	if (spawn != NULL)
		spawn_free(spawn);
}

void
spawn_setenv_own(const char *name, const char *value)
{
	if (own_vars == NULL)
		own_vars = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < own_vars->len; i += 2) {
		if (strcmp(own_vars->pdata[i], name) == 0) {
			g_setenv(name, value, TRUE);
			return;
		}
	}
	g_ptr_array_add(own_vars, g_strdup(name));
	g_ptr_array_add(own_vars, g_strdup(g_getenv(name)));
	g_setenv(name, value, TRUE);
}

char **
spawn_environ(void)
{
	char **env = g_get_environ();

	for (guint i = 0; own_vars != NULL && i < own_vars->len; i += 2) {
		const char *name = own_vars->pdata[i], *was = own_vars->pdata[i + 1];
		env = was != NULL ? g_environ_setenv(env, name, was, TRUE)
		                  : g_environ_unsetenv(env, name);
	}
	return env;
}
