/*
 * accounts.c: reading accounts.ini.
 *
 * Stateless: parses the file with GKeyFile and fills the account list.
 * Every key is validated; an account with a wrong value is not loaded and
 * the problem is reported with the account and key named.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/accounts.h"
#include "config/paths.h"
#include "core/jid.h"
#include "model/account.h"

static const char template_text[] =
        "# natter accounts: one [group] per account; lines starting with # are\n"
        "# comments. Values are taken as written (no quotes, no escapes).\n"
        "#\n"
        "# [work]\n"
        "# jid = me@example.org\n"
        "# password = secret\n"
        "# # or, instead of password, a command that prints it:\n"
        "# eval_password = pass show xmpp/work\n"
        "# # optional; the server and port default to the domain's DNS SRV records:\n"
        "# server = xmpp.example.org\n"
        "# port = 5222\n"
        "# resource = laptop\n"
        "# # required (STARTTLS, the default), direct (TLS at once) or disable:\n"
        "# tls = required\n"
        "# # a certificate or CA to trust besides the system's:\n"
        "# trust_cafile = /path/to/ca.pem\n"
        "# # with tls = disable, allow a server that offers only PLAIN\n"
        "# # authentication to see the password unencrypted (no by default):\n"
        "# allow_plain = no\n";

static const char *const known_keys[] = {
	"jid",      "password", "eval_password", "server",      "port",
	"resource", "tls",      "trust_cafile",  "allow_plain",
};

static int
accounts_check_keys(GKeyFile *file, const char *group, char **cause)
{
	gchar **keys = g_key_file_get_keys(file, group, NULL, NULL);
	int ret = 0;

	for (gchar **key = keys; key != NULL && *key != NULL; key++) {
		size_t i;
		for (i = 0; i < G_N_ELEMENTS(known_keys); i++) {
			if (strcmp(*key, known_keys[i]) == 0)
				break;
		}
		if (i == G_N_ELEMENTS(known_keys)) {
			*cause = g_strdup_printf("unknown key '%s'", *key);
			ret = -1;
			break;
		}
	}
	g_strfreev(keys);
	return ret;
}

/* The value as written: GKeyFile's escapes (\\n, \\s...) would change
 * passwords and commands, so the raw value is taken, without surrounding
 * blanks. NULL when absent or empty. */
static char *
accounts_get(GKeyFile *file, const char *group, const char *key)
{
	char *value = g_key_file_get_value(file, group, key, NULL);

	if (value != NULL)
		g_strstrip(value);
	if (value != NULL && *value == '\0')
		g_clear_pointer(&value, g_free);
	return value;
}

static int
accounts_fill_jid(struct account *account, GKeyFile *file, char **cause)
{
	char *text = accounts_get(file, account->name, "jid");
	struct jid jid;
	char *why = NULL;

	if (text == NULL) {
		*cause = g_strdup("no 'jid' key");
		return -1;
	}
	if (jid_parse(text, &jid, &why) == -1) {
		*cause = g_strdup_printf("jid '%s': %s", text, why);
		g_free(why);
		g_free(text);
		return -1;
	}
	if (jid.local == NULL || jid.resource != NULL) {
		*cause = g_strdup_printf("jid '%s' must be user@domain, without a resource "
		                         "(use the 'resource' key)",
		                         text);
		jid_clear(&jid);
		g_free(text);
		return -1;
	}
	account->jid = jid_bare(&jid);
	jid_clear(&jid);
	g_free(text);
	return 0;
}

static int
accounts_fill_port(struct account *account, GKeyFile *file, char **cause)
{
	char *text = accounts_get(file, account->name, "port");
	char *end = NULL;
	unsigned long port;

	if (text == NULL)
		return 0;
	errno = 0;
	port = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || port < 1 || port > 65535) {
		*cause = g_strdup_printf("port '%s' is not a number from 1 to 65535", text);
		g_free(text);
		return -1;
	}
	account->port = (unsigned)port;
	g_free(text);
	return 0;
}

