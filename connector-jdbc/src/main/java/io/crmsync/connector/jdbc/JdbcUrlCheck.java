package io.crmsync.connector.jdbc;

import io.crmsync.api.ConfigProblem;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Checks of an app's JDBC URL that need no connection: a driver on the class path accepts it, and a SQLite
 * database file exists (the SQLite driver would otherwise create an empty file for a mistyped path, and every
 * table would then be reported missing).
 */
final class JdbcUrlCheck {
    private static final String SQLITE = "jdbc:sqlite:";

    private JdbcUrlCheck() {
    }

    /** Adds a problem at {@code url} for a URL that no driver accepts or a missing SQLite file. */
    static void check(String url, List<ConfigProblem> problems) {
        if (url == null || !url.startsWith("jdbc:")) {
            return; // reported by JdbcSettings
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            problems.add(new ConfigProblem("url", "no JDBC driver for " + scheme(url)
                    + "; supported: sqlite, h2, postgresql"));
            return;
        }
        String file = sqliteFile(url);
        if (file == null) {
            return;
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            problems.add(new ConfigProblem("url", "not a valid database file path: " + file));
            return;
        }
        String where = path.isAbsolute() ? ""
                : " (relative to the working directory " + Path.of("").toAbsolutePath() + ")";
        if (Files.isDirectory(path)) {
            problems.add(new ConfigProblem("url", "is a directory, not a database file: " + file + where));
        } else if (!Files.exists(path)) {
            problems.add(new ConfigProblem("url", "database file not found: " + file + where));
        }
    }

    /** {@code jdbc:mysql:...} for {@code jdbc:mysql://host/db}: the part that chooses the driver, nothing after. */
    static String scheme(String url) {
        int end = url.indexOf(':', "jdbc:".length());
        return end < 0 ? url : url.substring(0, end + 1) + (end + 1 < url.length() ? "..." : "");
    }

    /**
     * The file of a SQLite URL ({@code jdbc:sqlite:crm.db}, {@code jdbc:sqlite:file:crm.db?mode=ro},
     * {@code jdbc:sqlite:file:///abs/crm.db}), or {@code null} for an in-memory or resource database and for
     * other databases.
     */
    static String sqliteFile(String url) {
        if (!url.startsWith(SQLITE)) {
            return null;
        }
        String rest = url.substring(SQLITE.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1).toLowerCase(Locale.ROOT);
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
            if (rest.startsWith("//")) {
                rest = rest.substring(2); // file:///abs/x.db → /abs/x.db
            }
        }
        boolean memory = rest.isEmpty() || rest.startsWith(":memory:") || rest.startsWith(":resource:")
                || query.contains("mode=memory");
        return memory ? null : rest;
    }
}
