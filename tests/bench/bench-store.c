/*
 * bench-store.c: the history with a million messages (issue 9, item 6).
 *
 * Makes a database of N messages (default 1,000,000: 3 accounts, 1,000
 * conversations, bodies of words from a small vocabulary, accented and
 * not), written directly with SQL through the same schema, then measures
 * natter's own code on it:
 *   - opening a conversation's last page (store_last, 100 messages);
 *   - scrolling back: the page before its 200th newest (store_before);
 *   - a full-text search (store_search, a word in about 1% of messages);
 *   - 10,000 messages in one burst through the model's events, as a
 *     session adds them (CPU of the writes and the commit).
 * Usage: bench-store [DIRECTORY [N]]. Prints figures; not a pass/fail test.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "core/event.h"
#include "model/conversation.h"
#include "store/store.h"

static const char *const words[] = {
	"build",  "deploy", "lunch",  "meeting", "review", "crème",   "brûlée", "café",
	"server", "patch",  "ticket", "release", "coffee", "naïve",   "résumé", "tomorrow",
	"today",  "backup", "alert",  "disk",    "memory", "network", "über",   "façade",
};

static double
now_ms(void)
{
	return (double)g_get_monotonic_time() / 1000.0;
}

static double
cpu_ms(void)
{
	struct rusage usage;

	getrusage(RUSAGE_SELF, &usage);
	return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
	       usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

static char *
sentence(GRand *rand, int rare)
{
	GString *text = g_string_new(NULL);
	int count = g_rand_int_range(rand, 3, 14);

	for (int i = 0; i < count; i++)
		g_string_append_printf(text, "%s%s", i ? " " : "",
		                       words[g_rand_int_range(rand, 0, G_N_ELEMENTS(words))]);
	if (rare)
		g_string_append(text, " zephyr");
	return g_string_free(text, FALSE);
}

static void
generate(const char *path, long count, GRand *rand)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	gint64 start = 1700000000LL * G_USEC_PER_SEC;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		exit(1);
	sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db,
	                   "INSERT INTO messages (account, conversation, kind, direction, type, "
	                   "sender, body, timestamp, received, message_id) VALUES "
	                   "(?, ?, 0, ?, 'chat', ?, ?, ?, ?, ?)",
	                   -1, &stmt, NULL);
	for (long i = 0; i < count; i++) {
		char account[16], peer[64], id[32];
		char *body = sentence(rand, g_rand_int_range(rand, 0, 100) == 0);
		int direction = g_rand_int_range(rand, 0, 2);
		g_snprintf(account, sizeof account, "acct%d", (int)(i % 3));
		g_snprintf(peer, sizeof peer, "contact%ld@example.org", (i / 3) % 1000);
		g_snprintf(id, sizeof id, "gen-%ld", i);
		sqlite3_bind_text(stmt, 1, account, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 2, peer, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(stmt, 3, direction);
		sqlite3_bind_text(stmt, 4, direction ? "me@example.org/natter" : peer, -1,
		                  SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 5, body, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 6, start + i * G_USEC_PER_SEC);
		sqlite3_bind_int64(stmt, 7, start + i * G_USEC_PER_SEC);
		sqlite3_bind_text(stmt, 8, id, -1, SQLITE_TRANSIENT);
		sqlite3_step(stmt);
		sqlite3_reset(stmt);
		g_free(body);
		if (i % 100000 == 99999) {
			sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL);
			fprintf(stderr, "\r%ld messages", i + 1);
		}
	}
	sqlite3_finalize(stmt);
	sqlite3_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close(db);
	fprintf(stderr, "\n");
}

static int
compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	char *dir = argc > 1 ? g_strdup(argv[1]) : g_dir_make_tmp("bench-store-XXXXXX", NULL);
	long count = argc > 2 ? atol(argv[2]) : 1000000;
	char *path = g_build_filename(dir, "history.db", NULL), *cause = NULL;
	GRand *rand = g_rand_new_with_seed(42);
	double samples[21], start, cpu;
	GPtrArray *list;

	g_mkdir_with_parents(dir, 0700);
	g_unlink(path);
	if (store_open(path, &cause) == -1) {
		fprintf(stderr, "bench-store: %s\n", cause);
		return 1;
	}
	store_close();
	start = now_ms();
	generate(path, count, rand);
	printf("history with %ld messages: made in %.1f s\n", count, (now_ms() - start) / 1000);
	store_open(path, &cause);

	for (size_t i = 0; i < G_N_ELEMENTS(samples); i++) {
		char peer[64];
		g_snprintf(peer, sizeof peer, "contact%d@example.org", (int)(i * 37 % 1000));
		start = now_ms();
		list = store_last("acct1", peer, 100);
		samples[i] = now_ms() - start;
		if (list == NULL || list->len != 100)
			return 1;
		g_ptr_array_unref(list);
	}
	qsort(samples, G_N_ELEMENTS(samples), sizeof samples[0], compare_double);
	printf("a conversation's last page (100 messages): median %.2f ms, max %.2f ms "
	       "(target: under 20 ms)\n",
	       samples[G_N_ELEMENTS(samples) / 2], samples[G_N_ELEMENTS(samples) - 1]);

	/* Scrolling back: the page before one in the middle of a
	 * conversation (its 200th newest message). */
	for (size_t i = 0; i < G_N_ELEMENTS(samples); i++) {
		char peer[64];
		const struct stored_message *from;
		GPtrArray *back;
		g_snprintf(peer, sizeof peer, "contact%d@example.org", (int)(i * 37 % 1000));
		list = store_last("acct1", peer, 200);
		if (list == NULL || list->len == 0)
			return 1;
		from = list->pdata[0];
		start = now_ms();
		back = store_before("acct1", peer, from->timestamp, from->id, 100);
		samples[i] = now_ms() - start;
		if (back == NULL || back->len != 100)
			return 1;
		g_ptr_array_unref(back);
		g_ptr_array_unref(list);
	}
	qsort(samples, G_N_ELEMENTS(samples), sizeof samples[0], compare_double);
	printf("scrolling back: the page before (100 messages): median %.2f ms, max %.2f ms\n",
	       samples[G_N_ELEMENTS(samples) / 2], samples[G_N_ELEMENTS(samples) - 1]);

	for (size_t i = 0; i < G_N_ELEMENTS(samples); i++) {
		start = now_ms();
		list = store_search(i % 2 ? "zephyr" : "creme zephyr", 50, &cause);
		samples[i] = now_ms() - start;
		if (list == NULL)
			return 1;
		g_ptr_array_unref(list);
	}
	qsort(samples, G_N_ELEMENTS(samples), sizeof samples[0], compare_double);
	printf("a full-text search (a word in 1%% of messages, newest 50): median %.2f ms, "
	       "max %.2f ms (target: under 100 ms)\n",
	       samples[G_N_ELEMENTS(samples) / 2], samples[G_N_ELEMENTS(samples) - 1]);

	cpu = cpu_ms();
	start = now_ms();
	for (int i = 0; i < 10000; i++) {
		char peer[64];
		struct message *m = message_new(MESSAGE_IN, MESSAGE_CHAT);
		g_snprintf(peer, sizeof peer, "burst%d@example.org", i % 50);
		m->from = g_strdup_printf("%s/phone", peer);
		m->id = g_strdup_printf("burst-%d", i);
		m->body = sentence(rand, 0);
		conversation_add_message(conversation_open("acct0", peer), m);
	}
	store_flush();
	printf("10,000 messages in one burst, written and committed: %.0f ms CPU, %.0f ms "
	       "(target: under 1 s of CPU)\n",
	       cpu_ms() - cpu, now_ms() - start);
	store_close();
	conversation_list_clear();
	event_reset();
	if (argc <= 1) {
		g_unlink(path);
		char *wal = g_strconcat(path, "-wal", NULL), *shm = g_strconcat(path, "-shm", NULL);
		g_unlink(wal);
		g_unlink(shm);
		g_free(wal);
		g_free(shm);
		g_rmdir(dir);
	}
	g_free(path);
	g_free(dir);
	g_rand_free(rand);
	return 0;
}
