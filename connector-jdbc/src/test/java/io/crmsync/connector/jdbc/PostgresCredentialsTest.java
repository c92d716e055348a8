package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.FailureCategory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Credentials against a real PostgreSQL: the embedded server trusts every local user, so the class adds a
 * role that must log in with a password (scram-sha-256) before the trust rules.
 */
class PostgresCredentialsTest {
    private static final String ROLE = "crm_app";
    private static final String PASSWORD = "right-Pg-pass-7";
    private static EmbeddedPostgres server;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedPostgres.start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE TABLE contacts (id SERIAL PRIMARY KEY, email TEXT)");
            s.execute("GRANT ALL ON contacts TO " + ROLE);
            Path hba;
            try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            String rules = "host all " + ROLE + " 127.0.0.1/32 scram-sha-256\n"
                    + "host all " + ROLE + " ::1/128 scram-sha-256\n";
            Files.writeString(hba, rules + Files.readString(hba));
            s.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @Test
    void check_rightPassword_succeeds() {
        try (Connector connector = open(url(), PASSWORD)) {
            connector.check();
            assertThat(connector.readAll("contacts", null, 10).records()).isEmpty();
        }
    }

    @Test
    void check_wrongPassword_authenticationWithoutPassword() {
        try (Connector connector = open(url(), "wrong-Pg-pass-8")) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::check);

            assertThat(e.category()).isEqualTo(FailureCategory.AUTHENTICATION);
            assertThat(e.getMessage()).startsWith("app crm: cannot connect to ").contains("authentication");
            JdbcCheckTest.assertNoSecret(e, "wrong-Pg-pass-8");
        }
    }

    @Test
    void check_wrongPasswordInUrl_authenticationWithoutPassword() {
        try (Connector connector = open(url() + "&password=url-Pg-pass-9", null)) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::check);

            assertThat(e.category()).isEqualTo(FailureCategory.AUTHENTICATION);
            assertThat(e.getMessage()).contains("password=***");
            JdbcCheckTest.assertNoSecret(e, "url-Pg-pass-9");
        }
    }

    private static String url() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=" + ROLE;
    }

    private static Connector open(String url, String password) {
        Map<String, Object> values = new HashMap<>(JdbcCheckTest.settings(url, "contacts", "email", null).values());
        if (password != null) {
            values.put("password", password);
        }
        return new JdbcConnectorFactory().open(new AppSettings("crm", "jdbc", values,
                password == null ? Set.of() : Set.of(password)));
    }
}
