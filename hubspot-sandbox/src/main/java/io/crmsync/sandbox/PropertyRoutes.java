package io.crmsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The properties API (hubspot.md §B.6): {@code GET /crm/v3/properties/{objectType}} → {@code {results:[Property]}}
 * (no paging), {@code GET /crm/v3/properties/{objectType}/{name}} → Property or 404, and
 * {@code POST /crm/v3/properties/{objectType}} → 201 Property, which creates a custom property from
 * {@code name, label, type, fieldType, groupName} (required), {@code options} (required for enumerations),
 * {@code hasUniqueValue, description, displayOrder} (optional); type/fieldType must be a valid pair (§B.6); 409
 * CONFLICT when the name is taken, 400 VALIDATION_ERROR for a bad definition. Custom properties are persisted in
 * the {@link RecordStore} and listed after the HubSpot-defined ones. HubSpot-defined properties report a constant
 * createdAt/updatedAt.
 */
final class PropertyRoutes {
    private static final String DEFINED_AT = "2019-08-06T02:41:52.000Z";
    private static final Set<String> TYPES = Set.of("string", "number", "date", "datetime", "enumeration", "bool",
            "phone_number");
    /** Valid type → fieldType pairs (§B.6). */
    private static final Map<String, Set<String>> FIELD_TYPES = Map.of(
            "string", Set.of("text", "textarea", "html", "phonenumber", "file", "calculation_equation"),
            "number", Set.of("number", "calculation_equation"),
            "date", Set.of("date"),
            "datetime", Set.of("date"),
            "enumeration", Set.of("select", "radio", "checkbox", "booleancheckbox", "calculation_equation"),
            "bool", Set.of("booleancheckbox", "calculation_equation"),
            "phone_number", Set.of("phonenumber"));
    /** HubSpot's limit on unique-value properties per object (§B.6). */
    static final int MAX_UNIQUE_PROPERTIES = 10;
    private final PropertyCatalog catalog;
    private final RecordStore store;
    private final SandboxClock clock;
    private final Http http;

