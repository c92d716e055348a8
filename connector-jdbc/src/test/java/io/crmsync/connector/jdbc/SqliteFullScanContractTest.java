package io.crmsync.connector.jdbc;

import io.crmsync.testkit.ConnectorContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The connector contract on a SQLite file without an updated-at column: every change read is a full scan. */
class SqliteFullScanContractTest extends ConnectorContractTest {
    @TempDir
    Path dir;

    @Override
    protected Fixture openFixture() throws Exception {
        return new JdbcFixture(TestDatabase.sqlite(dir), false, Map.of());
    }
}