static int
accounts_fill_allow_plain(struct account *account, GKeyFile *file, char **cause)
{
	char *text = accounts_get(file, account->name, "allow_plain");
	int ret = 0;

	if (text == NULL)
		return 0;
	if (g_ascii_strcasecmp(text, "yes") == 0 || g_ascii_strcasecmp(text, "true") == 0)
		account->allow_plain = 1;
	else if (g_ascii_strcasecmp(text, "no") != 0 && g_ascii_strcasecmp(text, "false") != 0)
		ret = -1;
	if (ret == -1)
		*cause = g_strdup_printf("allow_plain '%s' is not yes or no", text);
	g_free(text);
	return ret;
}

static int
accounts_fill_tls(struct account *account, GKeyFile *file, char **cause)
{
	char *text = accounts_get(file, account->name, "tls");
	int ret = 0;

	if (text != NULL && account_tls_parse(text, &account->tls) == -1) {
		*cause = g_strdup_printf("tls '%s' is not one of required, direct, disable", text);
		ret = -1;
	}
	g_free(text);
	if (ret == 0)
		ret = accounts_fill_allow_plain(account, file, cause);
	return ret;
}

/* RFC 7622 3.4: the rules of a resource are those of a full JID's. */
static int
accounts_check_resource(const struct account *account, char **cause)
{
	char *full, *why = NULL;
	struct jid jid;

	if (account->resource == NULL)
		return 0;
	full = g_strconcat(account->jid, "/", account->resource, NULL);
	if (jid_parse(full, &jid, &why) == -1) {
		*cause = g_strdup_printf("resource: %s", why);
		g_free(why);
		g_free(full);
		return -1;
	}
	jid_clear(&jid);
	g_free(full);
	return 0;
}

/* The name is shown in title bars and typed in commands: printable text. */
static int
accounts_check_name(const char *name, char **cause)
{
	if (!g_utf8_validate(name, -1, NULL)) {
		*cause = g_strdup("the account name is not valid UTF-8");
		return -1;
	}
	for (const char *p = name; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
			*cause = g_strdup("the account name has a control character");
			return -1;
		}
	}
	return 0;
}

static int
accounts_fill(struct account *account, GKeyFile *file, char **cause)
{
	if (accounts_check_name(account->name, cause) == -1 ||
	    accounts_check_keys(file, account->name, cause) == -1 ||
	    accounts_fill_jid(account, file, cause) == -1 ||
	    accounts_fill_port(account, file, cause) == -1 ||
	    accounts_fill_tls(account, file, cause) == -1)
		return -1;
	account->password = accounts_get(file, account->name, "password");
	account->eval_password = accounts_get(file, account->name, "eval_password");
	account->server = accounts_get(file, account->name, "server");
	account->resource = accounts_get(file, account->name, "resource");
	account->trust_cafile = accounts_get(file, account->name, "trust_cafile");
	if (account->password != NULL && account->eval_password != NULL) {
		*cause = g_strdup("both 'password' and 'eval_password' are set: keep one");
		return -1;
	}
	return accounts_check_resource(account, cause);
}

int
accounts_parse(const char *text, GPtrArray *problems, char **cause)
{
	GKeyFile *file = g_key_file_new();
	GError *error = NULL;
	gchar **groups;

	if (!g_key_file_load_from_data(file, text, (gsize)-1, G_KEY_FILE_KEEP_COMMENTS, &error)) {
		*cause = g_strdup(error->message);
		g_error_free(error);
		g_key_file_free(file);
		return -1;
	}
	groups = g_key_file_get_groups(file, NULL);
	for (gchar **group = groups; *group != NULL; group++) {
		struct account *account = account_new(*group);
		char *why = NULL;
		if (accounts_fill(account, file, &why) == -1) {
			g_ptr_array_add(problems, g_strdup_printf("account '%s': %s", *group, why));
			g_free(why);
			account_free(account);
			continue;
		}
		account_list_add(account);
	}
	g_strfreev(groups);
	g_key_file_free(file);
	return 0;
}

