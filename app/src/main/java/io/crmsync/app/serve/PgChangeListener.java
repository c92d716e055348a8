package io.crmsync.app.serve;

import io.crmsync.api.AppSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens for one PostgreSQL app's change notifications ({@link ChangeNotification}) on a connection of its own,
 * on its own daemon thread, and pushes the notified ids to the object syncs of the table's object type. A lost
 * connection is reopened after a delay that doubles from 1 s up to 30 s; after each reconnection every object
 * sync of the app gets a feed run, which picks up the changes made while nobody listened. Notifications of tables
 * no object sync uses, and malformed payloads (logged), are skipped.
 */
final class PgChangeListener implements AutoCloseable {
    private static final int WAIT_MS = 250;
    private final AppSettings app;
    private final Map<String, String> typeByTable = new HashMap<>();
    private final PushRouter router;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    /**
     * @param app        a JDBC app on PostgreSQL
     * @param typeByTable the app's object type of each table, as configured ({@code objects.<type>.table})
     */
    PgChangeListener(AppSettings app, Map<String, String> typeByTable, PushRouter router, Consumer<String> log) {
        this.app = app;
        this.typeByTable.putAll(typeByTable);
        this.router = router;
        this.log = log;
        this.thread = new Thread(this::loop, "crmsync-listen-" + app.name());
        this.thread.setDaemon(true);
    }

    /** The object type of each configured table of a JDBC app's {@code objects:}, by table name with and without
     * its schema. */
    static Map<String, String> tables(AppSettings app) {
        Map<String, String> out = new HashMap<>();
        app.map("objects").forEach((type, value) -> {
            Object table = value instanceof Map<?, ?> m ? m.get("table") : null;
            String name = table == null ? type : String.valueOf(table);
            out.put(name, type);
            out.putIfAbsent(name.substring(name.lastIndexOf('.') + 1), type);
        });
        return out;
    }

    /** Whether the app is a JDBC app on PostgreSQL. */
    static boolean isPostgres(AppSettings app) {
        String url = app.string("url");
        return "jdbc".equals(app.type()) && url != null && url.startsWith("jdbc:postgresql:");
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long delay = 1_000;
        boolean reconnect = false;
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + ChangeNotification.CHANNEL);
                }
                delay = 1_000;
                if (reconnect) {
                    router.pollApp(app.name());
                }
                reconnect = true;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(WAIT_MS);
                    if (batch != null) {
                        deliver(batch);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.accept("app " + app.name() + ": listening for change notifications failed, retrying in "
                        + delay / 1000 + " s: " + app.redact(String.valueOf(e.getMessage())));
                sleep(delay);
                delay = Math.min(30_000, delay * 2);
            } finally {
                connection = null;
            }
        }
    }

    private void deliver(PGNotification[] batch) {
        Map<String, List<String>> ids = new HashMap<>();
        for (PGNotification n : batch) {
            if (!ChangeNotification.CHANNEL.equals(n.getName())) {
                continue;
            }
            ChangeNotification change;
            try {
                change = ChangeNotification.parse(n.getParameter());
            } catch (IllegalArgumentException e) {
                log.accept("app " + app.name() + ": skipped a change notification: " + e.getMessage());
                continue;
            }
            String type = typeByTable.get(change.table());
            if (type != null) {
                ids.computeIfAbsent(type, k -> new java.util.ArrayList<>()).add(change.id());
            }
        }
        ids.forEach((type, list) -> router.push(app.name(), type, list));
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        if (app.string("user") != null) {
            p.setProperty("user", app.string("user"));
        }
        if (app.string("password") != null) {
            p.setProperty("password", app.string("password"));
        }
        return DriverManager.getConnection(app.string("url"), p);
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    /** Stops listening and closes the connection; waits briefly for the thread. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
