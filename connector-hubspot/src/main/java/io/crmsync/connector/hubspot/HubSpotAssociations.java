package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.Record;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Associations as association properties (DESIGN.md §2.6), for the associated types named by the app's
 * {@code associations} setting ({@link #SUPPORTED}):
 * <ul>
 * <li>{@code @companies} of contacts, deals and tickets: the id of the record's <b>primary</b> company (only the
 * primary company is synced), single-valued ({@link PropertyDef#association});</li>
 * <li>{@code @contacts} of deals, tickets and invoices, and {@code @contacts}, {@code @companies}, {@code @deals}
 * of calls, emails, meetings, notes and tasks: every associated record, as ids joined by {@code ;} in ascending
 * order ({@link PropertyDef#associations}).</li>
 * </ul>
 * Every record the connector returns carries the full current value of each of its association properties, so
 * an absent value means "none", never "unknown". Values come from the v3 list's {@code associations} block for
 * the primary company (a list read that asks for it), else from one associations v4 batch read per page of
 * records and associated type ({@value #READ_LIMIT} inputs at most, hubspot.md §B.7), following a record's own
 * {@code paging} when it has more associated records than one answer holds. Writes: {@link
 * HubSpotAssociationWriter}. Thread-safe (no state besides the shared HTTP client).
 */
final class HubSpotAssociations {
    /** The association property of a contact's, deal's or ticket's primary company. */
    static final String COMPANY = PropertyDef.ASSOCIATION_PREFIX + "companies";
    /** The associated types the {@code associations} setting accepts. */
    static final List<String> SUPPORTED = List.of("companies", "contacts", "deals");
    /** HubSpot-defined primary typeIds to companies (hubspot.md §B.7). */
    static final Map<String, Integer> PRIMARY_TO_COMPANY = Map.of("contacts", 1, "deals", 5, "tickets", 26);
    /** Associations v4 batch read: at most 1,000 inputs (hubspot.md §B.7). */
    static final int READ_LIMIT = 1000;
    private static final List<String> ACTIVITY = List.of("contacts", "companies", "deals");
    /** The associated types each object type carries, in the order of its schema (DESIGN.md §2.6). */
    private static final Map<String, List<String>> ASSOCIATED = Map.of(
            "contacts", List.of("companies"),
            "deals", List.of("companies", "contacts"),
            "tickets", List.of("companies", "contacts"),
            "invoices", List.of("contacts"),
            "calls", ACTIVITY, "emails", ACTIVITY, "meetings", ACTIVITY, "notes", ACTIVITY, "tasks", ACTIVITY);
    /** Numeric ids in numeric order (HubSpot ids have no leading zeros), anything else after them by text. */
    static final Comparator<String> ID_ORDER = Comparator.comparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());

    private final HubSpotHttp http;
    private final Set<String> enabled;

    /** @param enabled the associated types named by the app's {@code associations} setting */
    HubSpotAssociations(HubSpotHttp http, Collection<String> enabled) {
        this.http = http;
        this.enabled = Set.copyOf(enabled);
    }

    /**
     * The association properties records of {@code objectType} carry: only types the app asked for (each costs
     * an associations read per page of records, so only apps that sync them pay for them). Empty for types with
     * no association the connector syncs.
     */
    List<PropertyDef> defs(String objectType) {
        List<PropertyDef> out = new ArrayList<>();
        for (String to : ASSOCIATED.getOrDefault(objectType, List.of())) {
            if (enabled.contains(to)) {
                out.add(primaryOnly(objectType, to) ? PropertyDef.association(to) : PropertyDef.associations(to));
            }
        }
        return out;
    }

    /** The associated types the app's {@code associations} setting names, sorted. */
    List<String> enabled() {
        return enabled.stream().sorted().toList();
    }

    /** True when {@code objectType}'s association to {@code to} is its primary company alone. */
    static boolean primaryOnly(String objectType, String to) {
        return "companies".equals(to) && PRIMARY_TO_COMPANY.containsKey(objectType);
    }

    /** True when a list read of {@code objectType} should ask for the {@code associations=companies} block. */
    boolean listsPrimaryCompany(String objectType) {
        return enabled.contains("companies") && primaryOnly(objectType, "companies");
    }

    /**
     * {@code records} (parsed from {@code results}, in the same order) with every association property set. The
     * primary company comes from each result's v3 {@code associations.companies} block when present (the primary
     * is the type without {@code _unlabeled}); in a list read that asked for it ({@code listedWithAssociations})
     * a missing block means none. Everything else is read by v4 batch read.
     *
     * @throws io.crmsync.api.ConnectorException when HubSpot refuses an associations read
     */
    List<Record> fill(String objectType, JsonNode results, List<Record> records, boolean listedWithAssociations) {
        List<PropertyDef> defs = defs(objectType);
        if (defs.isEmpty() || records.isEmpty()) {
            return records;
        }
        List<String> ids = records.stream().map(Record::id).toList();
        Map<String, Map<String, String>> values = new HashMap<>();
        for (PropertyDef def : defs) {
            String to = def.associatedType();
            Map<String, String> byId = new HashMap<>();
            if (def.manyAssociated()) {
                read(objectType, to, ids).forEach((id, targets) -> byId.put(id, joined(targets.keySet())));
            } else {
                List<String> unknown = new ArrayList<>();
                for (JsonNode n : results) {
                    JsonNode block = n.path("associations").path(to).path("results");
                    if (block.isArray() || listedWithAssociations) {
                        // A list read asked for associations: HubSpot leaves the block out when there are none.
                        for (JsonNode a : block) {
                            if (!a.path("type").asText("").endsWith("_unlabeled")) {
                                byId.put(n.path("id").asText(), a.path("id").asText());
                            }
                        }
                    } else {
                        unknown.add(n.path("id").asText());
                    }
                }
                if (!unknown.isEmpty()) {
                    byId.putAll(primaryCompanies(objectType, unknown));
                }
            }
            byId.forEach((id, v) -> {
                if (v != null) {
                    values.computeIfAbsent(id, k -> new HashMap<>()).put(def.name(), v);
                }
            });
        }
        List<Record> out = new ArrayList<>(records.size());
        for (Record r : records) {
            Map<String, String> props = new LinkedHashMap<>(r.properties());
            defs.forEach(d -> props.remove(d.name()));
            props.putAll(values.getOrDefault(r.id(), Map.of()));
            out.add(new Record(r.id(), props, r.updatedAt(), r.archived()));
        }
        return out;
    }

    /** The record with association property {@code name} set to {@code value} (removed when null or empty). */
    static Record with(Record r, String name, String value) {
        Map<String, String> props = new LinkedHashMap<>(r.properties());
        if (value == null || value.isEmpty()) {
            props.remove(name);
        } else {
            props.put(name, value);
        }
        return new Record(r.id(), props, r.updatedAt(), r.archived());
    }

    /** Ids as an association property value: ascending, joined by {@code ;}; null when there are none. */
    static String joined(Collection<String> ids) {
        if (ids.isEmpty()) {
            return null;
        }
        TreeSet<String> sorted = new TreeSet<>(ID_ORDER);
        sorted.addAll(ids);
        return String.join(";", sorted);
    }

    /** The ids of an association property value: split on {@code ;}, stripped, blanks dropped, each once. */
    static Set<String> split(String value) {
        Set<String> out = new LinkedHashSet<>();
        if (value != null) {
            for (String id : value.split(";")) {
                if (!id.isBlank()) {
                    out.add(id.strip());
                }
            }
        }
        return out;
    }

    /** Each record's primary company id, for the records that have one. */
    Map<String, String> primaryCompanies(String objectType, List<String> ids) {
        int primary = PRIMARY_TO_COMPANY.get(objectType);
        Map<String, String> out = new HashMap<>();
        read(objectType, "companies", ids).forEach((id, targets) -> targets.forEach((company, typeIds) -> {
            if (typeIds.contains(primary)) {
                out.put(id, company);
            }
        }));
        return out;
    }

    /**
     * Every association of each record in {@code ids} to records of {@code to}: record id → associated id → its
     * typeIds. Records without any (and ids HubSpot does not know) are absent. Batch reads of at most
     * {@value #READ_LIMIT} inputs; a result with {@code paging.next.after} is read again from there, together
     * with the other records still paging, until none is left.
     */
    Map<String, Map<String, Set<Integer>>> read(String objectType, String to, List<String> ids) {
        Map<String, Map<String, Set<Integer>>> out = new HashMap<>();
        // Inputs still to read: record id → after cursor (null for the first page).
        Map<String, String> pending = new LinkedHashMap<>();
        ids.forEach(id -> pending.put(id, null));
        while (!pending.isEmpty()) {
            List<Map.Entry<String, String>> round = new ArrayList<>(pending.entrySet());
            Map<String, String> sent = new HashMap<>(pending);
            pending.clear();
            for (int i = 0; i < round.size(); i += READ_LIMIT) {
                ObjectNode body = http.mapper().createObjectNode();
                ArrayNode inputs = body.putArray("inputs");
                for (Map.Entry<String, String> e : round.subList(i, Math.min(round.size(), i + READ_LIMIT))) {
                    ObjectNode in = inputs.addObject().put("id", e.getKey());
                    if (e.getValue() != null) {
                        in.put("after", e.getValue());
                    }
                }
                HubSpotHttp.Response r = http.post("/crm/v4/associations/" + HubSpotConnector.enc(objectType)
                        + "/" + HubSpotConnector.enc(to) + "/batch/read", body);
                if (!r.ok() && r.status() != 207) {
                    throw new ConnectorException(FailureCategory.REJECTED_BY_APP,
                            "HubSpot refused the associations read of " + objectType + " to " + to + " ("
                                    + r.status() + "): " + http.message(r));
                }
                for (JsonNode item : r.body().path("results")) {
                    String from = item.path("from").path("id").asText();
                    Map<String, Set<Integer>> targets = out.computeIfAbsent(from, k -> new HashMap<>());
                    for (JsonNode t : item.path("to")) {
                        Set<Integer> typeIds = targets.computeIfAbsent(t.path("toObjectId").asText(),
                                k -> new LinkedHashSet<>());
                        t.path("associationTypes").forEach(type -> typeIds.add(type.path("typeId").asInt()));
                    }
                    String after = item.path("paging").path("next").path("after").asText(null);
                    // A cursor that does not move would loop forever: take what was read and stop there.
                    if (after != null && !after.isBlank() && !after.equals(sent.get(from))) {
                        pending.put(from, after);
                    }
                }
            }
        }
        out.values().removeIf(Map::isEmpty);
        return out;
    }
}
