package io.crmsync.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns a HubSpot webhook delivery (a JSON array of events, hubspot.md §B.8) into the ids to read again, per
 * object type. Events only name records: whatever they say happened, the record is read again by id, so
 * duplicates, retries and out-of-order deliveries are harmless, and a deleted record is found missing by that read
 * (DESIGN.md §2.5).
 * <ul>
 * <li>{@code contact|company|deal|ticket|product|line_item.*} → that object type's {@code objectId};</li>
 * <li>{@code object.*} → the object type of its {@code objectTypeId} ({@code 0-1} contacts, ... as in hubspot.md
 * §B.1; a custom object keeps its {@code 2-…} id, so configure it by that id to receive its events);</li>
 * <li>{@code *.merge} → {@code primaryObjectId}, {@code newObjectId} and every {@code mergedObjectIds} (the merged
 * ones are then gone); {@link #merges} lists them for code that re-points links;</li>
 * <li>{@code *.associationChange} → {@code fromObjectId};</li>
 * <li>{@code *.deletion}, {@code *.privacyDeletion}, {@code *.restore}, {@code *.creation},
 * {@code *.propertyChange} → {@code objectId}.</li>
 * </ul>
 * Events of other kinds ({@code conversation.*}, {@code event.completed}) or without ids are skipped. Not
 * thread-safe; one instance per delivery.
 */
final class HubSpotEvents {
    /** One merge event: the surviving record and the records merged into it. */
    record Merge(String objectType, String primaryId, Set<String> mergedIds) {
    }

    private static final Map<String, String> PREFIXES = Map.of("contact", "contacts", "company", "companies",
            "deal", "deals", "ticket", "tickets", "product", "products", "line_item", "line_items");
    /** hubspot.md §B.1, object type ids. */
    private static final Map<String, String> TYPE_IDS = Map.ofEntries(Map.entry("0-1", "contacts"),
            Map.entry("0-2", "companies"), Map.entry("0-3", "deals"), Map.entry("0-5", "tickets"),
            Map.entry("0-7", "products"), Map.entry("0-8", "line_items"), Map.entry("0-14", "quotes"),
            Map.entry("0-18", "communications"), Map.entry("0-27", "tasks"), Map.entry("0-46", "notes"),
            Map.entry("0-47", "meetings"), Map.entry("0-48", "calls"), Map.entry("0-49", "emails"),
            Map.entry("0-53", "invoices"), Map.entry("0-136", "leads"));

    private final Map<String, Set<String>> ids = new LinkedHashMap<>();
    private final java.util.List<Merge> merges = new java.util.ArrayList<>();
    private int skipped;

    /**
     * Reads a delivery.
     *
     * @param events the parsed body; anything but an array is rejected
     * @throws IllegalArgumentException when the body is not a JSON array
     */
    static HubSpotEvents of(JsonNode events) {
        if (events == null || !events.isArray()) {
            throw new IllegalArgumentException("a webhook delivery must be a JSON array of events");
        }
        HubSpotEvents out = new HubSpotEvents();
        events.forEach(out::add);
        return out;
    }

    /** Ids to read again, per HubSpot object type name; in first-seen order. */
    Map<String, Set<String>> ids() {
        return ids;
    }

    /** The merge events of the delivery. */
    java.util.List<Merge> merges() {
        return merges;
    }

    /** Events that named no record crmsync syncs. */
    int skipped() {
        return skipped;
    }

    private void add(JsonNode e) {
        String type = e.path("subscriptionType").asText(e.path("eventType").asText(""));
        int dot = type.indexOf('.');
        if (dot < 0) {
            skipped++;
            return;
        }
        String prefix = type.substring(0, dot);
        String kind = type.substring(dot + 1);
        String objectType = prefix.equals("object") ? TYPE_IDS.getOrDefault(e.path("objectTypeId").asText(""),
                e.path("objectTypeId").asText(null)) : PREFIXES.get(prefix);
        if (objectType == null) {
            skipped++;
            return;
        }
        Set<String> out = ids.computeIfAbsent(objectType, k -> new LinkedHashSet<>());
        int before = out.size();
        switch (kind) {
            case "merge" -> {
                Set<String> merged = new LinkedHashSet<>();
                e.path("mergedObjectIds").forEach(id -> merged.add(id.asText()));
                String primary = id(e, "primaryObjectId");
                addId(out, primary);
                addId(out, id(e, "newObjectId"));
                out.addAll(merged);
                if (primary != null) {
                    merges.add(new Merge(objectType, primary, merged));
                }
            }
            case "associationChange" -> addId(out, id(e, "fromObjectId"));
            default -> addId(out, id(e, "objectId"));
        }
        if (out.size() == before && out.isEmpty()) {
            ids.remove(objectType);
            skipped++;
        }
    }

    private static void addId(Set<String> out, String id) {
        if (id != null) {
            out.add(id);
        }
    }

    private static String id(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }
}
