package io.crmsync.connector.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** JDBC scenarios on an embedded PostgreSQL shared by the class (tables re-created per test). */
class PostgresScenariosTest extends JdbcScenarios {
    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    @Override
    TestDatabase database() {
        return TestDatabase.postgres(SERVER.get());
    }
}
