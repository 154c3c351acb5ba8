/*
 * test-ctl.c: the control socket's checks (ctl/ctl.h): who may connect,
 * and where the socket goes.
 */
#include "config.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"

#include "config/paths.h"
#include "ctl/ctl.h"

/* The peer of a socket pair is this process: its uid passes, any other
 * uid is refused with both named. */
static void
test_peer_uid(void **state)
{
	int fds[2];
	char *cause = NULL, *other;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	assert_int_equal(ctl_check_peer(fds[0], geteuid(), &cause), 0);
	assert_null(cause);
	assert_int_equal(ctl_check_peer(fds[0], geteuid() + 1, &cause), -1);
	other = g_strdup_printf("from uid %u", (unsigned)geteuid());
	assert_contains(cause, other);
	assert_contains(cause, "only uid");
	g_free(other);
	g_free(cause);
	close(fds[0]);
	close(fds[1]);
}

/* Not a socket: refused, not trusted. */
static void
test_peer_not_a_socket(void **state)
{
	char *cause = NULL;
	int fd = dup(STDERR_FILENO);

	assert_int_equal(ctl_check_peer(fd, geteuid(), &cause), -1);
	assert_contains(cause, "cannot tell who connected");
	g_free(cause);
	close(fd);
}

/* The path: runtime dir, natter, the profile ("default", or "dir-" and
 * 12 hex digits of the --config-dir's hash). */
static void
test_socket_path(void **state)
{
	char *cause = NULL, *path, *saved = g_strdup(g_getenv("XDG_RUNTIME_DIR"));

	g_setenv("XDG_RUNTIME_DIR", "/run/user/1000", TRUE);
	paths_init(NULL);
	path = ctl_socket_path(&cause);
	assert_non_null(path);
	assert_true(g_str_has_prefix(path, "/run/user/1000/natter/"));
	assert_true(g_str_has_suffix(path, "/natter/default.sock"));
	g_free(path);
	paths_init("/some/config/dir");
	path = ctl_socket_path(&cause);
	assert_non_null(path);
	assert_true(g_str_has_prefix(strrchr(path, '/'), "/dir-"));
	assert_int_equal(strlen(strrchr(path, '/')), strlen("/dir-") + 12 + strlen(".sock"));
	g_free(path);
	paths_clear();
	if (saved != NULL)
		g_setenv("XDG_RUNTIME_DIR", saved, TRUE);
	g_free(saved);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_peer_uid),
		cmocka_unit_test(test_peer_not_a_socket),
		cmocka_unit_test(test_socket_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
