package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link StoredRecord} as HubSpot's {@code SimplePublicObject} (hubspot.md §B.2):
 * {@code {id, properties:{name:string|null}, createdAt, updatedAt, archived, archivedAt?}} with timestamps as
 * ISO-8601 UTC with milliseconds. Calculated properties (hs_object_id, create/modify dates) are derived here.
 */
public final class RecordJson {
    private static final DateTimeFormatter ISO_MS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private final ObjectMapper mapper;
    private final PropertyCatalog catalog;

    public RecordJson(ObjectMapper mapper, PropertyCatalog catalog) {
        this.mapper = mapper;
        this.catalog = catalog;
    }

    public static String iso(Instant t) {
        return ISO_MS.format(t);
    }

    /**
     * For reads: the type's default properties when {@code requested} is empty, else the requested ones that
     * exist on the type (unknown names are ignored, as HubSpot does). A named but unset property is null.
     */
    public ObjectNode forRead(StoredRecord r, Collection<String> requested) {
        Set<String> names = new LinkedHashSet<>();
        if (requested.isEmpty()) {
            names.addAll(r.type().defaultProperties());
        } else {
            requested.stream().filter(n -> catalog.find(r.type(), n).isPresent()).forEach(names::add);
        }
        return render(r, names);
    }

    /** For writes: the default properties plus every stored value, as create/update responses show them. */
    public ObjectNode forWrite(StoredRecord r) {
        Set<String> names = new LinkedHashSet<>(r.type().defaultProperties());
        names.addAll(r.properties().keySet());
        return render(r, names);
    }

    private ObjectNode render(StoredRecord r, Set<String> names) {
        Map<String, String> calculated = Map.of(
                "hs_object_id", Long.toString(r.id()),
                r.type().createDateProperty(), iso(r.createdAt()),
                r.type().lastModifiedProperty(), iso(r.updatedAt()));
        ObjectNode node = mapper.createObjectNode();
        node.put("id", Long.toString(r.id()));
        ObjectNode props = node.putObject("properties");
        for (String n : names) {
            String v = calculated.containsKey(n) ? calculated.get(n) : r.properties().get(n);
            props.put(n, v);
        }
        node.put("createdAt", iso(r.createdAt()));
        node.put("updatedAt", iso(r.updatedAt()));
        node.put("archived", r.archived());
        if (r.archivedAt() != null) {
            node.put("archivedAt", iso(r.archivedAt()));
        }
        return node;
    }
}
