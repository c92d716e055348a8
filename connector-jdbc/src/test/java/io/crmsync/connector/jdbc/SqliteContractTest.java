package io.crmsync.connector.jdbc;

import io.crmsync.testkit.ConnectorContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The connector contract on a SQLite file, with an updated-at column (incremental change reads). */
class SqliteContractTest extends ConnectorContractTest {
    @TempDir
    Path dir;

    @Override
    protected Fixture openFixture() throws Exception {
        return new JdbcFixture(TestDatabase.sqlite(dir), true, Map.of());
    }
}
