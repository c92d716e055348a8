package io.crmsync.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CRM object types the sandbox serves, with HubSpot's objectTypeId (hubspot.md §B.1), the names of the
 * calculated create/modify date properties (§B.12) and the properties returned when none are asked for (§B.5).
 */
public enum ObjectType {
    CONTACTS("contacts", "0-1", "createdate", "lastmodifieddate",
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname")),
    COMPANIES("companies", "0-2", "createdate", "hs_lastmodifieddate",
            List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name")),
    DEALS("deals", "0-3", "createdate", "hs_lastmodifieddate",
            List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline")),
    TICKETS("tickets", "0-5", "createdate", "hs_lastmodifieddate",
            List.of("content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline",
                    "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject")),
    PRODUCTS("products", "0-7", "createdate", "hs_lastmodifieddate",
            List.of("createdate", "description", "hs_lastmodifieddate", "hs_object_id", "name", "price")),
    LINE_ITEMS("line_items", "0-8", "createdate", "hs_lastmodifieddate",
            List.of("amount", "createdate", "hs_lastmodifieddate", "hs_object_id", "price", "quantity")),
    TASKS("tasks", "0-27", "hs_createdate", "hs_lastmodifieddate", activityDefaults()),
    NOTES("notes", "0-46", "hs_createdate", "hs_lastmodifieddate", activityDefaults()),
    MEETINGS("meetings", "0-47", "hs_createdate", "hs_lastmodifieddate", activityDefaults()),
    CALLS("calls", "0-48", "hs_createdate", "hs_lastmodifieddate", activityDefaults()),
    EMAILS("emails", "0-49", "hs_createdate", "hs_lastmodifieddate", activityDefaults()),
    INVOICES("invoices", "0-53", "createdate", "hs_lastmodifieddate",
            List.of("createdate", "hs_lastmodifieddate", "hs_object_id")),
    /** Leads (0-136, §B.1); hubspot.md gives no default properties for them, so these are the calculated ones. */
    LEADS("leads", "0-136", "createdate", "hs_lastmodifieddate",
            List.of("createdate", "hs_lastmodifieddate", "hs_object_id"));

    private final String apiName;
    private final String typeId;
    private final String createDateProperty;
    private final String lastModifiedProperty;
    private final List<String> defaultProperties;

    ObjectType(String apiName, String typeId, String createDateProperty, String lastModifiedProperty,
               List<String> defaultProperties) {
        this.apiName = apiName;
        this.typeId = typeId;
        this.createDateProperty = createDateProperty;
        this.lastModifiedProperty = lastModifiedProperty;
        this.defaultProperties = defaultProperties;
    }

    private static List<String> activityDefaults() {
        return List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id");
    }

    /** Path name, e.g. {@code contacts}; also the key used in the store. */
    public String apiName() {
        return apiName;
    }

    /** HubSpot objectTypeId, e.g. {@code 0-1}. */
    public String typeId() {
        return typeId;
    }

    public String createDateProperty() {
        return createDateProperty;
    }

    public String lastModifiedProperty() {
        return lastModifiedProperty;
    }

    /** Properties returned by list/get when the request names none, in HubSpot's order. */
    public List<String> defaultProperties() {
        return defaultProperties;
    }

    /** The singular upper-case name used in some HubSpot messages, e.g. {@code CONTACT}. */
    public String singularUpper() {
        String n = apiName.endsWith("ies") ? apiName.substring(0, apiName.length() - 3) + "y"
                : apiName.substring(0, apiName.length() - 1);
        return n.toUpperCase(Locale.ROOT);
    }

    /** Resolves a path segment given as a name ({@code contacts}, any case) or an objectTypeId ({@code 0-1}). */
    public static Optional<ObjectType> fromPath(String segment) {
        for (ObjectType t : values()) {
            if (t.apiName.equalsIgnoreCase(segment) || t.typeId.equals(segment)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
