package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded PostgreSQL shared by the tests of one class, started before the first and stopped after the last;
 * each test takes a database of its own from {@link #newDatabase()}. Register it as a static field with
 * {@code @RegisterExtension}.
 */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
    private final AtomicInteger databases = new AtomicInteger();
    private EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = EmbeddedPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    /** Creates an empty database {@code shop<n>…} and returns its JDBC URL (user {@code postgres}, no password). */
    String newDatabase() throws SQLException {
        String name = "shop" + databases.incrementAndGet() + System.nanoTime();
        exec(server.getJdbcUrl("postgres", "postgres"), "CREATE DATABASE " + name);
        return server.getJdbcUrl("postgres", name);
    }
}
