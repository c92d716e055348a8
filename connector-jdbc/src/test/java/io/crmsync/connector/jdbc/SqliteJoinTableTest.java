package io.crmsync.connector.jdbc;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** Join-table associations on a SQLite file (rowid ids, ISO text timestamps). */
class SqliteJoinTableTest extends JoinTableScenarios {
    @TempDir
    Path dir;

    @Override
    Database database() {
        return new Database() {
            @Override
            public String url() {
                return "jdbc:sqlite:" + dir.resolve("shop.db");
            }

            @Override
            public String user() {
                return null;
            }

            @Override
            public List<String> ddl() {
                return List.of("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, updated_at TEXT)",
                        "CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT, updated_at TEXT)",
                        "CREATE TABLE deal_contacts (deal_id INTEGER NOT NULL, contact_id INTEGER NOT NULL,"
                                + " role TEXT, PRIMARY KEY (deal_id, contact_id))");
            }

            @Override
            public List<String> touchTriggers() {
                String stamp = "UPDATE deals SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ";
                return List.of(
                        "CREATE TRIGGER deal_contacts_added AFTER INSERT ON deal_contacts BEGIN " + stamp
                                + "NEW.deal_id; END",
                        "CREATE TRIGGER deal_contacts_removed AFTER DELETE ON deal_contacts BEGIN " + stamp
                                + "OLD.deal_id; END");
            }

            @Override
            public String longAgo() {
                return "'2020-01-01T00:00:00.000Z'";
            }
        };
    }
}
