package io.crmsync.connector.jdbc;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Join-table associations on an embedded PostgreSQL, with foreign keys and a plpgsql touch trigger. */
class PostgresJoinTableTest extends JoinTableScenarios {
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
    JoinTableDatabase database() {
        return JoinTableDatabase.postgres(server);
    }

    @Test
    void write_createWithAContactThatDoesNotExist_failsOnItsAssociationAndLeavesNoDeal_otherCreated()
            throws SQLException {
        JdbcConnector connector = (JdbcConnector) new JdbcConnectorFactory().open(
                database().settings(JoinTableDatabase.JOIN));
        try (Connection c = database().connect(); Statement s = c.createStatement()) {
            for (String ddl : database().ddl()) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO contacts (email) VALUES ('ann@x.example')");
            String ann;
            try (ResultSet rs = s.executeQuery("SELECT id FROM contacts")) {
                rs.next();
                ann = rs.getString(1);
            }

            List<WriteResult> results = connector.write("deals", List.of(
                    WriteOperation.create("ghost", Map.of("name", "Ghost", "@contacts", ann + ";999999")),
                    WriteOperation.create("real", Map.of("name", "Real", "@contacts", ann))));

            assertThat(results.get(0).succeeded()).isFalse();
            assertThat(results.get(0).failure().property()).isEqualTo("@contacts");
            assertThat(results.get(0).failure().category()).isEqualTo(FailureCategory.REJECTED_BY_APP);
            assertThat(results.get(0).failure().message()).contains("property \"@contacts\": rejected by the"
                    + " database").contains("deal_contacts");
            assertThat(results.get(1).succeeded()).isTrue();
            try (ResultSet rs = s.executeQuery("SELECT name FROM deals ORDER BY name")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Real");
                assertThat(rs.next()).isFalse();
            }
        } finally {
            connector.close();
        }
    }
}
