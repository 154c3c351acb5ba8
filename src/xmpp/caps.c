/*
 * caps.c: what the contacts' clients can do (XEP-0115 entity capabilities).
 *
 * A presence may carry <c hash='sha-1' node='N' ver='V'/>: V is the hash
 * of the client's identities and features. natter keeps, per account and
 * full JID, the V last announced, and per V the features, learnt once by a
 * disco#info query to node N#V (XEP-0115 6.3) and kept only when the
 * answer hashes to V (5.4: a mismatch is not cached). Verified entries are
 * shared by all accounts and saved in <data dir>/caps.json, so a restart
 * asks nobody again.
 *
 * Other modules ask caps_supports(), which says yes, no or unknown (a
 * client that announced nothing, or whose answer has not come).
 */
#include "config.h"

#include <jansson.h>
#include <string.h>

#include "config/paths.h"
#include "core/jid.h"
#include "core/log.h"
#include "core/rekey.h"
#include "xmpp/caps.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_CAPS       "http://jabber.org/protocol/caps"
#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define NS_DATA       "jabber:x:data"

static GHashTable *features_by_ver; /* ver -> GHashTable (set of features) */
static GHashTable *ver_by_jid;      /* "account\nfull JID" -> ver */
static GHashTable *asking;          /* ver -> 1 while a query runs */
static int loaded;

static char *
caps_key(const char *account, const char *jid)
{
	return g_strconcat(account, "\n", jid, NULL);
}

static void
caps_init(void)
{
	if (ver_by_jid != NULL)
		return;
	features_by_ver = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                        (GDestroyNotify)g_hash_table_unref);
	ver_by_jid = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	asking = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static char *
caps_cache_path(void)
{
	return g_build_filename(paths_data_dir(), "caps.json", NULL);
}

/* The cache file: {"VER": ["feature", ...], ...}. Anything malformed in it
 * is skipped (it is only a cache). */
static void
caps_load(void)
{
	char *path = caps_cache_path();
	json_t *root = json_load_file(path, 0, NULL), *list;
	const char *ver;

	loaded = 1;
	if (json_is_object(root)) {
		json_object_foreach(root, ver, list)
		{
			GHashTable *set;
			size_t i;
			json_t *feature;
			if (!json_is_array(list))
				continue;
			set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
			json_array_foreach(list, i, feature) if (json_is_string(feature))
			        g_hash_table_add(set, g_strdup(json_string_value(feature)));
			g_hash_table_replace(features_by_ver, g_strdup(ver), set);
		}
	}
	json_decref(root);
	g_free(path);
}

static void
caps_save(void)
{
	char *path = caps_cache_path(), *text, *cause = NULL;
	json_t *root = json_object();
	GHashTableIter iter, inner;
	gpointer ver, set, feature;

	g_hash_table_iter_init(&iter, features_by_ver);
	while (g_hash_table_iter_next(&iter, &ver, &set)) {
		json_t *list = json_array();
		g_hash_table_iter_init(&inner, set);
		while (g_hash_table_iter_next(&inner, &feature, NULL))
			json_array_append_new(list, json_string(feature));
		json_object_set_new(root, ver, list);
	}
	text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	if (paths_write_private(path, text, &cause) == -1)
		log_write(LOG_WARNING, "caps", "caps cache %s: %s", path, cause);
	free(text);
	json_decref(root);
	g_free(cause);
	g_free(path);
}

static int
caps_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Limits on what a stranger's answers can make natter keep. */
#define CAPS_MAX_VERS     512
#define CAPS_MAX_FEATURES 512

/* XEP-0115 5.4: a part that holds '<' could move the separators. */
static int
caps_clean(const char *text)
{
	return text == NULL || strchr(text, '<') == NULL;
}

/* One identity's "category/type/lang/name<" and its sort key (5.1 step
 * 2: by category, then type, then xml:lang). */
struct caps_identity {
	char *key; /* category \1 type \1 lang: \1 sorts before any text */
	char *text;
};

