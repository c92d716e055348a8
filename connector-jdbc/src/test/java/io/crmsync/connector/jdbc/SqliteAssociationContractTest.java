package io.crmsync.connector.jdbc;

import io.crmsync.testkit.AssociationContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The association contract on a SQLite file, deals ↔ contacts through a join table. */
class SqliteAssociationContractTest extends AssociationContractTest {
    @TempDir
    Path dir;

    @Override
    protected AssociationFixture openFixture() throws Exception {
        return new JoinTableFixture(JoinTableDatabase.sqlite(dir));
    }
}
