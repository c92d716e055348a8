package io.crmsync.connector.jdbc;

import io.crmsync.api.Connector;
import io.crmsync.api.WriteOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** JDBC scenarios on a SQLite file (text and epoch-millisecond timestamps, rowid ids). */
class SqliteScenariosTest extends JdbcScenarios {
    @TempDir
    Path dir;

    @Override
    TestDatabase database() {
        return TestDatabase.sqlite(dir);
    }

    @Test
    void write_sqliteDatabase_switchesItToWalAndStoresDatesAsTextOrEpochMillis() throws Exception {
        TestDatabase db = TestDatabase.sqlite(dir.resolve("wal"));
        java.nio.file.Files.createDirectories(dir.resolve("wal"));
        try (JdbcFixture fixture = new JdbcFixture(db, true, Map.of())) {
            Connector connector = fixture.connector();
            connector.write("deals", List.of(WriteOperation.create("d", Map.of("name", "A",
                    "closeDate", "2024-03-05", "closedAt", "2024-01-02T03:04:05Z",
                    "createdAt", "2024-01-02T03:04:05Z"))));

            try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
                }
                try (ResultSet rs = s.executeQuery("SELECT close_date, closed_at, created_ms, typeof(updated_at),"
                        + " updated_at FROM deals")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("2024-03-05");
                    assertThat(rs.getString(2)).isEqualTo("2024-01-02T03:04:05.000Z");
                    assertThat(rs.getLong(3)).isEqualTo(1704164645000L);
                    assertThat(rs.getString(4)).isEqualTo("integer");
                }
            }
        }
    }
}
