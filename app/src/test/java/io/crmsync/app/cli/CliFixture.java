package io.crmsync.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two real SQLite apps, "crm" and "shop", each with a {@code contacts} table, a {@code crmsync.yaml} that syncs
 * them two-way (state in an H2 file), and a way to run the CLI and capture what it prints.
 *
 * <p>Data: crm has Ann (also in shop, with another first name: a conflict crm wins), Bob (crm only) and a
 * contact without email (excluded); shop has Ann and Cy (shop only). {@code seats} is text in crm and a number
 * in shop.
 */
final class CliFixture {
    final Path dir;
    final Path crmDb;
    final Path shopDb;
    final Path config;

    /** What one CLI call returned and printed. */
    record Result(int code, String out, String err) {
        /** Everything printed, for checks that something appears nowhere. */
        String all() {
            return out + "\n" + err;
        }
    }

    CliFixture(Path dir) {
        this.dir = dir;
        this.crmDb = dir.resolve("crm.db");
        this.shopDb = dir.resolve("shop.db");
        this.config = dir.resolve("crmsync.yaml");
        sql(crmDb, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, seats TEXT,"
                        + " updated_at TEXT)",
                "INSERT INTO contacts (email, first_name, seats) VALUES ('ann@example.com', 'Ann', '5')",
                "INSERT INTO contacts (email, first_name, seats) VALUES ('bob@example.com', 'Bob', NULL)",
                "INSERT INTO contacts (email, first_name, seats) VALUES (NULL, 'Nomail', NULL)");
        sql(shopDb, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, seats INTEGER,"
                        + " updated_at TEXT)",
                "INSERT INTO contacts (email, first_name, seats) VALUES ('ann@example.com', 'Annie', 5)",
                "INSERT INTO contacts (email, first_name, seats) VALUES ('cy@example.com', 'Cy', 7)");
        writeConfig(yaml());
    }

    /** The working config; tests break it with {@link String#replace}. */
    String yaml() {
        return """
                state: jdbc:h2:file:%s
                apps:
                  crm:
                    type: jdbc
                    url: jdbc:sqlite:%s
                    objects:
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email:     {column: email, type: string}
                          firstname: {column: first_name, type: string}
                          seats:     {column: seats, type: number}
                  shop:
                    type: jdbc
                    url: jdbc:sqlite:%s
                    objects:
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email:     {column: email, type: string}
                          firstname: {column: first_name, type: string}
                          seats:     {column: seats, type: number}
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      contacts:
                        types: {crm: contacts, shop: contacts}
                        direction: two-way
                        defaultApp: crm
                        mappings:
                          - {crm: email, shop: email}
                          - {crm: firstname, shop: firstname}
                """.formatted(path(dir.resolve("state")), path(crmDb), path(shopDb));
    }

    void writeConfig(String yaml) {
        try {
            Files.writeString(config, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives every row of both apps one old change time, then runs once: the checkpoints are then times (not "every
     * row with a time"), so the rows a test edits afterwards, stamped with SQLite's now, are exactly the next run's
     * changes.
     */
    Result runOnceWithOldChangeTimes() {
        sql(crmDb, "UPDATE contacts SET updated_at = '2020-01-01T00:00:00.000Z'");
        sql(shopDb, "UPDATE contacts SET updated_at = '2020-01-01T00:00:00.000Z'");
        return cli("run");
    }

    /** Runs {@code crmsync} with {@code --config} pointing at the fixture's config when the command takes it. */
    Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.isEmpty() && !all.get(0).equals("quickstart") && !all.contains("--config")) {
            all.add(1, "--config");
            all.add(2, config.toString());
        }
        return run(all.toArray(String[]::new));
    }

    /** As {@link #cli}, with {@code input} as standard input (answers to confirmations). */
    Result cliWithInput(String input, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--config");
        all.add(2, config.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(all.toArray(String[]::new), o, e, Map.of(),
                    new java.io.BufferedReader(new java.io.StringReader(input)));
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code crmsync} with exactly these arguments. */
    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e, Map.of());
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every row of a table, as text, in id order: to prove that a command wrote nothing. */
    static List<List<String>> rows(Path db, String table) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sql(Path db, String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A path as YAML text: forward slashes, so that the config reads the same on every OS. */
    private static String path(Path p) {
        return p.toAbsolutePath().toString().replace('\\', '/');
    }
}
