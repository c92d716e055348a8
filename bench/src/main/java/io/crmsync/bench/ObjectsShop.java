package io.crmsync.bench;

import static io.crmsync.bench.ObjectsData.COMPANIES;
import static io.crmsync.bench.ObjectsData.CONTACTS;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code shop} side of {@code objects-initial}: one PostgreSQL table per object type, named as the type, with
 * the HubSpot property names as columns, a {@code BIGSERIAL} id, {@code updated_at}, and for each
 * {@link ObjectsInitialBench.Link} from the type a foreign-key column holding the associated record's id.
 */
final class ObjectsShop {
    private final BenchPostgres postgres;

    ObjectsShop(BenchPostgres postgres) {
        this.postgres = postgres;
    }

    static String[] properties(String type) {
        return switch (type) {
            case COMPANIES -> ObjectsData.COMPANY_PROPERTIES;
            case CONTACTS -> ObjectsData.CONTACT_PROPERTIES;
            default -> ObjectsData.DEAL_PROPERTIES;
        };
    }

    private static List<ObjectsInitialBench.Link> linksFrom(String type) {
        return ObjectsInitialBench.LINKS.stream().filter(l -> l.from().equals(type)).toList();
    }

    private static String sqlType(String property) {
        return property.equals("amount") ? "NUMERIC" : "TEXT";
    }

    void create() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String type : ObjectsInitialBench.TYPES) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE " + type + " (id BIGSERIAL PRIMARY KEY");
                for (String p : properties(type)) {
                    ddl.append(", ").append(p).append(' ').append(sqlType(p));
                }
                for (ObjectsInitialBench.Link l : linksFrom(type)) {
                    ddl.append(", ").append(l.shopColumn()).append(" BIGINT REFERENCES ").append(l.to())
                            .append(" (id)");
                }
                s.execute(ddl.append(", updated_at TIMESTAMP)").toString());
            }
        }
    }

    /** This app's part of {@code crmsync.yaml} for {@code type}, indented under {@code objects:}. */
    String config(String type) {
        StringBuilder y = new StringBuilder();
        y.append("      ").append(type).append(":\n");
        y.append("        table: ").append(type).append("\n        id: id\n        updatedAt: updated_at\n");
        y.append("        properties:\n");
        for (String p : properties(type)) {
            y.append("          ").append(p).append(": {column: ").append(p).append(", type: ")
                    .append(p.equals("amount") ? "number" : "string").append("}\n");
        }
        List<ObjectsInitialBench.Link> links = linksFrom(type);
        if (!links.isEmpty()) {
            y.append("        associations: {");
            for (int i = 0; i < links.size(); i++) {
                y.append(i == 0 ? "" : ", ").append(links.get(i).to()).append(": ").append(links.get(i).shopColumn());
            }
            y.append("}\n");
        }
        return y.toString();
    }

    /**
     * Inserts the side's records with ids 1..n in list order (so an association index i is id i + 1), in JDBC
     * batches, last changed 30 days ago; then moves each id sequence past them.
     */
    void load(ObjectsData.Side side) throws SQLException {
        long start = System.nanoTime();
        Properties props = props();
        props.setProperty("reWriteBatchedInserts", "true");
        LocalDateTime old = LocalDateTime.now(ZoneOffset.UTC).minusDays(30);
        try (Connection c = DriverManager.getConnection(postgres.url(), props)) {
            c.setAutoCommit(false);
            for (String type : ObjectsInitialBench.TYPES) {
                String[] columns = properties(type);
                List<ObjectsInitialBench.Link> links = linksFrom(type);
                List<String> names = new ArrayList<>(List.of("id"));
                names.addAll(List.of(columns));
                links.forEach(l -> names.add(l.shopColumn()));
                names.add("updated_at");
                String sql = "INSERT INTO " + type + " (" + String.join(", ", names) + ") VALUES ("
                        + "?, ".repeat(names.size() - 1) + "?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    List<ObjectsData.Row> rows = side.of(type);
                    for (int i = 0; i < rows.size(); i++) {
                        ObjectsData.Row r = rows.get(i);
                        int col = 1;
                        ps.setLong(col++, i + 1);
                        for (String p : columns) {
                            String v = r.properties().get(p);
                            if (v == null) {
                                ps.setNull(col++, Types.VARCHAR);
                            } else if (p.equals("amount")) {
                                ps.setBigDecimal(col++, new java.math.BigDecimal(v));
                            } else {
                                ps.setString(col++, v);
                            }
                        }
                        for (ObjectsInitialBench.Link l : links) {
                            int to = r.one(l.to());
                            if (to < 0) {
                                ps.setNull(col++, Types.BIGINT);
                            } else {
                                ps.setLong(col++, to + 1);
                            }
                        }
                        ps.setObject(col, old);
                        ps.addBatch();
                        if ((i + 1) % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT setval(pg_get_serial_sequence('" + type + "', 'id'), "
                            + Math.max(1, side.of(type).size()) + ")");
                }
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("ANALYZE");
            }
        }
        Log.info("loaded %,d rows into PostgreSQL in %.1f s", side.size(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Every row of {@code type}: its key (domain, email or deal name; see {@link ObjectsData#key}) and, for each
     * link from the type, the key of the associated row ({@code ""} when none), in that order.
     */
    List<String[]> rows(String type) throws SQLException {
        List<ObjectsInitialBench.Link> links = linksFrom(type);
        StringBuilder sql = new StringBuilder("SELECT t." + keyColumn(type));
        StringBuilder joins = new StringBuilder();
        for (int i = 0; i < links.size(); i++) {
            ObjectsInitialBench.Link l = links.get(i);
            sql.append(", a").append(i).append('.').append(keyColumn(l.to()));
            joins.append(" LEFT JOIN ").append(l.to()).append(" a").append(i).append(" ON a").append(i)
                    .append(".id = t.").append(l.shopColumn());
        }
        sql.append(" FROM ").append(type).append(" t").append(joins);
        List<String[]> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                String[] row = new String[1 + links.size()];
                for (int i = 0; i < row.length; i++) {
                    String v = rs.getString(i + 1);
                    row[i] = v == null ? "" : v;
                }
                out.add(row);
            }
        }
        return out;
    }

    static String keyColumn(String type) {
        return ObjectsData.key(type, Map.of("domain", "domain", "email", "email", "dealname", "dealname"));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.url(), props());
    }

    private Properties props() {
        Properties props = new Properties();
        props.setProperty("user", postgres.user());
        return props;
    }
}
