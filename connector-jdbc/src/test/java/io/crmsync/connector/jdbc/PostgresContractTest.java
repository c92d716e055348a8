package io.crmsync.connector.jdbc;

import io.crmsync.testkit.ConnectorContractTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.util.Map;

/** The connector contract on an embedded PostgreSQL (SERIAL ids, TIMESTAMPTZ updated-at). */
class PostgresContractTest extends ConnectorContractTest {
    private static EmbeddedPostgres server;

    @BeforeAll
    static void startServer() throws IOException {
        server = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @Override
    protected Fixture openFixture() throws Exception {
        return new JdbcFixture(TestDatabase.postgres(server), true, Map.of());
    }
}
