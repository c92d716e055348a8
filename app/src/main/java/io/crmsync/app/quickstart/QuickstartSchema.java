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

    /**
     * A property of an object type: its column, its crmsync property type (§1: string, number, datetime, phone,
     * enumeration) and, for an enumeration, its options (value = label; empty for other types).
     */
    record Column(String column, String type, List<String> options) {
        Column {
            options = List.copyOf(options);
        }
    }

    /**
     * One table: its primary key, its change timestamp, the foreign key to the company table (the
     * {@code @companies} association when {@code associated}, else unmapped), its properties in the order they are
     * written, keyed by the property name both apps share, and the one property that only the shop has
     * ({@code externalId}, the key of the HubSpot record a row was created from; null for none).
     */
    record Table(String name, String id, String updatedAt, String parent, boolean associated, String externalId,
                 Map<String, Column> properties) {

        /** The properties mapped onto HubSpot's: all but the external id. */
        List<String> mapped() {
            return properties.keySet().stream().filter(p -> !p.equals(externalId)).toList();
        }

        /** The CREATE TABLE statement, column types as in the quickstart brief. */
        String createSql() {
            StringBuilder sql = new StringBuilder("CREATE TABLE ").append(name).append(" (")
                    .append(id).append(" INTEGER PRIMARY KEY");
            // NUMERIC keeps 1299.00 as 1299 and 119373.34 as a real, as a shop's price column would; date-times
            // are ISO-8601 text.
            properties.values().forEach(c -> sql.append(", ").append(c.column()).append(' ')
                    .append("number".equals(c.type()) ? "NUMERIC" : "TEXT"));
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

    /** The HubSpot deal property that holds the key of the shop row a deal was created from. */
    static final String HUBSPOT_DEAL_EXTERNAL_ID = "shop_deal_id";
    /** The deal pipeline the quickstart adds to the sandbox, whose stages carry the Salesforce stage names. */
    static final String PIPELINE = "Salesforce opportunities";
    /**
     * That pipeline's stages, in the order of Salesforce's sales process, with the stage names the apex-recipes
     * opportunities use; the last two are closed.
     */
    static final List<String> PIPELINE_STAGES = List.of("Qualification", "Needs Analysis", "Value Proposition",
            "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review",
            "Assigned dynamically", "Closed/Won", "Closed Lost");

    static final String SHOP = "shop";
    static final String HUBSPOT = "hubspot";

    static final Table SHOP_COMPANIES = new Table("companies", "id", "updated_at", null, false, null, props(
            "name", "name", "string",
            "domain", "domain", "string",
            "phone", "phone", "phone",
            "industry", "industry", "string",
            "numberofemployees", "employees", "number",
            "city", "city", "string"));

    static final Table SHOP_CONTACTS = new Table("contacts", "id", "updated_at", "company_id", true, null, props(
            "email", "email", "string",
            "firstname", "first_name", "string",
            "lastname", "last_name", "string",
            "jobtitle", "title", "string",
            "phone", "phone", "phone"));

    /** Deals: stage and pipeline are their labels, which the sync maps onto HubSpot's stage and pipeline ids. */
    static final Table SHOP_DEALS = new Table("deals", "id", "updated_at", "company_id", true, "hubspot_deal_id",
            props(
            "dealname", "name", "string",
            "amount", "amount", "number",
            "closedate", "close_date", "datetime",
            "pipeline", "pipeline", "enumeration",
            "dealstage", "stage", "enumeration",
            "description", "description", "string",
            "hubspot_deal_id", "hubspot_id", "string"));

    /** Products: HubSpot's SKU property {@code hs_sku} is the shop's {@code sku} column. */
    static final Table SHOP_PRODUCTS = new Table("products", "id", "updated_at", null, false, null, props(
            "name", "name", "string",
            "hs_sku", "sku", "string",
            "price", "price", "number",
            "description", "description", "string"));

    /**
     * HubSpot's object types: the shop tables' property names are HubSpot's own property names, so each HubSpot
     * record holds the same keys as a shop row.
     */
    static final String HUBSPOT_COMPANIES = "companies";
    static final String HUBSPOT_CONTACTS = "contacts";
    static final String HUBSPOT_DEALS = "deals";
    static final String HUBSPOT_PRODUCTS = "products";

    private QuickstartSchema() {
    }

    private static Map<String, Column> props(String... triples) {
        Map<String, Column> map = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            List<String> options = switch (triples[i]) {
                case "pipeline" -> List.of(PIPELINE);
                case "dealstage" -> PIPELINE_STAGES;
                default -> List.of();
            };
            map.put(triples[i], new Column(triples[i + 1], triples[i + 2], options));
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
