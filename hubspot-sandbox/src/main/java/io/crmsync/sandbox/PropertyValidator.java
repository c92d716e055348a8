package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a write's {@code properties} object into string values (hubspot.md §B.2: numbers and booleans are
 * accepted and stored as strings, null and "" clear) and rejects it as HubSpot does: unknown names
 * ({@code PROPERTY_DOESNT_EXIST}), read-only ones ({@code READ_ONLY_VALUE}), enumeration/bool values outside the
 * options ({@code INVALID_OPTION}), values of number properties (HubSpot-defined or custom) that are not decimal
 * numbers ({@code INVALID_INTEGER}), contact emails without {@code @} ({@code INVALID_EMAIL}) and owner properties
 * ({@code hubspot_owner_id}) whose value is not the id of an active owner ({@code INVALID_OWNER_ID}; hubspot.md
 * lists property error codes only in part, §B.10, and this one follows HubSpot's API). Every problem
 * in the object is reported at once in one 400 {@code VALIDATION_ERROR} whose message embeds the JSON list
 * (§B.10). Thread-safe.
 */
public final class PropertyValidator {
    /** The portal id the sandbox reports in validation details; any stable number will do. */
    static final long PORTAL_ID = 12345678L;
    private final PropertyCatalog catalog;
    private final ObjectMapper mapper;
    private final java.util.function.Predicate<String> activeOwner;

    /** A validator that accepts no owner id (the sandbox has no owners). */
    public PropertyValidator(PropertyCatalog catalog, ObjectMapper mapper) {
        this(catalog, mapper, id -> false);
    }

    /**
     * @param activeOwner true for a value that is the id of an active (not archived) owner; called on the writing
     *                    thread, inside its store transaction
     */
    public PropertyValidator(PropertyCatalog catalog, ObjectMapper mapper,
                             java.util.function.Predicate<String> activeOwner) {
        this.catalog = catalog;
        this.mapper = mapper;
        this.activeOwner = activeOwner;
    }

    /**
     * Validated values, in request order; an empty string means "clear".
     *
     * @throws ApiException 400 VALIDATION_ERROR listing every invalid property
     */
    public Map<String, String> validate(ObjectType type, JsonNode properties) {
        Map<String, String> values = new LinkedHashMap<>();
        List<ObjectNode> problems = new ArrayList<>();
        if (properties != null && !properties.isObject() && !properties.isNull()) {
            throw ApiException.validation("Invalid input JSON: properties must be an object");
        }
        Iterator<Map.Entry<String, JsonNode>> it = properties == null ? List.<Map.Entry<String, JsonNode>>of()
                .iterator() : properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String value = e.getValue() == null || e.getValue().isNull() ? "" : e.getValue().asText();
            Optional<PropertyDef> def = catalog.find(type, name);
            if (def.isEmpty()) {
                problems.add(problem(name, "PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist"));
            } else if (def.get().readOnlyValue()) {
                problems.add(problem(name, "READ_ONLY_VALUE",
                        "\"" + name + "\" is a read only property; its value cannot be set."));
            } else if (!value.isEmpty() && def.get().isOwner() && !activeOwner.test(value.strip())) {
                problems.add(problem(name, "INVALID_OWNER_ID", value + " is not the id of an active owner; "
                        + "GET /crm/v3/owners lists them"));
            } else if (!value.isEmpty() && invalidOption(def.get(), value)) {
                problems.add(problem(name, "INVALID_OPTION", value + " was not one of the allowed options: "
                        + def.get().options().stream().map(PropertyDef.Option::value)
                        .collect(Collectors.joining(", ", "[", "]"))));
            } else if (!value.isEmpty() && "number".equals(def.get().type()) && !isNumber(value)) {
                problems.add(problem(name, "INVALID_INTEGER", value + " was not a valid number."));
            } else if (!value.isEmpty() && type == ObjectType.CONTACTS && name.equals("email")
                    && !value.strip().matches("[^@\\s]+@[^@\\s]+")) {
                problems.add(problem(name, "INVALID_EMAIL", "Email address " + value + " is invalid"));
            } else {
                values.put(name, value);
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return values;
    }

    /** A decimal number as HubSpot number properties take it: optional sign, digits, fraction, exponent. */
    private static boolean isNumber(String value) {
        return value.strip().matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    }

    private static boolean invalidOption(PropertyDef def, String value) {
        if (def.options().isEmpty() || !(def.isEnumeration() || "bool".equals(def.type()))) {
            return false;
        }
        List<String> allowed = def.options().stream().map(PropertyDef.Option::value).toList();
        // Multiple checkboxes take several values separated by ';' (§B.2); enumerations are case-sensitive.
        String[] parts = "checkbox".equals(def.fieldType()) ? value.split(";") : new String[] {value};
        for (String p : parts) {
            if (!allowed.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode problem(String name, String code, String message) {
        ObjectNode p = mapper.createObjectNode();
        p.put("isValid", false);
        p.put("message", message);
        p.put("error", code);
        p.put("name", name);
        p.put("localizedErrorMessage", message);
        p.put("portalId", PORTAL_ID);
        return p;
    }

    private ApiException invalid(List<ObjectNode> problems) {
        ArrayNode list = mapper.createArrayNode();
        problems.forEach(list::add);
        ApiException ex = ApiException.validation("Property values were not valid: " + list);
        for (ObjectNode p : problems) {
            ex.detail(p.get("message").asText(), p.get("error").asText(), p.get("name").asText());
        }
        return ex;
    }
}
