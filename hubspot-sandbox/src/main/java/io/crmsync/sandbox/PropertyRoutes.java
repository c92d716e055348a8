package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * Read side of the properties API (hubspot.md §B.6): {@code GET /crm/v3/properties/{objectType}} →
 * {@code {results:[Property]}} (no paging), {@code GET /crm/v3/properties/{objectType}/{name}} → Property or 404.
 * Definitions are fixed ({@link PropertyCatalog}); createdAt/updatedAt are a constant date.
 */
final class PropertyRoutes {
    private static final String DEFINED_AT = "2019-08-06T02:41:52.000Z";
    private final PropertyCatalog catalog;
    private final Http http;

    PropertyRoutes(PropertyCatalog catalog, Http http) {
        this.catalog = catalog;
        this.http = http;
    }

    void register(Javalin app, String base) {
        app.get(base, this::list);
        app.get(base + "/{propertyName}", this::get);
    }

    private void list(Context ctx) {
        ObjectType type = Http.type(ctx);
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode results = body.putArray("results");
        // No property is archived in the sandbox, so ?archived=true lists none.
        if (!Http.boolParam(ctx, "archived")) {
            catalog.list(type).forEach(p -> results.add(render(p)));
        }
        http.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        ObjectType type = Http.type(ctx);
        String name = ctx.pathParam("propertyName");
        PropertyDef def = catalog.find(type, name).orElseThrow(() -> ApiException.notFound(
                "Unable to find property " + name + " for object type " + type.typeId()));
        http.json(ctx, 200, render(def));
    }

    private ObjectNode render(PropertyDef p) {
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
        n.put("externalOptions", false);
        n.put("hasUniqueValue", p.hasUniqueValue());
        n.put("hidden", false);
        n.put("hubspotDefined", true);
        n.put("formField", !p.readOnlyValue());
        n.put("dataSensitivity", "non_sensitive");
        ObjectNode meta = n.putObject("modificationMetadata");
        meta.put("archivable", false);
        meta.put("readOnlyDefinition", true);
        meta.put("readOnlyValue", p.readOnlyValue());
        n.put("createdAt", DEFINED_AT);
        n.put("updatedAt", DEFINED_AT);
        n.put("archived", false);
        return n;
    }
}
