/*
 * keys.c: each account's OTR private key and known fingerprints (see
 * otr.h).
 *
 * Owns the accounts' libotr user states (read from their files on first
 * need) and the key being made, if any: libotr's generate_start on the
 * main thread, generate_calculate in a thread of its own (a DSA key
 * takes a moment), generate_finish back on the main thread (an idle the
 * thread adds), which writes the key file through a 0600 descriptor and
 * a rename. Files that others can read are refused, as for the history.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libotr/instag.h>
#include <libotr/privkey.h>
#include <libotr/proto.h>
#include <libotr/userstate.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/paths.h"
#include "core/event.h"
#include "core/log.h"
#include "model/account.h"
#include "otr/otr-private.h"
#include "otr/otr.h"

static GHashTable *accounts; /* name -> struct otr_account */
static unsigned renamed_subscription, forgotten_subscription;

static void otr_key_finish(struct otr_account *a);

static void
otr_account_free(gpointer data)
{
	struct otr_account *a = data;

	/* The key being made is waited for: it is the user's, and the
	 * thread uses it. */
	if (a->thread != NULL)
		otr_key_finish(a);
	otr_session_forget(a);
	if (a->policies != NULL)
		g_hash_table_destroy(a->policies);
	otrl_userstate_free(a->us);
	g_free(a->name);
	g_free(a->jid);
	g_free(a);
}

char *
otr_dir(const char *account)
{
	return paths_account_file("otr", account, "");
}

char *
otr_file(const char *account, const char *name)
{
	char *dir = otr_dir(account), *path = g_build_filename(dir, name, NULL);

	g_free(dir);
	return path;
}

FILE *
otr_open_private(const char *path, char **cause)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	FILE *file;

	*cause = NULL;
	if (fd == -1) {
		if (errno != ENOENT)
			*cause = g_strdup_printf("cannot open %s: %s", path, g_strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0 ||
	    st.st_uid != geteuid()) {
		*cause = g_strdup_printf("%s can be read or written by other users (or is not a "
		                         "file of yours): chmod 600 it",
		                         path);
		close(fd);
		return NULL;
	}
	file = fdopen(fd, "r");
	if (file == NULL) {
		*cause = g_strdup_printf("cannot read %s: %s", path, g_strerror(errno));
		close(fd);
	}
	return file;
}

/* Reads one file of the account's into its user state. */
static int
otr_read(struct otr_account *a, const char *name, enum otr_file kind, char **cause)
{
	char *path = otr_file(a->name, name);
	FILE *file = otr_open_private(path, cause);
	gcry_error_t err = 0;

	if (file != NULL) {
		err = kind == OTR_FILE_KEY ? otrl_privkey_read_FILEp(a->us, file)
		      : kind == OTR_FILE_FINGERPRINTS
		              ? otrl_privkey_read_fingerprints_FILEp(a->us, file, NULL, NULL)
		              : otrl_instag_read_FILEp(a->us, file);
		fclose(file);
		if (err != 0)
			*cause = g_strdup_printf("%s cannot be read: %s", path, gcry_strerror(err));
	}
	g_free(path);
	return *cause != NULL ? -1 : 0;
}

struct otr_account *
otr_account_loaded(const char *name)
{
	return accounts != NULL ? g_hash_table_lookup(accounts, name) : NULL;
}

struct otr_account *
otr_account(const char *name, char **cause)
{
	const struct account *account = account_find(name);
	struct otr_account *a = accounts ? g_hash_table_lookup(accounts, name) : NULL;

	if (account == NULL) {
		*cause = g_strdup_printf("no account named '%s'", name);
		return NULL;
	}
	if (a != NULL)
		return a;
	a = g_new0(struct otr_account, 1);
	a->name = g_strdup(name);
	a->jid = g_strdup(account->jid);
	a->us = otrl_userstate_create();
	if (otr_read(a, "private.key", OTR_FILE_KEY, cause) == -1 ||
	    otr_read(a, "fingerprints", OTR_FILE_FINGERPRINTS, cause) == -1 ||
	    otr_read(a, "instance_tags", OTR_FILE_INSTAGS, cause) == -1 ||
	    otr_policies_read(a, cause) == -1) {
		otr_account_free(a);
		return NULL;
	}
	if (accounts == NULL)
		accounts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, otr_account_free);
	g_hash_table_insert(accounts, a->name, a);
	return a;
}

