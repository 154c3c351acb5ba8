/*
 * store-private.h: what the history's files share (store.c owns the
 * database; query.c and privacy.c read and change it).
 */
#ifndef NATTER_STORE_STORE_PRIVATE_H
#define NATTER_STORE_STORE_PRIVATE_H

#include <sqlite3.h>

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