static int
caps_identity_compare(gconstpointer a, gconstpointer b)
{
	const struct caps_identity *x = *(struct caps_identity *const *)a;
	const struct caps_identity *y = *(struct caps_identity *const *)b;
	int by_key = strcmp(x->key, y->key);

	return by_key != 0 ? by_key : strcmp(x->text, y->text);
}

static void
caps_identity_free(gpointer pointer)
{
	struct caps_identity *identity = pointer;

	g_free(identity->key);
	g_free(identity->text);
	g_free(identity);
}

/* A form's fields, sorted by var, each "var<value<...", values sorted;
 * *form_type the hidden FORM_TYPE's value. Returns NULL for a form that
 * 5.4 says to ignore (no hidden FORM_TYPE), and sets *bad for one that
 * spoils the answer ('<' in a part). */
static char *
caps_form_text(xmpp_stanza_t *form, char **form_type, int *bad)
{
	GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
	GString *out;

	*form_type = NULL;
	for (xmpp_stanza_t *f = xmpp_stanza_get_children(form); f; f = xmpp_stanza_get_next(f)) {
		const char *var = xmpp_stanza_get_attribute(f, "var");
		GPtrArray *values;
		GString *field;
		if (!xmpp_stanza_is_tag(f) || strcmp(xmpp_stanza_get_name(f), "field") != 0 ||
		    var == NULL)
			continue;
		*bad |= !caps_clean(var);
		values = g_ptr_array_new_with_free_func(g_free);
		for (xmpp_stanza_t *v = xmpp_stanza_get_children(f); v; v = xmpp_stanza_get_next(v))
			if (xmpp_stanza_is_tag(v) &&
			    strcmp(xmpp_stanza_get_name(v), "value") == 0) {
				char *text = xmpp_stanza_get_text(v);
				*bad |= !caps_clean(text);
				g_ptr_array_add(values, g_strdup(text ? text : ""));
				xmpp_free(xmpp_stanza_get_context(v), text);
			}
		g_ptr_array_sort(values, caps_compare);
		if (strcmp(var, "FORM_TYPE") == 0) {
			if (g_strcmp0(xmpp_stanza_get_type(f), "hidden") == 0 && values->len > 0) {
				g_free(*form_type);
				*form_type = g_strdup(values->pdata[0]);
			}
		} else {
			field = g_string_new(var);
			g_string_append_c(field, '<');
			for (guint i = 0; i < values->len; i++)
				g_string_append_printf(field, "%s<", (char *)values->pdata[i]);
			g_ptr_array_add(fields, g_string_free(field, FALSE));
		}
		g_ptr_array_free(values, TRUE);
	}
	if (*form_type == NULL) {
		g_ptr_array_free(fields, TRUE);
		return NULL;
	}
	/* 5.1 step 7: fields by var (the text up to its '<'). */
	g_ptr_array_sort(fields, caps_compare);
	out = g_string_new(NULL);
	g_string_append_printf(out, "%s<", *form_type);
	for (guint i = 0; i < fields->len; i++)
		g_string_append(out, fields->pdata[i]);
	g_ptr_array_free(fields, TRUE);
	return g_string_free(out, FALSE);
}

/* The verification string's SHA-1 (base64) of a disco#info answer, and
 * its features into set; NULL for an answer XEP-0115 5.4 says not to
 * trust (duplicates, '<' in a part, two forms of one FORM_TYPE) or one
 * too big to keep. */