int
otr_write(struct otr_account *a, enum otr_file kind, void *newkey, char **cause)
{
	static const char *const names[] = { "private.key", "fingerprints", "instance_tags" };
	char *dir = otr_dir(a->name), *path = otr_file(a->name, names[kind]);
	char *temp = g_strconcat(path, ".new", NULL);
	int fd = -1, ret = -1;
	FILE *file = NULL;
	gcry_error_t err;

	if (paths_ensure_private_dir(dir, cause) == -1)
		goto out;
	fd = open(temp, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	file = fd != -1 ? fdopen(fd, "w+") : NULL;
	if (file == NULL) {
		*cause = g_strdup_printf("cannot write %s: %s", temp, g_strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	if (kind == OTR_FILE_KEY)
		a->key_finished = 1; /* libotr took the pending key */
	err = kind == OTR_FILE_KEY ? otrl_privkey_generate_finish_FILEp(a->us, newkey, file)
	      : kind == OTR_FILE_FINGERPRINTS
	              ? otrl_privkey_write_fingerprints_FILEp(a->us, file)
	              : otrl_instag_generate_FILEp(a->us, file, a->jid, OTR_PROTOCOL);
	if (fflush(file) != 0 || fsync(fileno(file)) != 0 || err != 0) {
		*cause = g_strdup_printf("cannot write %s: %s", temp,
		                         err ? gcry_strerror(err) : g_strerror(errno));
		goto out;
	}
	if (g_rename(temp, path) == -1) {
		*cause = g_strdup_printf("cannot rename %s: %s", temp, g_strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (file != NULL)
		fclose(file);
	if (ret == -1)
		g_unlink(temp);
	g_free(temp);
	g_free(path);
	g_free(dir);
	return ret;
}

/* The thread: the calculation, then an idle on the main thread. */
static gboolean otr_key_ready(gpointer account);

/* The thread's data: the key, and whose it is (the struct, which a
 * rename keeps; the thread reads nothing else of it). */
struct otr_key_job {
	struct otr_account *a;
	void *newkey;
};

static gpointer
otr_key_thread(gpointer data)
{
	struct otr_key_job *job = data;

	otrl_privkey_generate_calculate(job->newkey);
	g_idle_add_full(G_PRIORITY_DEFAULT, otr_key_ready, job->a, NULL);
	g_free(job);
	return NULL;
}

/* The key is computed (the thread is done, or is waited for): written,
 * and said. */
static void
otr_key_finish(struct otr_account *a)
{
	char *cause = NULL, fingerprint[OTRL_PRIVKEY_FPRINT_HUMAN_LEN];

	g_thread_join(a->thread);
	a->thread = NULL;
	a->key_finished = 0;
	if (otr_write(a, OTR_FILE_KEY, a->newkey, &cause) == -1) {
		/* libotr is done with it either way (else the next key could
		 * not be begun). */
		if (!a->key_finished)
			otrl_privkey_generate_cancelled(a->us, a->newkey);
		event_log(a->name, LOG_ERROR, "OTR: the new key is lost: %s", cause);
		g_free(cause);
	} else if (otrl_privkey_fingerprint(a->us, fingerprint, a->jid, OTR_PROTOCOL) != NULL) {
		event_log(a->name, LOG_INFO, "OTR: your key is ready (%.1f s); its fingerprint: %s",
		          (double)(g_get_monotonic_time() - a->started) / G_USEC_PER_SEC,
		          fingerprint);
	}
	a->newkey = NULL;
	/* Sessions asked for meanwhile start now. */
	otr_session_key_ready(a);
}

static gboolean
otr_key_ready(gpointer account)
{
	GHashTableIter iter;
	gpointer value;

	/* Still known (under whatever name): an account forgotten meanwhile
	 * waited for its thread when it was freed. */
	if (accounts == NULL)
		return G_SOURCE_REMOVE;
	g_hash_table_iter_init(&iter, accounts);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		struct otr_account *a = value;
		if (a == account && a->thread != NULL)
			otr_key_finish(a);
	}
	return G_SOURCE_REMOVE;
}

int
otr_generate_key(const char *account, char **cause)
{
	struct otr_account *a = otr_account(account, cause);
	gcry_error_t err;

	if (a == NULL)
		return -1;
	if (a->thread != NULL)
		return 1;
	if (otrl_privkey_find(a->us, a->jid, OTR_PROTOCOL) != NULL)
		return 0;
	err = otrl_privkey_generate_start(a->us, a->jid, OTR_PROTOCOL, &a->newkey);
	if (err != 0 || a->newkey == NULL) {
		*cause = g_strdup_printf("cannot make a key: %s", gcry_strerror(err));
		return -1;
	}
	a->started = g_get_monotonic_time();
	struct otr_key_job *job = g_new(struct otr_key_job, 1);
	job->a = a;
	job->newkey = a->newkey;
	a->thread = g_thread_new("otr-key", otr_key_thread, job);
	event_log(account, LOG_INFO,
	          "OTR: making your private key for %s; natter goes on meanwhile, and says "
	          "when it is ready",
	          a->jid);
	return 1;
}

char *
otr_own_fingerprint(const char *account, int *generating, char **cause)
{
	struct otr_account *a = otr_account(account, cause);
	char fingerprint[OTRL_PRIVKEY_FPRINT_HUMAN_LEN];

	*generating = 0;
	if (a == NULL)
		return NULL;
	if (otrl_privkey_fingerprint(a->us, fingerprint, a->jid, OTR_PROTOCOL) != NULL)
		return g_strdup(fingerprint);
	*generating = a->thread != NULL;
	*cause = g_strdup_printf("account %s has no OTR key yet", account);
	return NULL;
}

void
otr_fingerprint_free(gpointer data)
{
	struct otr_fingerprint *f = data;

	g_free(f->peer);
	g_free(f->human);
	g_free(f->trust);
	g_free(f);
}

static gint
otr_fingerprint_order(gconstpointer a, gconstpointer b)
{
	const struct otr_fingerprint *x = *(const struct otr_fingerprint *const *)a;
	const struct otr_fingerprint *y = *(const struct otr_fingerprint *const *)b;
	int by_peer = g_strcmp0(x->peer, y->peer);

	return by_peer != 0 ? by_peer : g_strcmp0(x->human, y->human);
}

GPtrArray *
otr_fingerprints(const char *account, char **cause)
{
	struct otr_account *a = otr_account(account, cause);
	GPtrArray *list;

	if (a == NULL)
		return NULL;
	list = g_ptr_array_new_with_free_func(otr_fingerprint_free);
	for (ConnContext *c = a->us->context_root; c != NULL; c = c->next) {
		/* Each instance of a contact has a context; the master's
		 * holds the fingerprints. */
		if (c->m_context != c)
			continue;
		for (Fingerprint *f = c->fingerprint_root.next; f != NULL; f = f->next) {
			struct otr_fingerprint *out = g_new0(struct otr_fingerprint, 1);
			char human[OTRL_PRIVKEY_FPRINT_HUMAN_LEN];
			otrl_privkey_hash_to_human(human, f->fingerprint);
			out->peer = g_strdup(c->username);
			out->human = g_strdup(human);
			out->trust = g_strdup(f->trust ? f->trust : "");
			/* In use: the fingerprint of an instance's encrypted
			 * session. */
			for (ConnContext *i = a->us->context_root; i != NULL; i = i->next)
				if (i->m_context == c && i->active_fingerprint == f &&
				    i->msgstate == OTRL_MSGSTATE_ENCRYPTED)
					out->active = 1;
			g_ptr_array_add(list, out);
		}
	}
	g_ptr_array_sort(list, otr_fingerprint_order);
	return list;
}

/* An account renamed: its directory and state follow. */
static void
otr_on_renamed(const struct event *event, void *userdata)
{
	const char *old = event->u.renamed.old;
	struct otr_account *a = NULL;
	char *cause = NULL;

	if (accounts != NULL && g_hash_table_steal_extended(accounts, old, NULL, (gpointer *)&a)) {
		/* What a removed account of that name left is gone already
		 * (otr_on_forgotten()); the name is the key. */
		g_hash_table_remove(accounts, event->account);
		g_free(a->name);
		a->name = g_strdup(event->account);
		g_hash_table_insert(accounts, a->name, a);
	}
	if (paths_account_file_rename("otr", old, event->account, "", &cause) == -1) {
		event_log(event->account, LOG_ERROR, "OTR: %s", cause);
		g_free(cause);
	}
}

/* An account removed (or its JID changed): its sessions and state go,
 * and its directory is set aside (a key is never deleted), so that an
 * account of that name later does not take its key, fingerprints and
 * policies for its own. */
static void
otr_on_forgotten(const struct event *event, void *userdata)
{
	char *dir, *aside, *stamp;
	GDateTime *now;

	if (event->account == NULL)
		return;
	if (accounts != NULL)
		g_hash_table_remove(accounts, event->account);
	dir = otr_dir(event->account);
	if (g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		now = g_date_time_new_now_utc();
		stamp = g_date_time_format(now, "%Y%m%dT%H%M%S");
		aside = g_strdup_printf("%s.removed-%s", dir, stamp);
		if (g_rename(dir, aside) == -1)
			event_log(event->account, LOG_ERROR, "OTR: cannot set %s aside: %s", dir,
			          g_strerror(errno));
		else
			event_log(event->account, LOG_INFO,
			          "OTR: the account's keys and fingerprints are kept in %s", aside);
		g_free(aside);
		g_free(stamp);
		g_date_time_unref(now);
	}
	g_free(dir);
}

void
otr_init(void)
{
	static gsize initialised;

	/* libotr's globals are made once a process (again would leak them). */
	if (g_once_init_enter(&initialised)) {
		OTRL_INIT;
		g_once_init_leave(&initialised, 1);
	}
	if (renamed_subscription == 0)
		renamed_subscription = event_subscribe(EV_ACCOUNT_RENAMED, otr_on_renamed, NULL);
	if (forgotten_subscription == 0)
		forgotten_subscription =
		        event_subscribe(EV_ACCOUNT_FORGOTTEN, otr_on_forgotten, NULL);
}

void
otr_shutdown(void)
{
	g_clear_handle_id(&renamed_subscription, event_unsubscribe);
	g_clear_handle_id(&forgotten_subscription, event_unsubscribe);
	g_clear_pointer(&accounts, g_hash_table_destroy);
}
