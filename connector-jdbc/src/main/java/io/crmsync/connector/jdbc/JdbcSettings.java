package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of one JDBC app, parsed and checked without connecting.
 *
 * @param url          JDBC URL (may carry a password: never print it unredacted)
 * @param user         user name, or {@code null}
 * @param password     password, or {@code null}; a secret
 * @param changeLagMs  how long (milliseconds) after a row's updated-at value a row with that value may still
 *                     become visible (commit delays, clock skew); rows newer than this are read again by the
 *                     next change read. Key {@code changeLagMs}, default {@value #DEFAULT_CHANGE_LAG_MS}.
 * @param maxBatchSize records per write call reported to the engine; key {@code batchSize}, default 1000
 * @param objects      object type name to its table mapping, in config order
 * @param users        the app's users table, for properties of type {@code owner}; {@code null} when not given
 */
record JdbcSettings(String url, String user, String password, long changeLagMs, int maxBatchSize,
                    Map<String, ObjectConfig> objects, UsersConfig users) {

    static final long DEFAULT_CHANGE_LAG_MS = 3000;
    static final int DEFAULT_BATCH_SIZE = 1000;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> OBJECT_KEYS = Set.of("table", "id", "updatedAt", "properties", "associations",
            "changeTrigger");
    private static final Set<String> JOIN_KEYS = Set.of("table", "from", "to");
    private static final Set<String> PROPERTY_KEYS =
            Set.of("column", "type", "options", "delimiter", "readOnly", "unique");

    /**
     * One object type mapped to a table.
     *
     * @param name            object type name in this app
     * @param schema          the table's schema as configured, or {@code null}
     * @param table           table name as configured (without schema)
     * @param idColumn        id column name as configured
     * @param updatedAtColumn last-change column, or {@code null} when changes are found by full scans
     * @param properties      the mapped properties, in config order
     * @param joins           the multi-valued associations kept in join tables, in config order
     * @param changeTrigger   key {@code changeTrigger: true} (PostgreSQL only): crmsync installs a trigger that
     *                        records deletes and notifies changes ({@link PgChangeTrigger})
     */
    record ObjectConfig(String name, String schema, String table, String idColumn, String updatedAtColumn,
                        List<PropertyConfig> properties, List<JoinConfig> joins, boolean changeTrigger) {
        /** The table as configured: {@code schema.table} or {@code table}. */
        String qualifiedTable() {
            return schema == null ? table : schema + "." + table;
        }

        /** The join-table association exposed as property {@code property}, or {@code null}. */
        JoinConfig join(String property) {
            for (JoinConfig j : joins) {
                if (j.def().name().equals(property)) {
                    return j;
                }
            }
            return null;
        }
        /** The property mapped to a column name (case-insensitive), or {@code null}. */
        PropertyConfig byColumn(String column) {
            for (PropertyConfig p : properties) {
                if (p.column().equalsIgnoreCase(column)) {
                    return p;
                }
            }
            return null;
        }

        PropertyConfig byName(String property) {
            for (PropertyConfig p : properties) {
                if (p.def().name().equals(property)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * One property: the column it lives in and its definition as reported in the schema. An {@code owner}
     * property holds a user id of {@link UsersConfig}; it is reported as an enumeration whose options are the
     * users, labelled by email, so that owners are mapped between apps by email (DESIGN.md §2.2).
     */
    record PropertyConfig(String column, PropertyDef def, boolean owner) {
        PropertyConfig(String column, PropertyDef def) {
            this(column, def, false);
        }
    }

    /**
     * A multi-valued association kept in a join table: key
     * {@code associations: {contacts: {table: deal_contacts, from: deal_id, to: contact_id}}}. It is exposed as
     * the property {@code @contacts} ({@link PropertyDef#associations}): the {@code to} ids of the join rows whose
     * {@code from} is the record's id.
     *
     * @param def        the association property
     * @param schema     the join table's schema as configured, or {@code null}
     * @param table      join table name as configured (without schema)
     * @param fromColumn the column holding this object type's record id
     * @param toColumn   the column holding the associated record's id
     */
    record JoinConfig(PropertyDef def, String schema, String table, String fromColumn, String toColumn) {
        /** The config path of this association, relative to the app. */
        String path(String objectType) {
            return "objects." + objectType + ".associations." + def.associatedType();
        }
    }

    /**
     * The users an owner property refers to: key {@code users: {table: users, id: id, email: email}}.
     *
     * @param table       users table (plain name)
     * @param idColumn    the id stored in owner columns
     * @param emailColumn the user's email, by which owners are matched across apps
     */
    record UsersConfig(String table, String idColumn, String emailColumn) {
    }

    /**
     * Parses the settings, adding every problem found to {@code problems} (paths relative to the app).
     *
     * @return the settings; meaningful only when no problem was added
     */
    static JdbcSettings parse(AppSettings settings, List<ConfigProblem> problems) {
        Map<String, Object> values = settings.values();
        String url = settings.string("url");
        if (url == null || url.isBlank()) {
            problems.add(new ConfigProblem("url", "missing: the JDBC URL, e.g. jdbc:sqlite:crm.db"));
        } else if (!url.startsWith("jdbc:")) {
            problems.add(new ConfigProblem("url", "must start with \"jdbc:\", e.g. jdbc:postgresql://host/db"));
        }
        long lag = longValue(values.get("changeLagMs"), DEFAULT_CHANGE_LAG_MS, "changeLagMs", problems);
        long batch = longValue(values.get("batchSize"), DEFAULT_BATCH_SIZE, "batchSize", problems);
        if (batch < 1 || batch > 100_000) {
            problems.add(new ConfigProblem("batchSize", "must be between 1 and 100000"));
        }
        Map<String, ObjectConfig> objects = new LinkedHashMap<>();
        Object rawObjects = values.get("objects");
        if (!(rawObjects instanceof Map<?, ?> objectMap) || objectMap.isEmpty()) {
            problems.add(new ConfigProblem("objects", "missing: map each object type to a table, e.g. "
                    + "objects: {contacts: {table: contacts, id: id, properties: {...}}}"));
        } else {
            objectMap.forEach((name, raw) -> {
                ObjectConfig object = parseObject(String.valueOf(name), raw, problems);
                if (object != null) {
                    objects.put(object.name(), object);
                }
            });
        }
        UsersConfig users = users(values.get("users"), problems);
        boolean postgres = url != null && url.startsWith("jdbc:postgresql:");
        for (ObjectConfig o : objects.values()) {
            if (o.changeTrigger() && !postgres) {
                problems.add(new ConfigProblem("objects." + o.name() + ".changeTrigger", "needs PostgreSQL (a"
                        + " jdbc:postgresql: url); on other databases deletes are found by reconciliation"
                        + " (crmsync run --reconcile): remove the key"));
            }
            List<PropertyDef> defs = new ArrayList<>(o.properties().stream().map(PropertyConfig::def).toList());
            o.joins().forEach(j -> defs.add(j.def()));
            for (PropertyDef def : defs) {
                String associated = def.associatedType();
                if (associated != null && !objects.containsKey(associated)) {
                    problems.add(new ConfigProblem("objects." + o.name() + ".associations." + associated,
                            "this app has no object type \"" + associated + "\" to associate with; its object"
                                    + " types are: " + String.join(", ", objects.keySet())));
                }
            }
            for (PropertyConfig p : o.properties()) {
                if (p.owner() && users == null) {
                    problems.add(new ConfigProblem("objects." + o.name() + ".properties." + p.def().name() + ".type",
                            "type owner needs the app's users table: users: {table: users, id: id, email: email}"));
                }
            }
        }
        return new JdbcSettings(url, settings.string("user"), settings.string("password"), lag, (int) batch,
                objects, users);
    }

    private static UsersConfig users(Object raw, List<ConfigProblem> problems) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(new ConfigProblem("users", "must be a map: {table: users, id: id, email: email}"));
            return null;
        }
        unknownKeys(map, Set.of("table", "id", "email"), "users", problems);
        String table = identifier(map.get("table"), "users.table", true, problems);
        String id = identifier(map.get("id"), "users.id", true, problems);
        String email = identifier(map.get("email"), "users.email", true, problems);
        return table == null || id == null || email == null ? null : new UsersConfig(table, id, email);
    }

    private static ObjectConfig parseObject(String name, Object raw, List<ConfigProblem> problems) {
        String path = "objects." + name;
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(new ConfigProblem(path, "must be a map with table, id and properties"));
            return null;
        }
        Set<String> misspelt = unknownKeys(map, OBJECT_KEYS, path, problems);
        String table = text(map.get("table"));
        String schema = null;
        if (table == null && misspelt.contains("table")) {
            // Reported as the misspelt key, with its "did you mean table?".
        } else if (table == null) {
            problems.add(new ConfigProblem(path + ".table", "missing: the table holding " + name));
        } else if (!TABLE.matcher(table).matches()) {
            problems.add(new ConfigProblem(path + ".table", "\"" + table
                    + "\" is not a plain table name (letters, digits, _; optionally schema.table)"));
        } else if (table.contains(".")) {
            schema = table.substring(0, table.indexOf('.'));
            table = table.substring(table.indexOf('.') + 1);
        }
        String id = identifier(map.get("id"), path + ".id", !misspelt.contains("id"), problems);
        String updatedAt = identifier(map.get("updatedAt"), path + ".updatedAt", false, problems);
        List<PropertyConfig> properties = new ArrayList<>();
        Object rawProps = map.get("properties");
        if (rawProps == null && misspelt.contains("properties")) {
            // Reported as the misspelt key.
        } else if (!(rawProps instanceof Map<?, ?> propMap) || propMap.isEmpty()) {
            problems.add(new ConfigProblem(path + ".properties",
                    "missing: map property names to columns, e.g. email: {column: email, type: string}"));
        } else {
            Map<String, String> columns = new HashMap<>();
            propMap.forEach((propName, propRaw) -> {
                String propPath = path + ".properties." + propName;
                PropertyConfig p = parseProperty(String.valueOf(propName), propRaw, propPath, problems);
                if (p == null) {
                    return;
                }
                properties.add(p);
                String previous = columns.put(p.column().toLowerCase(Locale.ROOT), String.valueOf(propName));
                if (previous != null) {
                    problems.add(new ConfigProblem(propPath + ".column", "column \"" + p.column()
                            + "\" is already mapped by property " + previous));
                }
                boolean special = p.column().equalsIgnoreCase(String.valueOf(id))
                        || p.column().equalsIgnoreCase(String.valueOf(updatedAt));
                if (special && !p.def().readOnly()) {
                    problems.add(new ConfigProblem(propPath + ".column", "column \"" + p.column()
                            + "\" is the id or updatedAt column: mark the property readOnly: true"));
                }
            });
        }
        List<JoinConfig> joins = new ArrayList<>();
        Object rawAssoc = map.get("associations");
        if (rawAssoc instanceof Map<?, ?> assocMap) {
            assocMap.forEach((type, column) -> {
                String assocPath = path + ".associations." + type;
                if (column instanceof Map<?, ?> m && (m.containsKey("table") || m.containsKey("from")
                        || m.containsKey("to"))) {
                    JoinConfig join = join(String.valueOf(type), m, assocPath, problems);
                    if (join != null) {
                        joins.add(join);
                    }
                    return;
                }
                Object col = column instanceof Map<?, ?> m ? m.get("column") : column;
                String c = identifier(col, assocPath, true, problems);
                if (c != null) {
                    // The associated record's id, exposed as the property "@<object type>" (DESIGN.md §2.6).
                    properties.add(new PropertyConfig(c, PropertyDef.association(String.valueOf(type))));
                }
            });
        } else if (rawAssoc != null) {
            problems.add(new ConfigProblem(path + ".associations", "must map associated object types to their"
                    + " foreign-key columns or join tables, e.g. associations: {companies: company_id, contacts:"
                    + " {table: deal_contacts, from: deal_id, to: contact_id}}"));
        }
        boolean trigger = flag(map.get("changeTrigger"), path + ".changeTrigger", problems);
        return new ObjectConfig(name, schema, table, id, updatedAt, properties, joins, trigger);
    }

    /** A join-table association: {@code {table: deal_contacts, from: deal_id, to: contact_id}}. */
    private static JoinConfig join(String type, Map<?, ?> map, String path, List<ConfigProblem> problems) {
        Set<String> misspelt = unknownKeys(map, JOIN_KEYS, path, problems);
        String table = text(map.get("table"));
        String schema = null;
        if (table == null && misspelt.contains("table")) {
            // Reported as the misspelt key.
        } else if (table == null) {
            problems.add(new ConfigProblem(path + ".table", "missing: the join table, e.g. {table: deal_"
                    + type + ", from: deal_id, to: " + type + "_id}"));
        } else if (!TABLE.matcher(table).matches()) {
            problems.add(new ConfigProblem(path + ".table", "\"" + table
                    + "\" is not a plain table name (letters, digits, _; optionally schema.table)"));
            table = null;
        } else if (table.contains(".")) {
            schema = table.substring(0, table.indexOf('.'));
            table = table.substring(table.indexOf('.') + 1);
        }
        String from = identifier(map.get("from"), path + ".from", !misspelt.contains("from"), problems);
        String to = identifier(map.get("to"), path + ".to", !misspelt.contains("to"), problems);
        if (from != null && from.equalsIgnoreCase(to)) {
            problems.add(new ConfigProblem(path + ".to", "must differ from \"from\": one column holds this record's"
                    + " id, the other the associated record's id"));
        }
        if (table == null || from == null || to == null) {
            return null;
        }
        return new JoinConfig(PropertyDef.associations(type), schema, table, from, to);
    }

    private static PropertyConfig parseProperty(String name, Object raw, String path,
                                                List<ConfigProblem> problems) {
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(new ConfigProblem(path, "must be a map, e.g. {column: email, type: string}"));
            return null;
        }
        Set<String> misspelt = unknownKeys(map, PROPERTY_KEYS, path, problems);
        String column = identifier(map.get("column"), path + ".column", !misspelt.contains("column"), problems);
        PropertyType type = PropertyType.STRING;
        String typeName = text(map.get("type"));
        boolean owner = typeName != null && typeName.trim().equalsIgnoreCase("owner");
        if (owner) {
            type = PropertyType.ENUMERATION;
        } else if (typeName != null) {
            try {
                type = PropertyType.valueOf(typeName.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(path + ".type", "unknown type \"" + typeName + "\": use one of "
                        + "string, number, bool, date, datetime, enumeration, multiselect, phone, owner"));
            }
        }
        List<PropertyOption> options = options(map.get("options"), path + ".options", problems);
        boolean hasOptions = type == PropertyType.ENUMERATION || type == PropertyType.MULTISELECT;
        if (!options.isEmpty() && (!hasOptions || owner)) {
            problems.add(new ConfigProblem(path + ".options", owner ? "an owner's options are the users table's rows"
                    : "options apply to enumeration and multiselect only"));
        }
        String delimiter = text(map.get("delimiter"));
        if (delimiter != null && type != PropertyType.MULTISELECT) {
            problems.add(new ConfigProblem(path + ".delimiter", "delimiter applies to multiselect only"));
        }
        boolean readOnly = flag(map.get("readOnly"), path + ".readOnly", problems);
        boolean unique = flag(map.get("unique"), path + ".unique", problems);
        if (column == null) {
            return null;
        }
        return new PropertyConfig(column, new PropertyDef(name, type, options, readOnly, unique, delimiter), owner);
    }

    private static List<PropertyOption> options(Object raw, String path, List<ConfigProblem> problems) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            problems.add(new ConfigProblem(path, "must be a list of values or {value, label} maps"));
            return List.of();
        }
        List<PropertyOption> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item instanceof Map<?, ?> m) {
                String value = text(m.get("value"));
                if (value == null) {
                    problems.add(new ConfigProblem(path + "." + i + ".value", "missing: the stored value"));
                } else {
                    out.add(new PropertyOption(value, text(m.get("label"))));
                }
            } else if (item instanceof String || item instanceof Number || item instanceof Boolean) {
                out.add(PropertyOption.of(String.valueOf(item)));
            } else {
                problems.add(new ConfigProblem(path + "." + i, "must be a value or a {value, label} map"));
            }
        }
        return out;
    }

    private static String identifier(Object raw, String path, boolean required, List<ConfigProblem> problems) {
        String value = text(raw);
        if (value == null) {
            if (required) {
                problems.add(new ConfigProblem(path, "missing: a column name"));
            }
            return null;
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            problems.add(new ConfigProblem(path, "\"" + value
                    + "\" is not a plain column name (letters, digits and _, not starting with a digit)"));
        }
        return value;
    }

    private static boolean flag(Object raw, String path, List<ConfigProblem> problems) {
        if (raw == null) {
            return false;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        problems.add(new ConfigProblem(path, "must be true or false"));
        return false;
    }

    private static long longValue(Object raw, long fallback, String path, List<ConfigProblem> problems) {
        if (raw == null) {
            return fallback;
        }
        try {
            long value = raw instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(raw).trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new ConfigProblem(path, "must be a whole number, 0 or more"));
        return fallback;
    }

    /**
     * Reports every unknown key, with the known key it is probably a typo of.
     *
     * @return the known keys that unknown keys were taken for, so that they are not also reported missing
     */
    private static Set<String> unknownKeys(Map<?, ?> map, Set<String> known, String path,
                                           List<ConfigProblem> problems) {
        Set<String> misspelt = new HashSet<>();
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            if (known.contains(name)) {
                continue;
            }
            String guess = KeySuggestion.closest(name, known);
            if (guess != null && !map.containsKey(guess)) {
                misspelt.add(guess);
            }
            problems.add(new ConfigProblem(path + "." + key, "unknown key; "
                    + (guess == null ? "" : "did you mean " + guess + "? ") + "known keys: "
                    + String.join(", ", known.stream().sorted().toList())));
        }
        return misspelt;
    }

    private static String text(Object raw) {
        if (raw == null || raw instanceof Map || raw instanceof List) {
            return null;
        }
        String s = String.valueOf(raw);
        return s.isEmpty() ? null : s;
    }
}
