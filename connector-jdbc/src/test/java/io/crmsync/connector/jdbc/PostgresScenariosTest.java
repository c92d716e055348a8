package io.crmsync.connector.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** JDBC scenarios on an embedded PostgreSQL shared by the class (tables re-created per test). */
class PostgresScenariosTest extends JdbcScenarios {
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
    TestDatabase database() {
        return TestDatabase.postgres(server);
    }
}
