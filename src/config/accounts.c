/*
 * accounts.c: reading accounts.ini, and editing it (/account).
 *
 * Parses the file with GKeyFile and fills the account list. Every key is
 * validated; an account with a wrong value is not loaded and the problem
 * is reported with the account and key named. Edits go through
 * inifile.c, which changes only the lines concerned.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/accounts.h"
#include "config/inifile.h"
#include "config/paths.h"
#include "config/theme.h"
#include "core/jid.h"
#include "model/account.h"
#include "model/contact.h"

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
        "# allow_plain = no\n"
        "# # connect when natter starts without -a (no by default):\n"
        "# autoconnect = yes\n"
        "# # kept here, but never connected (/account enable, /account disable):\n"
        "# enabled = no\n"
        "# # what shows the account where several are online (default: its name),\n"
        "# # and its colour (red, brightblue, colour208...; default: from the name):\n"
        "# tag = W\n"
        "# colour = cyan\n"
        "# # presence on connecting: online, chat, away, xa or dnd, then a text;\n"
        "# # and its priority (-128 to 127, 0 by default):\n"
        "# status = online at work\n"
        "# priority = 5\n"
        "# # nick in rooms (default: the JID's user name), and rooms entered on\n"
        "# # connecting, besides the bookmarked ones (separated by commas):\n"
        "# nick = me\n"
        "# autojoin = team@conference.example.org, ops@conference.example.org\n";

const char *const accounts_key_names[] = {
	"jid",    "password",     "eval_password", "server",      "port",     "resource",
	"tls",    "trust_cafile", "allow_plain",   "autoconnect", "enabled",  "tag",
	"colour", "status",       "priority",      "nick",        "autojoin", NULL,
};

static int
accounts_known_key(const char *key)
{
	for (size_t i = 0; accounts_key_names[i] != NULL; i++) {
		if (strcmp(key, accounts_key_names[i]) == 0)
			return 1;
	}
	return 0;
}

static int
accounts_check_keys(GKeyFile *file, const char *group, char **cause)
{
	gchar **keys = g_key_file_get_keys(file, group, NULL, NULL);
	int ret = 0;

	for (gchar **key = keys; key != NULL && *key != NULL; key++) {
		if (!accounts_known_key(*key)) {
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

/* A yes/no key (true/false too); absent: absent. */
static int
accounts_fill_bool(GKeyFile *file, const char *group, const char *key, int absent, int *value,
                   char **cause)
{
	char *text = accounts_get(file, group, key);
	int ret = 0;

	*value = absent;
	if (text == NULL)
		return 0;
	if (g_ascii_strcasecmp(text, "yes") == 0 || g_ascii_strcasecmp(text, "true") == 0)
		*value = 1;
	else if (g_ascii_strcasecmp(text, "no") == 0 || g_ascii_strcasecmp(text, "false") == 0)
		*value = 0;
	else
		ret = -1;
	if (ret == -1)
		*cause = g_strdup_printf("%s '%s' is not yes or no", key, text);
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
		ret = accounts_fill_bool(file, account->name, "allow_plain", 0,
		                         &account->allow_plain, cause);
	return ret;
}

/* RFC 7622 3.4: the rules of a resource are those of a full JID's; a
 * nick in a room is the resource of an occupant's JID (XEP-0045 7.2). */
static int
accounts_check_resource(const struct account *account, const char *key, const char *text,
                        char **cause)
{
	char *full, *why = NULL;
	struct jid jid;

	if (text == NULL)
		return 0;
	full = g_strconcat(account->jid, "/", text, NULL);
	if (jid_parse(full, &jid, &why) == -1) {
		*cause = g_strdup_printf("%s: %s", key, why);
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
accounts_check_printable(const char *what, const char *text, char **cause)
{
	if (!g_utf8_validate(text, -1, NULL)) {
		*cause = g_strdup_printf("%s is not valid UTF-8", what);
		return -1;
	}
	for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
			*cause = g_strdup_printf("%s has a control character", what);
			return -1;
		}
	}
	return 0;
}