static int
accounts_create(const char *path, char **cause)
{
	char *dir = g_path_get_dirname(path);
	GError *error = NULL;
	int ret = paths_ensure_private_dir(dir, cause);

	g_free(dir);
	if (ret == -1)
		return -1;
	/* g_file_set_contents_full writes a temporary file, syncs and renames. */
	if (!g_file_set_contents_full(path, template_text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
	                              &error)) {
		*cause = g_strdup_printf("cannot create %s: %s", path, error->message);
		g_error_free(error);
		return -1;
	}
	return 0;
}

static int
accounts_check_mode(int fd, const char *path, char **cause)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		*cause = g_strdup_printf("cannot stat %s: %s", path, g_strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = g_strdup_printf("%s is not a regular file", path);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		*cause = g_strdup_printf("%s can be read by other users (mode %04o) and may hold "
		                         "passwords; refusing to use it. Fix with: chmod 600 %s",
		                         path, (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	return 0;
}

/* Reads the whole file behind fd. Returns the text (caller frees) or NULL
 * and *cause. Files above 1 MiB are refused: no accounts file is that big. */
static char *
accounts_read(int fd, const char *path, char **cause)
{
	GString *text = g_string_new(NULL);
	char chunk[4096];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = g_strdup_printf("cannot read %s: %s", path, g_strerror(errno));
			break;
		}
		g_string_append_len(text, chunk, n);
		if (text->len > 1024 * 1024) {
			*cause = g_strdup_printf("%s is larger than 1 MiB", path);
			n = -1;
			break;
		}
	}
	explicit_bzero(chunk, sizeof chunk);
	if (n == -1) {
		explicit_bzero(text->str, text->len);
		g_string_free(text, TRUE);
		return NULL;
	}
	return g_string_free(text, FALSE);
}

static char *loaded_path; /* the file accounts_load() read */

int
accounts_load(const char *path, GPtrArray *problems, char **cause)
{
	char *text = NULL;
	int fd, ret = -1;

	g_free(loaded_path);
	loaded_path = g_strdup(path);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1 && errno == ENOENT)
		return accounts_create(path, cause);
	if (fd == -1) {
		*cause = g_strdup_printf("cannot open %s: %s", path, g_strerror(errno));
		return -1;
	}
	if (accounts_check_mode(fd, path, cause) == -1)
		goto out;
	text = accounts_read(fd, path, cause);
	if (text == NULL)
		goto out;
	if (accounts_parse(text, problems, cause) == -1) {
		char *why = *cause;
		*cause = g_strdup_printf("%s: %s", path, why);
		g_free(why);
		goto out;
	}
	ret = 0;
out:
	if (text != NULL)
		explicit_bzero(text, strlen(text));
	g_free(text);
	close(fd);
	return ret;
}

int
account_set_password(const char *name, const char *password, char **cause)
{
	struct account *account = account_find(name);
	GKeyFile *file;
	GError *error = NULL;
	char *text, *why = NULL;
	int ret = 0;

	/* A password from eval_password lives elsewhere: nothing to write. */
	if (account == NULL || account->password == NULL)
		return 0;
	explicit_bzero(account->password, strlen(account->password));
	g_free(account->password);
	account->password = g_strdup(password);
	if (loaded_path == NULL)
		return 0;
	/* The file is rewritten with its comments; only the key changes. */
	file = g_key_file_new();
	if (!g_key_file_load_from_file(file, loaded_path, G_KEY_FILE_KEEP_COMMENTS, &error)) {
		*cause = g_strdup_printf("accounts.ini still has the old one (%s)", error->message);
		g_error_free(error);
		g_key_file_free(file);
		return -1;
	}
	g_key_file_set_value(file, name, "password", password);
	text = g_key_file_to_data(file, NULL, NULL);
	if (paths_write_private(loaded_path, text, &why) == -1) {
		*cause = g_strdup_printf("accounts.ini still has the old one (%s)", why);
		ret = -1;
	}
	explicit_bzero(text, strlen(text));
	g_free(text);
	g_free(why);
	g_key_file_free(file);
	return ret;
}
