package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Runs.runAll;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the config file: contacts between a real SQLite file ("crm") and a real PostgreSQL ("shop",
 * embedded), two-way and both one-way directions, with the state store in an H2 file.
 */
class SqlitePostgresSyncTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    @TempDir
    Path dir;
    private String sqliteUrl;
    private String pgUrl;

    @BeforeEach
    void createTables() throws SQLException {
        sqliteUrl = "jdbc:sqlite:" + dir.resolve("crm.db");
        exec(sqliteUrl, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, last_name TEXT,"
                + " seats INTEGER, updated_at TEXT)");
        pgUrl = POSTGRES.newDatabase();
        exec(pgUrl, "CREATE TABLE customers (id SERIAL PRIMARY KEY, email_address TEXT, given_name TEXT,"
                + " family_name TEXT, seats NUMERIC, modified_at TIMESTAMP)");
    }

    private Path config(String direction, String defaultApp) throws Exception {
        String yaml = """
                state: jdbc:h2:file:%s
                apps:
                  crm:
                    type: jdbc
                    url: %s
                    objects:
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first_name, type: string}
                          lastname: {column: last_name, type: string}
                          seats: {column: seats, type: number}
                  shop:
                    type: jdbc
                    url: %s
                    objects:
                      customers:
                        table: customers
                        id: id
                        updatedAt: modified_at
                        properties:
                          email: {column: email_address, type: string}
                          firstname: {column: given_name, type: string}
                          lastname: {column: family_name, type: string}
                          seats: {column: seats, type: number}
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      contacts:
                        types: {crm: contacts, shop: customers}
                        direction: "%s"
                        defaultApp: %s
                """.formatted(dir.resolve("state").toAbsolutePath(), sqliteUrl, pgUrl, direction, defaultApp);
        return writeConfig(dir, yaml);
    }

    /** email (lower-cased) → "first|last|seats" */
    private static Map<String, String> rows(String url, String table, String email, String first, String last)
            throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + email + ", " + first + ", " + last + ", seats FROM " + table)) {
            while (rs.next()) {
                java.math.BigDecimal seats = rs.getBigDecimal(4);
                String prev = out.put(rs.getString(1).trim().toLowerCase(), rs.getString(2) + "|" + rs.getString(3)
                        + "|" + (seats == null ? null : seats.stripTrailingZeros().toPlainString()));
                assertThat(prev).as("duplicate email " + rs.getString(1) + " in " + table).isNull();
            }
        }
        return out;
    }

    private Map<String, String> crm() throws SQLException {
        return rows(sqliteUrl, "contacts", "email", "first_name", "last_name");
    }

    private Map<String, String> shop() throws SQLException {
        return rows(pgUrl, "customers", "email_address", "given_name", "family_name");
    }

    private void seed() throws SQLException {
        exec(sqliteUrl,
                "INSERT INTO contacts (email, first_name, last_name, seats, updated_at) VALUES"
                        + " ('Ann@Example.com', 'Ann', 'Lee', 3, '2026-01-01T00:00:00.000Z'),"
                        + " ('bob@example.com', 'Bob', NULL, NULL, '2026-01-01T00:00:00.000Z'),"
                        + " ('crm.only@example.com', 'Cy', 'Only', 1, '2026-01-01T00:00:00.000Z')");
        exec(pgUrl,
                "INSERT INTO customers (email_address, given_name, family_name, seats, modified_at) VALUES"
                        + " (' ann@example.com', 'Annie', 'Lee', 3.0, now()),"
                        + " ('bob@example.com', 'Bob', 'Kim', 7, now()),"
                        + " ('shop.only@example.com', 'Sho', 'Only', NULL, now())");
    }

    @Test
    void twoWay_sqliteAndPostgres_matchMergeCreateThenSettle() throws Exception {
        seed();
        Path cfg = config("two-way", "crm");
        RunReport first = runAll(cfg).get(0);
        assertThat(first.counts().matched()).isEqualTo(2);
        assertThat(first.counts().createdA()).isEqualTo(1);
        assertThat(first.counts().createdB()).isEqualTo(1);
        assertThat(first.counts().conflicts()).isEqualTo(1);
        assertThat(crm()).isEqualTo(shop());
        assertThat(crm()).containsEntry("ann@example.com", "Ann|Lee|3").containsEntry("bob@example.com", "Bob|Kim|7");
        assertThat(runAll(cfg).get(0).counts().writes()).isZero();

        exec(pgUrl, "UPDATE customers SET family_name = 'Kimura', modified_at = now() + interval '1 second'"
                + " WHERE email_address = 'bob@example.com'");
        RunReport edit = runAll(cfg).get(0);
        assertThat(edit.counts().updatedA()).isEqualTo(1);
        assertThat(edit.counts().writes()).isEqualTo(1);
        assertThat(crm()).containsEntry("bob@example.com", "Bob|Kimura|7");
        assertThat(runAll(cfg).get(0).counts().writes()).isZero();
    }

    @Test
    void oneWay_crmToShop_shopEditsNeverWrittenBack() throws Exception {
        seed();
        Path cfg = config("crm -> shop", "crm");
        runAll(cfg);
        assertThat(shop()).containsKeys("crm.only@example.com", "shop.only@example.com");
        assertThat(crm()).doesNotContainKey("shop.only@example.com");
        assertThat(shop()).containsEntry("ann@example.com", "Ann|Lee|3");
        exec(pgUrl, "UPDATE customers SET given_name = 'Changed', modified_at = now() + interval '1 second'"
                + " WHERE email_address = 'bob@example.com'");
        assertThat(runAll(cfg).get(0).counts().writes()).isZero();
        // The source keeps its own (empty) values: a one-way sync never fills the source from the destination.
        assertThat(crm()).containsEntry("bob@example.com", "Bob|null|null");
        assertThat(shop()).containsEntry("bob@example.com", "Changed|Kim|7");
    }

    @Test
    void oneWay_shopToCrm_crmOnlyRecordsStayInCrm() throws Exception {
        seed();
        Path cfg = config("shop -> crm", "shop");
        runAll(cfg);
        assertThat(crm()).containsEntry("ann@example.com", "Annie|Lee|3")
                .containsEntry("shop.only@example.com", "Sho|Only|null");
        assertThat(shop()).doesNotContainKey("crm.only@example.com");
        assertThat(runAll(cfg).get(0).counts().writes()).isZero();
    }

    @Test
    void twoWay_valueTooLongForPostgresColumn_otherFieldsStillWritten() throws Exception {
        seed();
        exec(pgUrl, "ALTER TABLE customers ALTER COLUMN family_name TYPE VARCHAR(8)");
        Path cfg = config("two-way", "crm");
        runAll(cfg);
        exec(sqliteUrl, "UPDATE contacts SET first_name = 'Robert', last_name = 'Kim-Longname-Family',"
                + " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 second') WHERE email = 'bob@example.com'");
        RunReport r = runAll(cfg).get(0);
        assertThat(r.failed()).containsEntry("VALUE_TOO_LONG", 1);
        assertThat(shop()).containsEntry("bob@example.com", "Robert|Kim|7");
        assertThat(crm()).containsEntry("bob@example.com", "Robert|Kim-Longname-Family|7");
    }
}