char *
caps_hash(xmpp_stanza_t *query, GHashTable *set)
{
	GPtrArray *identities = g_ptr_array_new_with_free_func(caps_identity_free);
	GPtrArray *features = g_ptr_array_new();
	GPtrArray *forms = g_ptr_array_new_with_free_func(g_free);
	GHashTable *form_types = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GString *s = g_string_new(NULL);
	GChecksum *sha1;
	guint8 digest[20];
	gsize length = sizeof digest;
	char *ver = NULL;
	int bad = 0;

	for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c && !bad;
	     c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : "";
		if (strcmp(name, "identity") == 0) {
			const char *category = xmpp_stanza_get_attribute(c, "category");
			const char *type = xmpp_stanza_get_attribute(c, "type");
			/* libstrophe's parser keeps xml:lang as "lang". */
			const char *lang = xmpp_stanza_get_attribute(c, "xml:lang")
			                           ? xmpp_stanza_get_attribute(c, "xml:lang")
			                           : xmpp_stanza_get_attribute(c, "lang");
			const char *label = xmpp_stanza_get_attribute(c, "name");
			struct caps_identity *identity = g_new0(struct caps_identity, 1);
			bad |= !caps_clean(category) || !caps_clean(type) || !caps_clean(lang) ||
			       !caps_clean(label);
			identity->key = g_strdup_printf("%s\1%s\1%s", category ? category : "",
			                                type ? type : "", lang ? lang : "");
			identity->text = g_strdup_printf("%s/%s/%s/%s<", category ? category : "",
			                                 type ? type : "", lang ? lang : "",
			                                 label ? label : "");
			g_ptr_array_add(identities, identity);
		} else if (strcmp(name, "feature") == 0 && xmpp_stanza_get_attribute(c, "var")) {
			const char *var = xmpp_stanza_get_attribute(c, "var");
			bad |= !caps_clean(var) || features->len >= CAPS_MAX_FEATURES ||
			       !g_hash_table_add(set, g_strdup(var)); /* a duplicate */
			g_ptr_array_add(features, (gpointer)var);
		} else if (strcmp(name, "x") == 0 &&
		           g_strcmp0(xmpp_stanza_get_ns(c), NS_DATA) == 0) {
			char *form_type, *text = caps_form_text(c, &form_type, &bad);
			if (text != NULL) {
				bad |= !g_hash_table_add(form_types, form_type);
				g_ptr_array_add(forms, text);
			}
		}
	}
	g_ptr_array_sort(identities, caps_identity_compare);
	for (guint i = 1; i < identities->len; i++)
		bad |= caps_identity_compare(&identities->pdata[i - 1], &identities->pdata[i]) == 0;
	if (bad)
		goto out;
	g_ptr_array_sort(features, caps_compare);
	g_ptr_array_sort(forms, caps_compare);
	for (guint i = 0; i < identities->len; i++)
		g_string_append(s, ((struct caps_identity *)identities->pdata[i])->text);
	for (guint i = 0; i < features->len; i++)
		g_string_append_printf(s, "%s<", (char *)features->pdata[i]);
	for (guint i = 0; i < forms->len; i++)
		g_string_append(s, forms->pdata[i]);
	sha1 = g_checksum_new(G_CHECKSUM_SHA1);
	g_checksum_update(sha1, (const guchar *)s->str, (gssize)s->len);
	g_checksum_get_digest(sha1, digest, &length);
	ver = g_base64_encode(digest, length);
	g_checksum_free(sha1);
out:
	g_string_free(s, TRUE);
	g_ptr_array_free(identities, TRUE);
	g_ptr_array_free(features, TRUE);
	g_ptr_array_free(forms, TRUE);
	g_hash_table_unref(form_types);
	return ver;
}

/* A query ended (answered, or its connection did): it may be asked
 * again. */
static void
caps_request_free(gpointer data)
{
	if (asking != NULL)
		g_hash_table_remove(asking, data);
	g_free(data);
}

static void
caps_on_info(struct session *session, xmpp_stanza_t *iq, void *data)
{
	char *ver = data, *got;
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_DISCO_INFO);
	GHashTable *set;

	if (query == NULL || g_strcmp0(xmpp_stanza_get_type(iq), "result") != 0)
		return; /* unknown it stays; the next presence may ask again */
	set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	got = caps_hash(query, set);
	if (got != NULL && strcmp(got, ver) == 0 &&
	    g_hash_table_size(features_by_ver) < CAPS_MAX_VERS) {
		g_hash_table_replace(features_by_ver, g_strdup(ver), set);
		caps_save();
	} else {
		/* XEP-0115 5.4: not what was announced: not cached. */
		log_write(LOG_INFO, session->account,
		          "caps: %s answered for ver %s with features hashing to %s: ignored",
		          xmpp_stanza_get_from(iq), ver, got ? got : "(an answer not to trust)");
		g_hash_table_unref(set);
	}
	g_free(got);
}

