package io.crmsync.connector.jdbc;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** JDBC scenarios on an H2 file database. */
class H2ScenariosTest extends JdbcScenarios {
    @TempDir
    Path dir;

    @Override
    TestDatabase database() {
        return TestDatabase.h2(dir);
    }
}
