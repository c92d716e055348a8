package io.crmsync.connector.jdbc;

import java.util.Properties;

/**
 * The few things that differ between the databases the connector knows, chosen from the JDBC URL. Anything
 * else is treated as {@link #GENERIC} (standard SQL with {@code LIMIT}).
 */
enum Dialect {
    SQLITE, H2, POSTGRESQL, GENERIC;

    static Dialect of(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        return GENERIC;
    }

    /** Pool size: SQLite has a single writer, so more connections only add lock waits. */
    int poolSize() {
        return this == SQLITE ? 2 : 4;
    }

    /**
     * Driver properties passed with every connection. SQLite: WAL so that reads do not block the writer, a busy
     * timeout instead of immediate SQLITE_BUSY errors, and IMMEDIATE transactions so that a write transaction
     * takes the write lock up front instead of failing on a read-to-write upgrade; and the foreign keys the
     * schema declares enforced (SQLite leaves them off per connection by default), so that a join row or
     * association column naming a record that does not exist is refused as it is by PostgreSQL and H2.
     */
    Properties driverProperties() {
        Properties p = new Properties();
        switch (this) {
            case SQLITE -> {
                p.setProperty("journal_mode", "WAL");
                p.setProperty("busy_timeout", "10000");
                p.setProperty("transaction_mode", "IMMEDIATE");
                p.setProperty("foreign_keys", "true");
            }
            case POSTGRESQL -> {
                // Only plain inserts (client-made ids) are rewritten; inserts returning keys stay pipelined.
                p.setProperty("reWriteBatchedInserts", "true");
                p.setProperty("ApplicationName", "crmsync");
            }
            default -> {
            }
        }
        return p;
    }

    /**
     * Whether {@code getGeneratedKeys()} after {@code executeBatch()} returns one key per row. sqlite-jdbc
     * returns none, so SQLite inserts run row by row (cheap: the database is in-process).
     */
    boolean batchReturnsKeys() {
        return this != SQLITE;
    }
}