    PropertyRoutes(PropertyCatalog catalog, RecordStore store, SandboxClock clock, Http http) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        this.http = http;
    }

    void register(Javalin app, String base) {
        app.get(base, this::list);
        app.post(base, this::create);
        app.get(base + "/{propertyName}", this::get);
    }

    /** Re-adds the custom properties persisted in {@code store} to {@code catalog} (server start). */
    static void restore(RecordStore store, PropertyCatalog catalog, ObjectMapper mapper) {
        for (CustomPropertyStore.StoredProperty p : new CustomPropertyStore(store).all()) {
            try {
                catalog.restoreCustom(p.type(), fromJson(mapper.readTree(p.definition())), p.createdAt());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("corrupt custom property of " + p.type() + ": " + p.definition(), e);
            }
        }
    }

    private void create(Context ctx) {
        ObjectType type = Http.type(ctx);
        JsonNode body = http.body(ctx);
        PropertyDef def = parse(type, body);
        Instant now = clock.now();
        String json;
        try {
            json = http.mapper().writeValueAsString(toJson(def));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        catalog.addCustom(type, def, now, () -> new CustomPropertyStore(store).insert(type, def.name(), json, now));
        http.json(ctx, 201, render(type, def));
    }

    private PropertyDef parse(ObjectType type, JsonNode body) {
        List<String> missing = new ArrayList<>();
        for (String f : List.of("name", "label", "type", "fieldType", "groupName")) {
            if (!body.path(f).isTextual() || body.path(f).asText().isBlank()) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw ApiException.validation("Invalid input JSON: missing or empty required field(s) " + missing);
        }
        String name = body.get("name").asText();
        String propType = body.get("type").asText();
        String fieldType = body.get("fieldType").asText();
        if (!name.matches("[a-z][a-z0-9_]{0,99}")) {
            throw ApiException.validation("Property name '" + name + "' is invalid: use lower-case letters, digits "
                    + "and underscores, starting with a letter").context("name", List.of(name));
        }
        if (!TYPES.contains(propType)) {
            throw ApiException.validation("Invalid property type '" + propType + "'; expected one of "
                    + new TreeSet<>(TYPES));
        }
        if (!FIELD_TYPES.get(propType).contains(fieldType)) {
            throw ApiException.validation("Property type '" + propType + "' is not compatible with field type '"
                    + fieldType + "'; allowed: " + new TreeSet<>(FIELD_TYPES.get(propType)));
        }
        List<PropertyDef.Option> options = new ArrayList<>();
        JsonNode opts = body.path("options");
        if (!opts.isMissingNode() && !opts.isNull() && !opts.isArray()) {
            throw ApiException.validation("Invalid input JSON: options must be an array");
        }
        int i = 0;
        for (JsonNode o : opts) {
            if (!o.path("label").isTextual() || !o.path("value").isTextual()) {
                throw ApiException.validation("Each option needs a string label and value, got " + o);
            }
            options.add(new PropertyDef.Option(o.get("label").asText(), o.get("value").asText(),
                    o.path("displayOrder").canConvertToInt() ? o.get("displayOrder").asInt() : i));
            i++;
        }
        if (("enumeration".equals(propType) || "bool".equals(propType)) && options.isEmpty()
                && !"calculation_equation".equals(fieldType)) {
            throw ApiException.validation("Options are required for a property of type " + propType);
        }
        boolean unique = body.path("hasUniqueValue").asBoolean(false);
        if (unique && catalog.list(type).stream().filter(PropertyDef::hasUniqueValue).count()
                >= MAX_UNIQUE_PROPERTIES) {
            throw ApiException.validation("An object can have at most " + MAX_UNIQUE_PROPERTIES
                    + " unique value properties");
        }
        int displayOrder = body.path("displayOrder").canConvertToInt() ? body.get("displayOrder").asInt()
                : catalog.nextDisplayOrder(type);
        return new PropertyDef(name, body.get("label").asText(), propType, fieldType,
                body.get("groupName").asText(), List.copyOf(options), false, unique,
                "calculation_equation".equals(fieldType), displayOrder);
    }

    private ObjectNode toJson(PropertyDef p) {
        ObjectNode n = http.mapper().createObjectNode();
        n.put("name", p.name());
        n.put("label", p.label());
        n.put("type", p.type());
        n.put("fieldType", p.fieldType());
        n.put("groupName", p.groupName());
        ArrayNode options = n.putArray("options");
        for (PropertyDef.Option o : p.options()) {
            options.addObject().put("label", o.label()).put("value", o.value()).put("displayOrder", o.displayOrder());
        }
        n.put("readOnlyValue", p.readOnlyValue());
        n.put("hasUniqueValue", p.hasUniqueValue());
        n.put("calculated", p.calculated());
        n.put("displayOrder", p.displayOrder());
        return n;
    }

    private static PropertyDef fromJson(JsonNode n) {
        List<PropertyDef.Option> options = new ArrayList<>();
        n.path("options").forEach(o -> options.add(new PropertyDef.Option(o.get("label").asText(),
                o.get("value").asText(), o.get("displayOrder").asInt())));
        return new PropertyDef(n.get("name").asText(), n.get("label").asText(), n.get("type").asText(),
                n.get("fieldType").asText(), n.get("groupName").asText(), List.copyOf(options),
                n.get("readOnlyValue").asBoolean(), n.get("hasUniqueValue").asBoolean(),
                n.get("calculated").asBoolean(), n.get("displayOrder").asInt());
    }

    private void list(Context ctx) {
        ObjectType type = Http.type(ctx);
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode results = body.putArray("results");
        // No property is archived in the sandbox, so ?archived=true lists none.
        if (!Http.boolParam(ctx, "archived")) {
            catalog.list(type).forEach(p -> results.add(render(type, p)));
        }
        http.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        ObjectType type = Http.type(ctx);
        String name = ctx.pathParam("propertyName");
        PropertyDef def = catalog.find(type, name).orElseThrow(() -> ApiException.notFound(
                "Unable to find property " + name + " for object type " + type.typeId()));
        http.json(ctx, 200, render(type, def));
    }

    private ObjectNode render(ObjectType type, PropertyDef p) {
        Optional<Instant> created = catalog.customCreatedAt(type, p.name());
        String at = created.map(RecordJson::iso).orElse(DEFINED_AT);
        ObjectNode n = http.mapper().createObjectNode();
        n.put("name", p.name());
        n.put("label", p.label());
        n.put("type", p.type());
        n.put("fieldType", p.fieldType());
        n.put("description", "");
        n.put("groupName", p.groupName());
        ArrayNode options = n.putArray("options");
        for (PropertyDef.Option o : p.options()) {
            ObjectNode on = options.addObject();
            on.put("label", o.label());
            on.put("value", o.value());
            on.put("displayOrder", o.displayOrder());
            on.put("hidden", false);
        }
        n.put("displayOrder", p.displayOrder());
        n.put("calculated", p.calculated());
        // Owner properties take their options from the owners API, as HubSpot's do (§B.6 referencedObjectType).
        n.put("externalOptions", p.isOwner());
        if (p.referencedObjectType() != null) {
            n.put("referencedObjectType", p.referencedObjectType());
        }
        n.put("hasUniqueValue", p.hasUniqueValue());
        n.put("hidden", false);
        n.put("hubspotDefined", created.isEmpty());
        n.put("formField", !p.readOnlyValue());
        n.put("dataSensitivity", "non_sensitive");
        ObjectNode meta = n.putObject("modificationMetadata");
        meta.put("archivable", created.isPresent());
        meta.put("readOnlyDefinition", created.isEmpty());
        meta.put("readOnlyValue", p.readOnlyValue());
        n.put("createdAt", at);
        n.put("updatedAt", at);
        n.put("archived", false);
        return n;
    }
}
