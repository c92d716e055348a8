package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real database with deals whose contacts are kept in the join table {@code deal_contacts} (plus a
 * {@code role} column the connector does not map), and the app settings of app "shop" on it.
 */
abstract class JoinTableDatabase {
    /** The join-table association as configured by default. */
    static final Map<String, Object> JOIN = Map.of("table", "deal_contacts", "from", "deal_id", "to", "contact_id");

    abstract String url();

    abstract String user();

    /** Fresh tables: contacts, deals and deal_contacts. */
    abstract List<String> ddl();

    /** Triggers stamping {@code deals.updated_at} when a deal_contacts row is inserted or deleted. */
    abstract List<String> touchTriggers();

    /** The SQL expression of an updated-at long past, for rows another app wrote a while ago. */
    abstract String longAgo();

    /** The SQL expression of the current time, as another program stamping a row would write it. */
    abstract String now();

    /**
     * True when the join table's foreign key to contacts is enforced by the connector's connections: PostgreSQL,
     * and SQLite, whose connector connections turn {@code foreign_keys} on.
     */
    boolean enforcesForeignKeys() {
        return false;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), null);
    }

    /**
     * Settings of app "shop": contacts, and deals with {@code associations: {contacts: join}}; no change lag, so
     * that a change read moves past every row it returned.
     */
    AppSettings settings(Map<String, Object> join) {
        Map<String, Object> contacts = Map.of("table", "contacts", "id", "id", "updatedAt", "updated_at",
                "properties", Map.of("email", Map.of("column", "email")));
        Map<String, Object> deals = Map.of("table", "deals", "id", "id", "updatedAt", "updated_at",
                "properties", Map.of("name", Map.of("column", "name")),
                "associations", Map.of("contacts", join));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", "jdbc");
        values.put("url", url());
        if (user() != null) {
            values.put("user", user());
        }
        values.put("changeLagMs", 0);
        values.put("objects", Map.of("contacts", contacts, "deals", deals));
        return new AppSettings("shop", "jdbc", values, Set.of());
    }

    /** A SQLite file in {@code dir} (rowid ids, ISO text timestamps), with foreign keys from the join table. */
    static JoinTableDatabase sqlite(Path dir) {
        return new JoinTableDatabase() {
            @Override
            String url() {
                return "jdbc:sqlite:" + dir.resolve("shop.db");
            }

            @Override
            String user() {
                return null;
            }

            @Override
            List<String> ddl() {
                return List.of("DROP TABLE IF EXISTS deal_contacts", "DROP TABLE IF EXISTS deals",
                        "DROP TABLE IF EXISTS contacts",
                        // AUTOINCREMENT: a plain rowid table gives a deleted contact's id to the next contact (the
                        // highest rowid plus one), so a "missing" contact would exist again; PostgreSQL's SERIAL
                        // never reuses ids either.
                        "CREATE TABLE contacts (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT, updated_at TEXT)",
                        "CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT, updated_at TEXT)",
                        "CREATE TABLE deal_contacts (deal_id INTEGER NOT NULL REFERENCES deals ON DELETE CASCADE,"
                                + " contact_id INTEGER NOT NULL REFERENCES contacts, role TEXT,"
                                + " PRIMARY KEY (deal_id, contact_id))");
            }

            @Override
            List<String> touchTriggers() {
                String stamp = "UPDATE deals SET updated_at = " + now() + " WHERE id = ";
                return List.of(
                        "CREATE TRIGGER deal_contacts_added AFTER INSERT ON deal_contacts BEGIN " + stamp
                                + "NEW.deal_id; END",
                        "CREATE TRIGGER deal_contacts_removed AFTER DELETE ON deal_contacts BEGIN " + stamp
                                + "OLD.deal_id; END");
            }

            @Override
            String longAgo() {
                return "'2020-01-01T00:00:00.000Z'";
            }

            @Override
            boolean enforcesForeignKeys() {
                return true;
            }

            @Override
            String now() {
                return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
            }
        };
    }

    /** Fresh tables in a shared embedded PostgreSQL, with foreign keys from the join table. */
    static JoinTableDatabase postgres(EmbeddedPostgres server) {
        return new JoinTableDatabase() {
            @Override
            String url() {
                return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
            }

            @Override
            String user() {
                return "postgres";
            }

            @Override
            List<String> ddl() {
                return List.of("DROP TABLE IF EXISTS deal_contacts, deals, contacts CASCADE",
                        "CREATE TABLE contacts (id SERIAL PRIMARY KEY, email TEXT, updated_at TIMESTAMPTZ)",
                        "CREATE TABLE deals (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT,"
                                + " updated_at TIMESTAMPTZ)",
                        "CREATE TABLE deal_contacts (deal_id BIGINT NOT NULL REFERENCES deals ON DELETE CASCADE,"
                                + " contact_id INT NOT NULL REFERENCES contacts, role TEXT,"
                                + " PRIMARY KEY (deal_id, contact_id))");
            }

            @Override
            List<String> touchTriggers() {
                return List.of("CREATE OR REPLACE FUNCTION touch_deal() RETURNS trigger AS $$ BEGIN"
                                + " UPDATE deals SET updated_at = clock_timestamp() WHERE id = CASE TG_OP"
                                + " WHEN 'DELETE' THEN OLD.deal_id ELSE NEW.deal_id END; RETURN NULL; END"
                                + " $$ LANGUAGE plpgsql",
                        "CREATE TRIGGER deal_contacts_touch AFTER INSERT OR UPDATE OR DELETE ON deal_contacts"
                                + " FOR EACH ROW EXECUTE FUNCTION touch_deal()");
            }

            @Override
            String longAgo() {
                return "TIMESTAMPTZ '2020-01-01 00:00:00+00'";
            }

            @Override
            boolean enforcesForeignKeys() {
                return true;
            }

            @Override
            String now() {
                return "clock_timestamp()";
            }
        };
    }
}
