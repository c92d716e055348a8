package io.crmsync.connector.jdbc;

import io.crmsync.testkit.AssociationContractTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The association contract on an embedded PostgreSQL, deals ↔ contacts through a join table with foreign keys. */
class PostgresAssociationContractTest extends AssociationContractTest {
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
    protected AssociationFixture openFixture() throws Exception {
        return new JoinTableFixture(JoinTableDatabase.postgres(server));
    }
}