void
caps_note_presence(struct session *session, const char *full_jid, xmpp_stanza_t *presence)
{
	xmpp_stanza_t *c = xmpp_stanza_get_child_by_name_and_ns(presence, "c", NS_CAPS);
	const char *hash = c ? xmpp_stanza_get_attribute(c, "hash") : NULL;
	const char *node = c ? xmpp_stanza_get_attribute(c, "node") : NULL;
	const char *ver = c ? xmpp_stanza_get_attribute(c, "ver") : NULL;
	xmpp_stanza_t *iq, *payload;
	char *key, *node_ver;

	caps_init();
	if (!loaded)
		caps_load();
	key = caps_key(session->account, full_jid);
	/* Only SHA-1, the hash XEP-0115 5.1 makes mandatory, is checked; a
	 * legacy <c/> (no hash) cannot be verified and is not used. */
	if (ver == NULL || node == NULL || g_strcmp0(hash, "sha-1") != 0) {
		g_hash_table_remove(ver_by_jid, key);
		g_free(key);
		return;
	}
	g_hash_table_replace(ver_by_jid, key, g_strdup(ver));
	/* The account's own presence comes back to it: natter knows what it
	 * supports without asking itself. */
	if (g_hash_table_contains(features_by_ver, ver) || g_hash_table_contains(asking, ver) ||
	    session->state != SESSION_ONLINE || jid_equal(full_jid, session_jid(session)))
		return;
	/* XEP-0115 6.3: ask that client for node#ver, once per ver. */
	iq = stanza_new_query("get", full_jid, "query", NS_DISCO_INFO, &payload);
	node_ver = g_strdup_printf("%s#%s", node, ver);
	xmpp_stanza_set_attribute(payload, "node", node_ver);
	g_free(node_ver);
	g_hash_table_add(asking, g_strdup(ver));
	session_request(session, iq, caps_on_info, g_strdup(ver), caps_request_free);
	xmpp_stanza_release(iq);
}

void
caps_forget(const char *account, const char *full_jid)
{
	char *key;

	if (ver_by_jid == NULL)
		return;
	key = caps_key(account, full_jid);
	g_hash_table_remove(ver_by_jid, key);
	g_free(key);
}

/* Whether key (caps_key()) is account's: data is the "account\n" prefix. */
static gboolean
caps_key_of(gpointer key, gpointer value, gpointer data)
{
	return g_str_has_prefix(key, data);
}

void
caps_forget_account(const char *account)
{
	char *prefix = g_strconcat(account, "\n", NULL);

	if (ver_by_jid != NULL)
		g_hash_table_foreach_remove(ver_by_jid, caps_key_of, prefix);
	g_free(prefix);
}

/* rekey_fn: data holds the old and new names. */
static char *
caps_key_renamed(const char *key, gpointer value, gpointer data)
{
	const char *const *names = data;
	size_t length = strlen(names[0]);

	if (strncmp(key, names[0], length) != 0 || key[length] != '\n')
		return NULL;
	return caps_key(names[1], key + length + 1);
}

void
caps_rename_account(const char *old, const char *new)
{
	const char *names[] = { old, new };

	if (ver_by_jid != NULL)
		rekey(ver_by_jid, caps_key_renamed, names);
}

int
caps_supports(const char *account, const char *full_jid, const char *feature)
{
	char *key;
	const char *ver;
	GHashTable *set;

	if (ver_by_jid == NULL || full_jid == NULL || strchr(full_jid, '/') == NULL)
		return -1;
	key = caps_key(account, full_jid);
	ver = g_hash_table_lookup(ver_by_jid, key);
	g_free(key);
	set = ver ? g_hash_table_lookup(features_by_ver, ver) : NULL;
	if (set == NULL)
		return -1;
	return g_hash_table_contains(set, feature) ? 1 : 0;
}

void
caps_free_all(void)
{
	g_clear_pointer(&features_by_ver, g_hash_table_unref);
	g_clear_pointer(&ver_by_jid, g_hash_table_unref);
	g_clear_pointer(&asking, g_hash_table_unref);
	loaded = 0;
}