/* tag: up to 12 characters, printable, no blanks or brackets; colour: a
 * theme's colour word. */
static int
accounts_fill_tag(struct account *account, GKeyFile *file, char **cause)
{
	char *tag = accounts_get(file, account->name, "tag");
	char *colour = accounts_get(file, account->name, "colour");
	char *why = NULL;
	int ret = 0;

	if (tag != NULL && (g_utf8_strlen(tag, -1) > 12 || strpbrk(tag, " \t[]") != NULL ||
	                    accounts_check_printable("the tag", tag, &why) == -1)) {
		*cause = g_strdup_printf("tag '%s' is not up to 12 printable characters without "
		                         "blanks or brackets",
		                         tag);
		ret = -1;
	} else if (colour != NULL && (account->colour = theme_colour_word(colour)) < 0) {
		*cause = g_strdup_printf(
		        "colour '%s' is not a colour (red, brightblue, colour208...)", colour);
		ret = -1;
	} else {
		account->tag = g_steal_pointer(&tag);
	}
	g_free(why);
	g_free(tag);
	g_free(colour);
	return ret;
}

/* status: a show ("online" for none) and, after a blank, a text. */
static int
accounts_fill_presence(struct account *account, GKeyFile *file, char **cause)
{
	char *priority = accounts_get(file, account->name, "priority");
	char *status = accounts_get(file, account->name, "status");
	char *show = status != NULL ? g_strndup(status, strcspn(status, " \t")) : NULL;
	int ret = 0;

	if (priority != NULL && presence_priority_parse(priority, &account->priority) == -1) {
		*cause =
		        g_strdup_printf("priority '%s' is not a number from -128 to 127", priority);
		ret = -1;
	} else if (status != NULL && accounts_check_printable("status", status, cause) == -1) {
		/* It goes into <status/>: a control character would end the
		 * stream (XML 1.0 2.2), at every login. */
		ret = -1;
	} else if (show != NULL && (account->show = presence_show_word(show)) < 0) {
		*cause = g_strdup_printf("status '%s' does not start with online, chat, away, xa "
		                         "or dnd",
		                         status);
		ret = -1;
	} else if (show != NULL && status[strlen(show)] != '\0') {
		account->status = g_strdup(g_strchug(status + strlen(show)));
	}
	g_free(priority);
	g_free(status);
	g_free(show);
	return ret;
}

/* autojoin: room addresses (ROOM@SERVICE), separated by commas. */
static int
accounts_fill_autojoin(struct account *account, GKeyFile *file, char **cause)
{
	char *text = accounts_get(file, account->name, "autojoin");
	gchar **rooms = text != NULL ? g_strsplit(text, ",", -1) : NULL;
	GPtrArray *list = g_ptr_array_new();
	int ret = 0;

	for (gchar **room = rooms; room != NULL && *room != NULL && ret == 0; room++) {
		struct jid jid;
		char *why = NULL;
		if (*g_strstrip(*room) == '\0')
			continue;
		if (jid_parse(*room, &jid, &why) == -1 || jid.local == NULL ||
		    jid.resource != NULL) {
			*cause = g_strdup_printf("autojoin: '%s' is not a room address "
			                         "(ROOM@SERVICE)%s%s",
			                         *room, why ? ": " : "", why ? why : "");
			ret = -1;
		} else {
			char *bare = jid_bare(&jid);
			if (g_ptr_array_find_with_equal_func(list, bare, g_str_equal, NULL))
				g_free(bare);
			else
				g_ptr_array_add(list, bare);
		}
		jid_clear(&jid);
		g_free(why);
	}
	g_ptr_array_add(list, NULL);
	account->autojoin = (char **)g_ptr_array_free(list, FALSE);
	if (account->autojoin[0] == NULL)
		g_clear_pointer(&account->autojoin, g_free);
	g_strfreev(rooms);
	g_free(text);
	return ret;
}

