package io.crmsync.connector.jdbc;

import io.crmsync.testkit.AssociationContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The association contract on an embedded PostgreSQL, deals ↔ contacts through a join table with foreign keys. */
class PostgresAssociationContractTest extends AssociationContractTest {
    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    @Override
    protected AssociationFixture openFixture() throws Exception {
        return new JoinTableFixture(JoinTableDatabase.postgres(SERVER.get()));
    }
}
