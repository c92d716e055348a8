package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmsync.sandbox.AssociationStore.Row;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST {base}/merge} with {@code {primaryObjectId, objectIdToMerge}} (hubspot.md §B.3, §B.11), for contacts,
 * companies, deals and tickets. The primary record survives with its id (the "Primary ID Preservation" behaviour;
 * the sandbox never gives the survivor a new id):
 * <ul>
 *   <li>properties: the primary's values win; properties empty on the primary are filled from the merged record
 *       (a contact's email too, when the primary has none);</li>
 *   <li>associations of the merged record move to the survivor; a primary-company association becomes unlabeled
 *       when the survivor already has a primary company (one primary per record, §B.7);</li>
 *   <li>the merged record is gone: GET → 404, not in lists, search or {@code archived=true};</li>
 *   <li>{@code hs_merged_object_ids} on the survivor lists the merged ids, {@code ;}-separated, with those merged
 *       into the merged record before; the survivor's last-modified date moves to now;</li>
 *   <li>a {@code {object}.merge} webhook ({@code primaryObjectId}, {@code mergedObjectIds}, {@code newObjectId},
 *       {@code numberOfPropertiesMoved}, §B.8) for contacts, companies and deals.</li>
 * </ul>
 * Answers 200 with the survivor; 400 VALIDATION_ERROR for a bad body, a type without merge, or an id merged with
 * itself; 404 OBJECT_NOT_FOUND when either record is not live. All-or-nothing (one store transaction).
 */
final class MergeRoutes {
    /** The object types with a merge endpoint (§B.3). */
    static final Set<ObjectType> MERGEABLE = Set.of(ObjectType.CONTACTS, ObjectType.COMPANIES, ObjectType.DEALS,
            ObjectType.TICKETS);
    static final String MERGED_IDS = "hs_merged_object_ids";

    private final ObjectService service;
    private final RecordStore store;
    private final AssociationStore associations;
    private final RecordJson json;
    private final Http http;
    private final SandboxClock clock;

    MergeRoutes(ObjectService service, RecordStore store, AssociationStore associations, RecordJson json, Http http,
                SandboxClock clock) {
        this.service = service;
        this.store = store;
        this.associations = associations;
        this.json = json;
        this.http = http;
        this.clock = clock;
    }

    void register(Javalin app, String base) {
        app.post(base + "/merge", this::merge);
    }

    private void merge(Context ctx) {
        ObjectType type = Http.type(ctx);
        JsonNode body = http.body(ctx);
        if (!MERGEABLE.contains(type)) {
            throw ApiException.validation("Merge is not supported for " + type.apiName()
                    + "; it is available for contacts, companies, deals and tickets");
        }
        String primaryId = idField(body, "primaryObjectId");
        String mergedId = idField(body, "objectIdToMerge");
        StoredRecord survivor = store.inTransaction(() -> merge(type, primaryId, mergedId));
        http.json(ctx, 200, json.forWrite(survivor));
    }

    private static String idField(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw ApiException.validation("Invalid input JSON: " + name + " is required");
        }
        return v.asText().strip();
    }

    /** The merge itself; runs inside the store's transaction. */
    StoredRecord merge(ObjectType type, String primaryId, String mergedId) {
        StoredRecord primary = service.find(type, primaryId, null, false);
        StoredRecord merged = service.find(type, mergedId, null, false);
        if (primary.id() == merged.id()) {
            throw ApiException.validation("Cannot merge " + type.singularUpper().toLowerCase(java.util.Locale.ROOT)
                    + " " + primary.id() + " with itself");
        }
        Map<String, String> props = new LinkedHashMap<>(primary.properties());
        int moved = 0;
        for (Map.Entry<String, String> e : merged.properties().entrySet()) {
            // A contact's email too: the merged contact is removed, so its email is free for a primary without one.
            if (!e.getKey().equals(MERGED_IDS) && !e.getValue().isEmpty()
                    && props.getOrDefault(e.getKey(), "").isEmpty()) {
                props.put(e.getKey(), e.getValue());
                moved++;
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        split(primary.properties().get(MERGED_IDS), ids);
        ids.add(Long.toString(merged.id()));
        split(merged.properties().get(MERGED_IDS), ids);
        props.put(MERGED_IDS, String.join(";", ids));
        moveAssociations(type, merged.id(), primary.id());
        store.remove(type, merged.id());
        Instant now = clock.now();
        StoredRecord survivor = new StoredRecord(type, primary.id(), props, primary.createdAt(), now, false, null);
        // update would keep the primary's calculated association values; they merge like every other property.
        store.updateWithCalculated(survivor);
        service.changed(type, survivor.id(), "merge", event(primary.id(), merged.id(), survivor.id(), moved), now);
        return survivor;
    }

    /** The fields of a merge webhook event, as the change listener passes them on (§B.8). */
    static Map<String, String> event(long primaryId, long mergedId, long newId, int moved) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("primaryObjectId", Long.toString(primaryId));
        out.put("mergedObjectIds", Long.toString(mergedId));
        out.put("newObjectId", Long.toString(newId));
        out.put("numberOfPropertiesMoved", Integer.toString(moved));
        return out;
    }

    private static void split(String value, Set<String> into) {
        if (value != null) {
            for (String id : value.split(";")) {
                if (!id.isBlank()) {
                    into.add(id.strip());
                }
            }
        }
    }

    /**
     * Re-points every association of the merged record to the survivor, both directions. A primary association
     * the survivor already has one of (its primary company) arrives as the unlabeled type instead.
     */
    private void moveAssociations(ObjectType type, long mergedId, long survivorId) {
        List<Row> rows = associations.fromLiveRecord(type, mergedId);
        List<Row> kept = new ArrayList<>(associations.fromLiveRecord(type, survivorId));
        for (Row r : rows) {
            if (r.toType() == type && r.toId() == survivorId) {
                continue; // an association between the two records themselves
            }
            AssociationTypes.Type t = AssociationTypes.find(type, r.toType(), r.typeId()).orElse(null);
            int typeId = r.typeId();
            int inverse = t == null ? -1 : t.inverseTypeId();
            if (t != null && t.primary() && kept.stream().anyMatch(k -> k.toType() == r.toType()
                    && k.typeId() == r.typeId())) {
                AssociationTypes.Type plain = AssociationTypes.unlabeled(type, r.toType()).orElseThrow();
                typeId = plain.typeId();
                inverse = plain.inverseTypeId();
            }
            associations.add(type, survivorId, r.toType(), r.toId(), typeId, r.category());
            if (inverse >= 0) {
                associations.add(r.toType(), r.toId(), type, survivorId, inverse, r.category());
            }
            kept.add(new Row(type, survivorId, r.toType(), r.toId(), typeId, r.category()));
        }
    }
}
