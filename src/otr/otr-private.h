/*
 * otr-private.h: what the files of src/otr share: an account's libotr
 * state (keys.c owns it) and its files.
 */
#ifndef NATTER_OTR_OTR_PRIVATE_H
#define NATTER_OTR_OTR_PRIVATE_H

#include <glib.h>
#include <libotr/proto.h>
#include <libotr/userstate.h>
#include <stdio.h>

#define OTR_PROTOCOL "xmpp"

struct otr_account {
	char *name;       /* the account's name (its directory) */
	char *jid;        /* its bare JID: libotr's account name */
	OtrlUserState us; /* its key, instance tag and known fingerprints */
	/* The key being made: libotr's, the thread computing it, when it
	 * began (monotonic). */
	void *newkey;
	GThread *thread;
	gint64 started;
	int key_finished; /* libotr's generate_finish took it (written or not) */
	/* session.c: libotr's timer (timer_control), and the contacts a
	 * session was asked with while the key was being made. */
	guint timer;
	GPtrArray *waiting;
	/* policy.c: "*" (the account's) or a contact's JID -> enum
	 * otr_policy + 1. */
	GHashTable *policies;
};

/* policy.c: reads the account's policies file into a->policies. Returns
 * 0, or -1 and *cause. */
int otr_policies_read(struct otr_account *a, char **cause);

/* The account's state, read from its files on first need; NULL and
 * *cause (no such account, a file that cannot be used). */
struct otr_account *otr_account(const char *name, char **cause);

/* The account's state when it was read already, else NULL (no file is
 * read). */
struct otr_account *otr_account_loaded(const char *name);

/* The account's directory, and a file in it (caller frees). */
char *otr_dir(const char *account);
char *otr_file(const char *account, const char *name);

enum otr_file { OTR_FILE_KEY, OTR_FILE_FINGERPRINTS, OTR_FILE_INSTAGS };

/* Opens a file of the account's for reading: NULL with *cause NULL when
 * there is none, NULL and *cause when it cannot be used (others can read
 * or write it, not the user's, not a file). */
FILE *otr_open_private(const char *path, char **cause);

/* Writes one of the account's files from its state (OTR_FILE_KEY: with
 * the key newkey just made; OTR_FILE_INSTAGS: a new instance tag), 0600
 * through a rename. Returns 0, or -1 and *cause. */
int otr_write(struct otr_account *a, enum otr_file kind, void *newkey, char **cause);

/* session.c: the account's key is ready (sessions waiting for it start);
 * the account is forgotten (its timer stops). */
void otr_session_key_ready(struct otr_account *a);
void otr_session_forget(struct otr_account *a);

#endif