static int
accounts_fill(struct account *account, GKeyFile *file, char **cause)
{
	int enabled;

	if (accounts_check_printable("the account name", account->name, cause) == -1 ||
	    accounts_check_keys(file, account->name, cause) == -1 ||
	    accounts_fill_jid(account, file, cause) == -1 ||
	    accounts_fill_port(account, file, cause) == -1 ||
	    accounts_fill_tls(account, file, cause) == -1 ||
	    accounts_fill_bool(file, account->name, "autoconnect", 0, &account->autoconnect,
	                       cause) == -1 ||
	    accounts_fill_bool(file, account->name, "enabled", 1, &enabled, cause) == -1 ||
	    accounts_fill_tag(account, file, cause) == -1 ||
	    accounts_fill_presence(account, file, cause) == -1)
		return -1;
	account->disabled = !enabled;
	account->password = accounts_get(file, account->name, "password");
	account->eval_password = accounts_get(file, account->name, "eval_password");
	account->server = accounts_get(file, account->name, "server");
	account->resource = accounts_get(file, account->name, "resource");
	account->trust_cafile = accounts_get(file, account->name, "trust_cafile");
	account->nick = accounts_get(file, account->name, "nick");
	if (account->password != NULL && account->eval_password != NULL) {
		*cause = g_strdup("both 'password' and 'eval_password' are set: keep one");
		return -1;
	}
	if (accounts_check_resource(account, "resource", account->resource, cause) == -1 ||
	    accounts_check_resource(account, "nick", account->nick, cause) == -1)
		return -1;
	return accounts_fill_autojoin(account, file, cause);
}

/* The groups of the file that are no valid account: name -> why. */
static GHashTable *unloaded;

const char *
accounts_unloaded_reason(const char *name)
{
	return unloaded != NULL ? g_hash_table_lookup(unloaded, name) : NULL;
}

