package io.crmsync.app.quickstart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two shop tables, how their columns map onto property names, and the HubSpot object types they pair with. The SQL, the loader, the
 * read-back and the YAML config all come from these specs, so the config can never name a column that the
 * database does not have.
 */
final class QuickstartSchema {

    /** A property of an object type: its column and its crmsync property type (§1: string, number, phone). */
    record Column(String column, String type) {
    }

    /**
     * One table: its primary key, its change timestamp, the (unmapped) foreign key to the company table, and
     * its properties in the order they are written, keyed by the property name both apps share.
     */
    record Table(String name, String id, String updatedAt, String parent, Map<String, Column> properties) {

        /** The CREATE TABLE statement, column types as in the quickstart brief. */
        String createSql() {
            StringBuilder sql = new StringBuilder("CREATE TABLE ").append(name).append(" (")
                    .append(id).append(" INTEGER PRIMARY KEY");
            properties.values().forEach(c -> sql.append(", ").append(c.column()).append(' ')
                    .append("number".equals(c.type()) ? "INTEGER" : "TEXT"));
            if (parent != null) {
                sql.append(", ").append(parent).append(" INTEGER");
            }
            return sql.append(", ").append(updatedAt).append(" TEXT)").toString();
        }

        /** Column names in insert order: id, properties, parent, updatedAt. */
        List<String> columns() {
            var columns = new java.util.ArrayList<String>();
            columns.add(id);
            properties.values().forEach(c -> columns.add(c.column()));
            if (parent != null) {
                columns.add(parent);
            }
            columns.add(updatedAt);
            return columns;
        }
    }

    static final String SHOP = "shop";
    static final String HUBSPOT = "hubspot";

    static final Table SHOP_COMPANIES = new Table("companies", "id", "updated_at", null, props(
            "name", "name", "string",
            "domain", "domain", "string",
            "phone", "phone", "phone",
            "industry", "industry", "string",
            "numberofemployees", "employees", "number",
            "city", "city", "string"));

    static final Table SHOP_CONTACTS = new Table("contacts", "id", "updated_at", "company_id", props(
            "email", "email", "string",
            "firstname", "first_name", "string",
            "lastname", "last_name", "string",
            "jobtitle", "title", "string",
            "phone", "phone", "phone"));

    /**
     * HubSpot's object types: the shop tables' property names are HubSpot's own property names, so each HubSpot
     * record holds the same keys as a shop row.
     */
    static final String HUBSPOT_COMPANIES = "companies";
    static final String HUBSPOT_CONTACTS = "contacts";

    private QuickstartSchema() {
    }

    private static Map<String, Column> props(String... triples) {
        Map<String, Column> map = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            map.put(triples[i], new Column(triples[i + 1], triples[i + 2]));
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
