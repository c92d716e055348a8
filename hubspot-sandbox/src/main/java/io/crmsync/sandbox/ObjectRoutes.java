package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Single-record routes of hubspot.md §B.3 under {@code base} ({@code /crm/v3/objects/{objectType}} or the
 * date-versioned {@code /crm/objects/{version}/{objectType}}): list (200, {@code limit} 1..100 default 10,
 * cursor {@code after} = id of the next record, {@code archived=true} lists only archived records), get (200 or
 * 404, {@code idProperty}), create (201, with inline {@code associations}), update (PATCH 200, {@code idProperty}),
 * archive (DELETE 204). List and get take {@code associations=companies,...} (§B.2/§B.3). Contacts also have
 * HubSpot's permanent delete {@code POST .../contacts/gdpr-delete} {@code {objectId, idProperty?}} → 204 (§B.3,
 * §B.4); other types → 400.
 */
final class ObjectRoutes {
    static final int MAX_LIST_LIMIT = 100;
    private final ObjectService service;
    private final RecordStore store;
    private final RecordJson json;
    private final Http http;
    private final AssociationService associations;

    ObjectRoutes(ObjectService service, RecordStore store, RecordJson json, Http http,
                 AssociationService associations) {
        this.associations = associations;
        this.service = service;
        this.store = store;
        this.json = json;
        this.http = http;
    }

    void register(Javalin app, String base) {
        app.get(base, this::list);
        app.post(base, this::create);
        app.get(base + "/{objectId}", this::get);
        app.patch(base + "/{objectId}", this::update);
        app.delete(base + "/{objectId}", this::archive);
        app.post(base + "/gdpr-delete", this::gdprDelete);
    }

    private void list(Context ctx) {
        ObjectType type = Http.type(ctx);
        int limit = Http.limitParam(ctx, 10, MAX_LIST_LIMIT);
        long from = Http.afterParam(ctx, "a record id");
        List<StoredRecord> page = store.page(type, from, Http.boolParam(ctx, "archived"), limit + 1);
        List<String> properties = Http.csvParam(ctx, "properties");
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode results = body.putArray("results");
        List<String> assoc = Http.csvParam(ctx, "associations");
        List<StoredRecord> shown = page.subList(0, Math.min(limit, page.size()));
        // One associations query per requested type for the whole page, not one per record.
        Map<Long, ObjectNode> blocks = assoc.isEmpty() ? Map.of() : associations.v3Blocks(shown, assoc);
        for (StoredRecord r : shown) {
            ObjectNode node = json.forRead(r, properties);
            ObjectNode block = blocks.get(r.id());
            if (block != null) {
                node.set("associations", block);
            }
            results.add(node);
        }
        if (page.size() > limit) {
            Http.putNextPage(ctx, body, page.get(limit).id());
        }
        http.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        ObjectType type = Http.type(ctx);
        StoredRecord r = service.find(type, ctx.pathParam("objectId"), ctx.queryParam("idProperty"),
                Http.boolParam(ctx, "archived"));
        http.json(ctx, 200, withAssociations(json.forRead(r, Http.csvParam(ctx, "properties")), r,
                Http.csvParam(ctx, "associations")));
    }

    /** Adds the v3 {@code associations} block (§B.2) when {@code ?associations=} names associated types. */
    private ObjectNode withAssociations(ObjectNode node, StoredRecord r, List<String> requested) {
        if (!requested.isEmpty()) {
            ObjectNode block = associations.v3Block(r, requested);
            if (block != null) {
                node.set("associations", block);
            }
        }
        return node;
    }

    private void create(Context ctx) {
        ObjectType type = Http.type(ctx);
        JsonNode body = http.body(ctx);
        StoredRecord r = store.inTransaction(() -> {
            StoredRecord created = service.create(type, body.get("properties"));
            associations.associateInline(created, body.get("associations"));
            return created;
        });
        http.json(ctx, 201, json.forWrite(r));
    }

    private void update(Context ctx) {
        ObjectType type = Http.type(ctx);
        JsonNode body = http.body(ctx);
        StoredRecord r = store.inTransaction(() -> service.update(type, ctx.pathParam("objectId"),
                ctx.queryParam("idProperty"), body.get("properties")));
        http.json(ctx, 200, json.forWrite(r));
    }

    private void archive(Context ctx) {
        ObjectType type = Http.type(ctx);
        store.inTransaction(() -> {
            service.archive(type, ctx.pathParam("objectId"));
            return null;
        });
        ctx.status(204);
    }

    private void gdprDelete(Context ctx) {
        ObjectType type = Http.type(ctx);
        if (type != ObjectType.CONTACTS) {
            throw ApiException.validation("GDPR delete is only available for contacts");
        }
        JsonNode body = http.body(ctx);
        if (!body.hasNonNull("objectId")) {
            throw ApiException.validation("objectId is required");
        }
        String idProperty = body.hasNonNull("idProperty") ? body.get("idProperty").asText() : null;
        store.inTransaction(() -> {
            service.gdprDelete(type, body.get("objectId").asText(), idProperty);
            return null;
        });
        ctx.status(204);
    }
}