static gint
accounts_compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *
accounts_unloaded(void)
{
	GPtrArray *names = g_ptr_array_new();
	GHashTableIter iter;
	gpointer name;

	if (unloaded != NULL) {
		g_hash_table_iter_init(&iter, unloaded);
		while (g_hash_table_iter_next(&iter, &name, NULL))
			g_ptr_array_add(names, name);
	}
	g_ptr_array_sort(names, accounts_compare_names);
	return names;
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
	if (unloaded == NULL)
		unloaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_remove_all(unloaded);
	for (gchar **group = groups; *group != NULL; group++) {
		struct account *account = account_new(*group);
		char *why = NULL;
		if (accounts_fill(account, file, &why) == -1) {
			g_ptr_array_add(problems, g_strdup_printf("account '%s': %s", *group, why));
			g_hash_table_replace(unloaded, g_strdup(*group), why);
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
	/* Text with a NUL byte would be cut there when written back. */
	if (n != -1 && memchr(text->str, '\0', text->len) != NULL) {
		*cause = g_strdup_printf("%s holds a NUL byte: not a text file", path);
		n = -1;
	}
	if (n == -1) {
		explicit_bzero(text->str, text->len);
		g_string_free(text, TRUE);
		return NULL;
	}
	return g_string_free(text, FALSE);
}

static char *loaded_path; /* the file accounts_load() read */

/* The text of the accounts file at path, checked as accounts_load() says
 * (caller wipes and frees), or NULL and *cause; *missing is set when it
 * does not exist. */
static char *
accounts_text(const char *path, int *missing, char **cause)
{
	char *text = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	*missing = fd == -1 && errno == ENOENT;
	if (fd == -1) {
		*cause = g_strdup_printf("cannot open %s: %s", path, g_strerror(errno));
		return NULL;
	}
	if (accounts_check_mode(fd, path, cause) == 0)
		text = accounts_read(fd, path, cause);
	close(fd);
	return text;
}

static void
accounts_wipe(char *text)
{
	if (text != NULL)
		explicit_bzero(text, strlen(text));
	g_free(text);
}

int
accounts_load(const char *path, GPtrArray *problems, char **cause)
{
	char *text;
	int missing, ret = -1;

	g_free(loaded_path);
	loaded_path = g_strdup(path);
	text = accounts_text(path, &missing, cause);
	if (missing) {
		g_clear_pointer(cause, g_free);
		return accounts_create(path, cause);
	}
	if (text == NULL)
		return -1;
	if (accounts_parse(text, problems, cause) == -1) {
		char *why = *cause;
		*cause = g_strdup_printf("%s: %s", path, why);
		g_free(why);
	} else {
		ret = 0;
	}
	accounts_wipe(text);
	return ret;
}

int
accounts_check_name(const char *name, char **cause)
{
	if (*name == '\0') {
		*cause = g_strdup("the account name is empty");
		return -1;
	}
	if (accounts_check_printable("the account name", name, cause) == -1)
		return -1;
	if (strpbrk(name, "[]") != NULL) {
		*cause = g_strdup_printf("the account name '%s' has a bracket", name);
		return -1;
	}
	if (g_ascii_isspace(name[0]) || g_ascii_isspace(name[strlen(name) - 1])) {
		*cause = g_strdup_printf("the account name '%s' starts or ends with a blank", name);
		return -1;
	}
	return 0;
}

/* The account name as text of an ini file describes it, or NULL and
 * *cause (not valid ini, no such group, a wrong value). */
static struct account *
accounts_build(const char *text, const char *name, char **cause)
{
	GKeyFile *file = g_key_file_new();
	GError *error = NULL;
	struct account *account = NULL;

	if (!g_key_file_load_from_data(file, text, (gsize)-1, G_KEY_FILE_NONE, &error)) {
		*cause = g_strdup_printf("accounts.ini would not be valid: %s", error->message);
		g_error_free(error);
	} else {
		account = account_new(name);
		if (accounts_fill(account, file, cause) == -1)
			g_clear_pointer(&account, account_free);
	}
	g_key_file_free(file);
	return account;
}

/* One edit of accounts.ini (see accounts.h). */
struct accounts_edit {
	const char *name;
	const char *key;      /* accounts_set(), accounts_add() ("jid") */
	const char *value;    /* NULL: remove the key */
	int adding;           /* the group must not be there yet */
	int removing;         /* the whole group goes */
	const char *new_name; /* accounts_rename(): the group's new name */
};

static void
accounts_apply(struct inifile *ini, const struct accounts_edit *edit)
{
	if (edit->removing)
		inifile_remove_group(ini, edit->name);
	else if (edit->new_name != NULL)
		inifile_rename_group(ini, edit->name, edit->new_name);
	else if (edit->value != NULL)
		inifile_set(ini, edit->name, edit->key, edit->value);
	else
		inifile_unset(ini, edit->name, edit->key);
}

static int
accounts_edit(const struct accounts_edit *edit, char **cause)
{
	char *text, *changed = NULL, *why = NULL;
	struct inifile *ini = NULL;
	struct account *account = NULL;
	int missing, ret = -1;

	if (loaded_path == NULL) {
		*cause = g_strdup("natter read no accounts file");
		return -1;
	}
	text = accounts_text(loaded_path, &missing, cause);
	if (missing) { /* removed meanwhile: start again from the template */
		g_clear_pointer(cause, g_free);
		text = g_strdup(template_text);
	}
	if (text == NULL)
		return -1;
	ini = inifile_parse(text);
	if (edit->adding && inifile_has_group(ini, edit->name)) {
		*cause = g_strdup_printf("accounts.ini already has an account named '%s'",
		                         edit->name);
		goto out;
	}
	if (!edit->adding && !inifile_has_group(ini, edit->name)) {
		*cause = g_strdup_printf("accounts.ini has no account named '%s'", edit->name);
		goto out;
	}
	if (edit->new_name != NULL && inifile_has_group(ini, edit->new_name)) {
		*cause = g_strdup_printf("accounts.ini already has an account named '%s'",
		                         edit->new_name);
		goto out;
	}
	accounts_apply(ini, edit);
	changed = inifile_text(ini);
	if (!edit->removing &&
	    (account = accounts_build(changed, edit->new_name ? edit->new_name : edit->name,
	                              cause)) == NULL)
		goto out;
	if (paths_write_private(loaded_path, changed, &why) == -1) {
		*cause = g_strdup_printf("cannot write %s: %s", loaded_path, why);
		account_free(account);
		goto out;
	}
	if (account != NULL)
		account_list_replace(edit->name, account);
	else
		account_list_remove(edit->name);
	if (unloaded != NULL)
		g_hash_table_remove(unloaded, edit->name);
	ret = 0;
out:
	accounts_wipe(text);
	accounts_wipe(changed);
	inifile_free(ini);
	g_free(why);
	return ret;
}

/* A value goes on one line, as written: no line breaks, no other control
 * characters, and no blanks around it (reading drops them). */
static int
accounts_check_value(const char *key, const char *value, char **cause)
{
	size_t len = strlen(value);

	if (len == 0 || g_ascii_isspace(value[0]) || g_ascii_isspace(value[len - 1])) {
		*cause = g_strdup_printf(len == 0 ? "the value of %s is empty (unset removes a key)"
		                                  : "the value of %s starts or ends with a blank, "
		                                    "which accounts.ini cannot keep",
		                         key);
		return -1;
	}
	for (const char *p = value; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*cause = g_strdup_printf("the value of %s has a control character", key);
			return -1;
		}
	}
	return 0;
}

int
accounts_add(const char *name, const char *jid, char **cause)
{
	struct accounts_edit edit = { .name = name, .key = "jid", .value = jid, .adding = 1 };

	if (accounts_check_name(name, cause) == -1 || accounts_check_value("jid", jid, cause) == -1)
		return -1;
	if (account_find(name) != NULL) {
		*cause = g_strdup_printf("there is already an account named '%s'", name);
		return -1;
	}
	return accounts_edit(&edit, cause);
}

int
accounts_set(const char *name, const char *key, const char *value, char **cause)
{
	struct accounts_edit edit = { .name = name, .key = key, .value = value };

	if (!accounts_known_key(key)) {
		char *keys = g_strjoinv(", ", (char **)accounts_key_names);
		*cause = g_strdup_printf("unknown key '%s' (one of: %s)", key, keys);
		g_free(keys);
		return -1;
	}
	if (value != NULL && accounts_check_value(key, value, cause) == -1)
		return -1;
	return accounts_edit(&edit, cause);
}

int
accounts_remove(const char *name, char **cause)
{
	struct accounts_edit edit = { .name = name, .removing = 1 };

	return accounts_edit(&edit, cause);
}

int
accounts_rename(const char *name, const char *new_name, char **cause)
{
	struct accounts_edit edit = { .name = name, .new_name = new_name };

	if (accounts_check_name(new_name, cause) == -1)
		return -1;
	if (account_find(new_name) != NULL) {
		*cause = g_strdup_printf("there is already an account named '%s'", new_name);
		return -1;
	}
	return accounts_edit(&edit, cause);
}

int
account_set_password(const char *name, const char *password, char **cause)
{
	struct account *account = account_find(name);
	char *why = NULL;

	/* A password from eval_password lives elsewhere: nothing to write. */
	if (account == NULL || account->password == NULL)
		return 0;
	/* The file says the new one, and the account list with it. */
	if (loaded_path != NULL && accounts_set(name, "password", password, &why) == 0)
		return 0;
	/* Not written (or no file): natter goes on with the new one. */
	explicit_bzero(account->password, strlen(account->password));
	g_free(account->password);
	account->password = g_strdup(password);
	if (why == NULL)
		return 0;
	*cause = g_strdup_printf("accounts.ini still has the old one (%s)", why);
	g_free(why);
	return -1;
}
