package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.FailureCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** check(): missing tables and columns, unreachable databases, refused credentials, and no secret in errors. */
class JdbcCheckTest {
    @TempDir
    Path dir;

    @Test
    void check_missingTable_namesTableAndConfigPath() throws Exception {
        String url = sqliteWithContacts();
        try (Connector connector = new JdbcConnectorFactory().open(settings(url, "nosuch", "email", null))) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::check);

            assertThat(e.category()).isEqualTo(FailureCategory.UNKNOWN_PROPERTY);
            assertThat(e.getMessage()).isEqualTo("app crm: table \"nosuch\" not found (objects.contacts.table)");
            assertThat(catchThrowableOfType(ConnectorException.class,
                    () -> connector.readAll("contacts", null, 10)).getMessage()).contains("nosuch");
        }
    }

    @Test
    void check_missingColumn_namesColumnTableAndConfigPath() throws Exception {
        String url = sqliteWithContacts();
        try (Connector connector = new JdbcConnectorFactory().open(settings(url, "CONTACTS", "e_mail", null))) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::check);

            assertThat(e.category()).isEqualTo(FailureCategory.UNKNOWN_PROPERTY);
            assertThat(e.getMessage()).contains("column \"e_mail\" not found in table \"CONTACTS\"")
                    .contains("(objects.contacts.properties.email.column)");
        }
    }

    @Test
    void schemaProblems_missingTableAndColumns_oneProblemEachAtItsKey() throws Exception {
        String url = sqliteWithContacts();
        Map<String, Object> values = new HashMap<>();
        values.put("url", url);
        values.put("objects", Map.of(
                "contacts", Map.of("table", "contacts", "id", "id", "properties", Map.of(
                        "email", Map.of("column", "emial"), "phone", Map.of("column", "phone"))),
                "companies", Map.of("table", "companies", "id", "id",
                        "properties", Map.of("name", Map.of("column", "name")))));
        try (JdbcConnector connector = (JdbcConnector) new JdbcConnectorFactory().open(
                new AppSettings("crm", "jdbc", values, Set.of()))) {
            List<ConfigProblem> problems = connector.schemaProblems();

            assertThat(problems).containsExactlyInAnyOrder(
                    new ConfigProblem("objects.contacts.properties.email.column",
                            "column \"emial\" not found in table \"contacts\""),
                    new ConfigProblem("objects.contacts.properties.phone.column",
                            "column \"phone\" not found in table \"contacts\""),
                    new ConfigProblem("objects.companies.table", "table \"companies\" not found"));
        }
    }

    @Test
    void schemaProblems_usersTableMisspelt_problemAtUsersTable() throws Exception {
        String url = sqliteWithContacts();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE contacts ADD COLUMN owner_id INTEGER");
        }
        try (JdbcConnector connector = withOwners(url, "userz", "id", "email")) {
            assertThat(connector.schemaProblems()).containsExactly(
                    new ConfigProblem("users.table", "users table \"userz\" not found"));
        }
    }

    @Test
    void schemaProblems_usersColumnsMisspelt_oneProblemEachAtUsersIdAndEmail() throws Exception {
        String url = sqliteWithContacts();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE contacts ADD COLUMN owner_id INTEGER");
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)");
        }
        try (JdbcConnector connector = withOwners(url, "users", "user_id", "mail")) {
            assertThat(connector.schemaProblems()).containsExactlyInAnyOrder(
                    new ConfigProblem("users.id", "column \"user_id\" not found in table \"users\""),
                    new ConfigProblem("users.email", "column \"mail\" not found in table \"users\""));
        }
        try (JdbcConnector connector = withOwners(url, "users", "id", "email")) {
            assertThat(connector.schemaProblems()).isEmpty();
        }
    }

    @Test
    void schemaProblems_foreignKeyColumnMissing_problemAtItsAssociationKey() throws Exception {
        String url = sqliteWithContacts();
        Map<String, Object> values = new HashMap<>();
        values.put("url", url);
        values.put("objects", Map.of(
                "contacts", Map.of("table", "contacts", "id", "id",
                        "properties", Map.of("email", Map.of("column", "email")),
                        "associations", Map.of("companies", "companyid")),
                "companies", Map.of("table", "contacts", "id", "id",
                        "properties", Map.of("name", Map.of("column", "email")))));
        try (JdbcConnector connector = (JdbcConnector) new JdbcConnectorFactory().open(
                new AppSettings("crm", "jdbc", values, Set.of()))) {
            assertThat(connector.schemaProblems()).containsExactly(new ConfigProblem(
                    "objects.contacts.associations.companies", "column \"companyid\" not found in table \"contacts\""));
        }
    }

    @Test
    void check_tableAndColumnsInOtherCase_succeeds() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("h2");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE contacts (id IDENTITY PRIMARY KEY, email VARCHAR(100))");
        }
        Map<String, Object> values = settings(url, "Contacts", "EMAIL", null).values();
        Map<String, Object> withUser = new HashMap<>(values);
        withUser.put("user", "sa");
        try (Connector connector = new JdbcConnectorFactory().open(
                new AppSettings("crm", "jdbc", withUser, Set.of()))) {
            connector.check();
        }
    }

    @Test
    void check_unreachableDatabaseWithPasswordInUrl_remoteErrorWithoutPassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/crm?user=crm&password=url-secret-42&connectTimeout=2";
        try (Connector connector = new JdbcConnectorFactory().open(settings(url, "contacts", "email", null))) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::check);

            assertThat(e.category()).isEqualTo(FailureCategory.REMOTE_ERROR);
            assertThat(e.getMessage()).startsWith("app crm: cannot connect to jdbc:postgresql://127.0.0.1:1/crm");
            assertNoSecret(e, "url-secret-42");
        }
    }

    @Test
    void check_wrongH2Password_authenticationWithoutPassword() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("auth");
        DriverManager.getConnection(url, "sa", "right-password-1").close();
        Map<String, Object> values = new HashMap<>(settings(url, "contacts", "email", null).values());
        values.put("user", "sa");
        values.put("password", "wrong-password-2");
        try (Connector connector = new JdbcConnectorFactory().open(
                new AppSettings("crm", "jdbc", values, Set.of("wrong-password-2")))) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::check);

            assertThat(e.category()).isEqualTo(FailureCategory.AUTHENTICATION);
            assertThat(e.getMessage()).startsWith("app crm: ");
            assertNoSecret(e, "wrong-password-2");
            assertNoSecret(e, "right-password-1");
        }
    }

    /** Asserts that no message, string form or stack-trace text of the chain contains the secret. */
    static void assertNoSecret(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
        }
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(secret);
    }

    static AppSettings settings(String url, String table, String emailColumn, String password) {
        Map<String, Object> values = new HashMap<>();
        values.put("url", url);
        if (password != null) {
            values.put("password", password);
        }
        values.put("objects", Map.of("contacts", Map.of("table", table, "id", "id",
                "properties", Map.of("email", Map.of("column", emailColumn)))));
        return new AppSettings("crm", "jdbc", values, password == null ? Set.of() : Set.of(password));
    }

    /** A connector on {@code url} whose contacts have an owner column {@code owner_id}, with the given users table and columns. */
    private static JdbcConnector withOwners(String url, String usersTable, String idColumn, String emailColumn) {
        Map<String, Object> values = new HashMap<>();
        values.put("url", url);
        values.put("users", Map.of("table", usersTable, "id", idColumn, "email", emailColumn));
        values.put("objects", Map.of("contacts", Map.of("table", "contacts", "id", "id", "properties", Map.of(
                "email", Map.of("column", "email"), "owner", Map.of("column", "owner_id", "type", "owner")))));
        return (JdbcConnector) new JdbcConnectorFactory().open(new AppSettings("crm", "jdbc", values, Set.of()));
    }

    private String sqliteWithContacts() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("crm.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT)");
        }
        return url;
    }
}
