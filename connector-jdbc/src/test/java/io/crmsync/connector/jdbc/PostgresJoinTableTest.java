package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Join-table associations on an embedded PostgreSQL, with foreign keys and a plpgsql touch trigger. */
class PostgresJoinTableTest extends JoinTableScenarios {
    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    @Override
    JoinTableDatabase database() {
        return JoinTableDatabase.postgres(SERVER.get());
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
            // As HubSpot reports an association to a record it does not have, so both apps' records are retried.
            assertThat(results.get(0).failure().category()).isEqualTo(FailureCategory.ASSOCIATION);
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

    @Test
    void write_companyColumnNamingACompanyThatDoesNotExist_failsAssociationOnIt_otherWritten() throws SQLException {
        AppSettings base = database().settings(JoinTableDatabase.JOIN);
        Map<String, Object> objects = new HashMap<>(cast(base.values().get("objects")));
        Map<String, Object> deals = new HashMap<>(cast(objects.get("deals")));
        deals.put("associations", Map.of("contacts", JoinTableDatabase.JOIN, "companies", "company_id"));
        objects.put("deals", deals);
        objects.put("companies", Map.of("table", "companies", "id", "id", "properties",
                Map.of("name", Map.of("column", "name"))));
        Map<String, Object> values = new HashMap<>(base.values());
        values.put("objects", objects);
        try (Connection c = database().connect(); Statement s = c.createStatement()) {
            for (String ddl : database().ddl()) {
                s.execute(ddl);
            }
            s.execute("DROP TABLE IF EXISTS companies CASCADE");
            s.execute("CREATE TABLE companies (id SERIAL PRIMARY KEY, name TEXT)");
            s.execute("ALTER TABLE deals ADD COLUMN company_id INT REFERENCES companies");
            s.execute("INSERT INTO companies (name) VALUES ('Acme')");
            String acme;
            try (ResultSet rs = s.executeQuery("SELECT id FROM companies")) {
                rs.next();
                acme = rs.getString(1);
            }
            JdbcConnector connector = (JdbcConnector) new JdbcConnectorFactory().open(
                    new AppSettings(base.name(), base.type(), values, base.secrets()));
            try {
                List<WriteResult> results = connector.write("deals", List.of(
                        WriteOperation.create("ghost", Map.of("name", "Ghost", "@companies", "999999")),
                        WriteOperation.create("real", Map.of("name", "Real", "@companies", acme))));

                assertThat(results.get(0).succeeded()).isFalse();
                assertThat(results.get(0).failure().category()).isEqualTo(FailureCategory.ASSOCIATION);
                assertThat(results.get(0).failure().property()).isEqualTo("@companies");
                assertThat(results.get(0).failure().message()).contains("company_id");
                assertThat(results.get(1).succeeded()).as(String.valueOf(results.get(1).failure())).isTrue();
                assertThat(results.get(1).stored().get("@companies")).isEqualTo(acme);
            } finally {
                connector.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
