/**
 * The master's durable state in SQLite: {@link io.corral.remote.master.store.SqliteStateStore}
 * implements the core's {@link io.corral.core.state.StateStore} port.
 *
 * <p>One table per kind of record, one column per field, so that an operator can inspect a
 * master's state with the {@code sqlite3} command-line tool. Timestamps are ISO-8601 text (exact
 * to the nanosecond), resources are the text {@code Resources.format()} writes, attributes and
 * lists are JSON text, and the opaque bytes the API edge keeps are a {@code wire} BLOB.
 */
package io.corral.remote.master.store;
