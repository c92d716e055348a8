package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLite file whose schema declares foreign keys: the connector's connections enforce them, so a join row or
 * association column naming a record that is not there fails the record {@code ASSOCIATION} (README,
 * "Associations") instead of leaving a row that points to nothing.
 */
class SqliteForeignKeyTest {
    @TempDir
    Path dir;

    private String url;
    private JdbcConnector connector;

    @BeforeEach
    void setUp() throws SQLException {
        url = "jdbc:sqlite:" + dir.resolve("shop.db");
        sql("CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT)",
                "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT)",
                "CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT,"
                        + " company_id INTEGER REFERENCES companies(id))",
                "CREATE TABLE deal_contacts (deal_id INTEGER NOT NULL REFERENCES deals(id),"
                        + " contact_id INTEGER NOT NULL REFERENCES contacts(id))",
                "INSERT INTO companies (id, name) VALUES (1, 'Acme')",
                "INSERT INTO contacts (id, email) VALUES (1, 'ann@acme.example')",
                "INSERT INTO deals (id, name, company_id) VALUES (1, 'Deal', 1)",
                "INSERT INTO deal_contacts (deal_id, contact_id) VALUES (1, 1)");
        Map<String, Object> values = Map.of("url", url, "objects", Map.of(
                "companies", Map.of("table", "companies", "id", "id",
                        "properties", Map.of("name", Map.of("column", "name"))),
                "contacts", Map.of("table", "contacts", "id", "id",
                        "properties", Map.of("email", Map.of("column", "email"))),
                "deals", Map.of("table", "deals", "id", "id",
                        "properties", Map.of("name", Map.of("column", "name")),
                        "associations", Map.of("companies", "company_id", "contacts",
                                Map.of("table", "deal_contacts", "from", "deal_id", "to", "contact_id")))));
        connector = (JdbcConnector) new JdbcConnectorFactory().open(new AppSettings("shop", "jdbc", values, Set.of()));
    }

    @AfterEach
    void close() {
        connector.close();
    }

    @Test
    void dealContacts_joinRowToAContactThatDoesNotExist_failsAssociationAndKeepsTheJoinRows() throws SQLException {
        WriteResult r = connector.write("deals", List.of(
                WriteOperation.update("u1", "1", Map.of("name", "Renamed", "@contacts", "1;99")))).get(0);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failure().category()).as("%s", r.failure()).isEqualTo(FailureCategory.ASSOCIATION);
        assertThat(r.failure().property()).isEqualTo("@contacts");
        assertThat(rows("SELECT contact_id FROM deal_contacts WHERE deal_id = 1")).containsExactly("1");
    }

    @Test
    void dealCompany_foreignKeyColumnToACompanyThatDoesNotExist_failsAssociationOnIt() throws SQLException {
        WriteResult r = connector.write("deals", List.of(
                WriteOperation.update("u1", "1", Map.of("@companies", "42")))).get(0);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failure().category()).as("%s", r.failure()).isEqualTo(FailureCategory.ASSOCIATION);
        assertThat(r.failure().property()).isEqualTo("@companies");
        assertThat(rows("SELECT company_id FROM deals WHERE id = 1")).containsExactly("1");
    }

    @Test
    void dealContacts_joinRowToAnExistingContact_isWritten() throws SQLException {
        sql("INSERT INTO contacts (id, email) VALUES (2, 'bob@acme.example')");

        WriteResult r = connector.write("deals", List.of(
                WriteOperation.update("u1", "1", Map.of("@contacts", "1;2")))).get(0);

        assertThat(r.succeeded()).as("%s", r.failure()).isTrue();
        assertThat(rows("SELECT contact_id FROM deal_contacts WHERE deal_id = 1")).containsExactly("1", "2");
    }

    private Set<String> rows(String query) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
