package io.crmsync.connector.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded PostgreSQL shared by the tests of one class: started before the first, stopped after the last.
 * Register it as a static field with {@code @RegisterExtension}; each test re-creates the tables it uses.
 */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = EmbeddedPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    /** The running server; only between the class's first and last test. */
    EmbeddedPostgres get() {
        return server;
    }
}
