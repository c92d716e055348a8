package io.crmsync.connector.jdbc;

import io.crmsync.testkit.ConnectorContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** The connector contract on an embedded PostgreSQL (SERIAL ids, TIMESTAMPTZ updated-at). */
class PostgresContractTest extends ConnectorContractTest {
    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    @Override
    protected Fixture openFixture() throws Exception {
        return new JdbcFixture(TestDatabase.postgres(SERVER.get()), true, Map.of());
    }
}
