package io.crmsync.connector.jdbc;

import io.crmsync.testkit.ConnectorContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The connector contract on an H2 file database (upper-cased names, IDENTITY ids, TIMESTAMP updated-at). */
class H2ContractTest extends ConnectorContractTest {
    @TempDir
    Path dir;

    @Override
    protected Fixture openFixture() throws Exception {
        return new JdbcFixture(TestDatabase.h2(dir), true, Map.of());
    }
}
