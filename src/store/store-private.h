/*
 * store-private.h: what the history's files share (store.c owns the
 * database; query.c and privacy.c read and change it).
 */
#ifndef NATTER_STORE_STORE_PRIVATE_H
#define NATTER_STORE_STORE_PRIVATE_H

#include <sqlite3.h>

/* The history's order: by the second of a message's time, then by row
 * (the order in which rows came, but for backwards pages of an archive:
 * store.c). Times of the server are in whole seconds (XEP-0082 stamps
 * without fractions) and natter's own in microseconds: within a second,
 * the order of arrival is the truer one. The index messages_in_order
 * holds this very expression. */
#define STORE_SECOND "timestamp / 1000000"

/* The open database, or NULL. */
sqlite3 *store_db(void);

/* A statement for sql, prepared once and kept (keyed by the text's
 * address: each caller's SQL is a constant); NULL when it cannot be. */
sqlite3_stmt *store_prepare(const char *sql);

/* Readies a statement of store_prepare() for its next use. */
void store_done(sqlite3_stmt *stmt);

/* Binds text, or NULL. */
void store_bind_text(sqlite3_stmt *stmt, int index, const char *text);

/* The loop turn's write transaction, begun at its first write (committed
 * before the screen is drawn). Returns 0 or -1. */
int store_begin(void);

#endif
