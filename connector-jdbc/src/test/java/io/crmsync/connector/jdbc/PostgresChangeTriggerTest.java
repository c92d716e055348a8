package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code changeTrigger: true} on a real (embedded) PostgreSQL: the trigger is installed on first read, deletes
 * reach the change feed, and every change is notified on {@link PgChangeTrigger#CHANNEL}.
 */
class PostgresChangeTriggerTest {
    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    private String url() {
        return "jdbc:postgresql://localhost:" + SERVER.get().getPort() + "/postgres";
    }

    @BeforeEach
    void tables() throws Exception {
        try (Connection c = DriverManager.getConnection(url(), "postgres", ""); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS customers, crmsync_deleted");
            st.execute("DROP SCHEMA IF EXISTS shop CASCADE");
            st.execute("CREATE TABLE customers (id SERIAL PRIMARY KEY, email TEXT, updated_at TIMESTAMPTZ)");
            st.execute("CREATE SCHEMA shop");
            st.execute("CREATE TABLE shop.customers (id TEXT PRIMARY KEY, email TEXT)");
        }
    }

    private Connector open(String table, String updatedAt, long changeLagMs) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("table", table);
        object.put("id", "id");
        if (updatedAt != null) {
            object.put("updatedAt", updatedAt);
        }
        object.put("changeTrigger", true);
        object.put("properties", Map.of("email", Map.of("column", "email", "type", "string")));
        return new JdbcConnectorFactory().open(new AppSettings("shop", "jdbc", Map.of("url", url(), "user", "postgres",
                "changeLagMs", changeLagMs, "objects", Map.of("customers", object)), Set.of()));
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url(), "postgres", ""); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static ChangePage readAllPages(Connector connector, Checkpoint since, List<Record> records,
                                           List<String> deleted) {
        String token = null;
        ChangePage page;
        do {
            page = connector.readChanges("customers", since, token, 2);
            records.addAll(page.records());
            deleted.addAll(page.deletedIds());
            token = page.nextPageToken();
        } while (token != null);
        return page;
    }

    @Test
    void changeRead_rowsDeletedSinceCheckpoint_areReportedOnce_evenByARestartedConnector() throws Exception {
        sql("INSERT INTO customers (email, updated_at) VALUES ('a@x.com', now()), ('b@x.com', now()),"
                + " ('c@x.com', now())");
        Checkpoint since;
        try (Connector connector = open("customers", "updated_at", 0)) {
            since = connector.checkpoint("customers");
        }
        sql("DELETE FROM customers WHERE email IN ('a@x.com', 'c@x.com')");
        Thread.sleep(5);

        Checkpoint next;
        try (Connector connector = open("customers", "updated_at", 0)) {
            List<Record> records = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            next = readAllPages(connector, since, records, deleted).checkpoint();
            assertThat(deleted).containsExactly("1", "3");
            assertThat(records).isEmpty();
        }
        try (Connector connector = open("customers", "updated_at", 0)) {
            List<String> deleted = new ArrayList<>();
            readAllPages(connector, next, new ArrayList<>(), deleted);
            assertThat(deleted).as("read past by the previous checkpoint").isEmpty();
        }
    }

    @Test
    void changeRead_afterChangeTriggerTurnedOff_continuesFromTheTableFeedsPosition() throws Exception {
        sql("INSERT INTO customers (email, updated_at) VALUES ('a@x.com', now() - interval '1 hour')");
        Checkpoint since;
        try (Connector connector = open("customers", "updated_at", 0)) {
            since = connector.checkpoint("customers");
        }
        sql("INSERT INTO customers (email, updated_at) VALUES ('b@x.com', now() + interval '1 second')");
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("table", "customers");
        object.put("id", "id");
        object.put("updatedAt", "updated_at");
        object.put("properties", Map.of("email", Map.of("column", "email", "type", "string")));
        try (Connector plain = new JdbcConnectorFactory().open(new AppSettings("shop", "jdbc", Map.of("url", url(),
                "user", "postgres", "changeLagMs", 0, "objects", Map.of("customers", object)), Set.of()))) {
            List<Record> records = new ArrayList<>();
            readAllPages(plain, since, records, new ArrayList<>());
            assertThat(records).extracting(r -> r.get("email")).containsExactly("b@x.com");
        }
    }

    @Test
    void changeRead_deleteWithinTheLag_isReportedAgainByTheNextRead() throws Exception {
        sql("INSERT INTO customers (email, updated_at) VALUES ('a@x.com', now())");
        try (Connector connector = open("customers", "updated_at", 60_000)) {
            Checkpoint since = connector.checkpoint("customers");
            sql("DELETE FROM customers");
            ChangePage first = readAllPages(connector, since, new ArrayList<>(), new ArrayList<>());
            List<String> again = new ArrayList<>();
            readAllPages(connector, first.checkpoint(), new ArrayList<>(), again);
            assertThat(again).containsExactly("1");
        }
    }

    @Test
    void trigger_notifiesEveryOperation_withTheDocumentedChannelAndPayload() throws Exception {
        try (Connector connector = open("shop.customers", null, 0);
             Connection listener = DriverManager.getConnection(url(), "postgres", "")) {
            connector.checkpoint("customers"); // installs the trigger
            try (Statement st = listener.createStatement()) {
                st.execute("LISTEN " + PgChangeTrigger.CHANNEL);
            }
            connector.write("customers", List.of(WriteOperation.create("0", Map.of("email", "n@x.com"))));
            sql("INSERT INTO shop.customers VALUES ('k1', 'k@x.com')",
                    "UPDATE shop.customers SET email = 'k2@x.com' WHERE id = 'k1'",
                    "DELETE FROM shop.customers WHERE id = 'k1'");

            List<Map<String, String>> payloads = new ArrayList<>();
            long until = System.nanoTime() + 10_000_000_000L;
            while (payloads.size() < 4 && System.nanoTime() < until) {
                PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(500);
                if (got != null) {
                    for (PGNotification n : got) {
                        assertThat(n.getName()).isEqualTo(PgChangeTrigger.CHANNEL);
                        payloads.add(fields(n.getParameter()));
                    }
                }
            }
            assertThat(payloads).extracting(p -> p.get(PgChangeTrigger.PAYLOAD_OP))
                    .containsExactly("INSERT", "INSERT", "UPDATE", "DELETE");
            assertThat(payloads).allSatisfy(p -> assertThat(p.get(PgChangeTrigger.PAYLOAD_TABLE))
                    .isEqualTo("shop.customers"));
            assertThat(payloads.subList(1, 4)).allSatisfy(p -> assertThat(p.get(PgChangeTrigger.PAYLOAD_ID))
                    .isEqualTo("k1"));
            List<String> deleted = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url(), "postgres", "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT table_name, record_id FROM crmsync_deleted ORDER BY seq")) {
                while (rs.next()) {
                    deleted.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
            assertThat(deleted).containsExactly("shop.customers/k1");
        }
    }

    /** The string fields of a flat JSON object, e.g. {@code {"table" : "t", "id" : "1", "op" : "INSERT"}}. */
    private static Map<String, String> fields(String json) {
        assertThat(json).startsWith("{").endsWith("}");
        Map<String, String> out = new LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(json);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        assertThat(out).containsOnlyKeys(PgChangeTrigger.PAYLOAD_TABLE, PgChangeTrigger.PAYLOAD_ID,
                PgChangeTrigger.PAYLOAD_OP);
        return out;
    }

    @Test
    void install_isIdempotent_oneTriggerAfterManyConnectors() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Connector connector = open("customers", "updated_at", 0)) {
                connector.checkpoint("customers");
            }
        }
        sql("DELETE FROM customers");
        sql("INSERT INTO customers (email) VALUES ('x@x.com')", "DELETE FROM customers");
        try (Connection c = DriverManager.getConnection(url(), "postgres", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = '"
                     + PgChangeTrigger.TRIGGER + "' AND tgrelid = 'customers'::regclass),"
                     + " (SELECT count(*) FROM crmsync_deleted)")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getInt(2)).as("one delete recorded once").isEqualTo(1);
        }
    }
}
