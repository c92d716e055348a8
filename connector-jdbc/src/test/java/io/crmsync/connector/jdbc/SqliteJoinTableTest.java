package io.crmsync.connector.jdbc;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Join-table associations on a SQLite file (rowid ids, ISO text timestamps). */
class SqliteJoinTableTest extends JoinTableScenarios {
    @TempDir
    Path dir;

    @Override
    JoinTableDatabase database() {
        return JoinTableDatabase.sqlite(dir);
    }
}
