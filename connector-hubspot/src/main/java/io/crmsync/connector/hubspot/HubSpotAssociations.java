package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.Record;
import io.crmsync.api.WriteResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The primary company of contacts, deals and tickets, as the association property {@value #COMPANY} (DESIGN.md
 * §2.6: only the primary company is synced). Read from the {@code associations} block of list reads, or by one
 * associations v4 batch read per {@value #READ_LIMIT} records for the other reads (search results carry none), so
 * that every record the connector returns holds its known value: an absent one would read as a cleared company.
 * Written after the record by a v4 batch create with HubSpot's primary typeId (hubspot.md §B.7), which makes
 * that company primary for this record only. Thread-safe (no state besides the shared HTTP client).
 */
final class HubSpotAssociations {
    /** The association property: the id of the record's primary company. */
    static final String COMPANY = PropertyDef.ASSOCIATION_PREFIX + "companies";
    /** HubSpot-defined primary typeIds to companies (hubspot.md §B.7). */
    private static final Map<String, Integer> PRIMARY_TO_COMPANY = Map.of("contacts", 1, "deals", 5, "tickets", 26);
    /** Associations v4 batch read: at most 1,000 inputs (hubspot.md §B.7); batch create: 100. */
    static final int READ_LIMIT = 1000;
    private static final int WRITE_LIMIT = 100;

    private final HubSpotHttp http;
    private final boolean enabled;

    /** @param enabled the app's {@code associations} setting names companies; otherwise nothing is read or kept */
    HubSpotAssociations(HubSpotHttp http, boolean enabled) {
        this.http = http;
        this.enabled = enabled;
    }

    /**
     * True if records of {@code objectType} carry {@link #COMPANY}: the type has a primary company and the app
     * asked for it (it costs an associations read per change read, so only apps that sync it pay for it).
     */
    boolean has(String objectType) {
        return enabled && PRIMARY_TO_COMPANY.containsKey(objectType);
    }

    static PropertyDef def() {
        return PropertyDef.association("companies");
    }

    /**
     * {@code records} (parsed from {@code results}) with {@link #COMPANY} set: from each result's v3
     * {@code associations.companies} block when present (the primary is the type without {@code _unlabeled}); in
     * a list read that asked for associations a missing block means none; otherwise by batch read.
     */
    List<Record> fill(String objectType, JsonNode results, List<Record> records, boolean listedWithAssociations) {
        if (!has(objectType) || records.isEmpty()) {
            return records;
        }
        Map<String, String> company = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode n : results) {
            JsonNode block = n.path("associations").path("companies").path("results");
            if (block.isArray() || listedWithAssociations) {
                // A list read asked for associations: HubSpot leaves the block out when there are none.
                for (JsonNode a : block) {
                    if (!a.path("type").asText("").endsWith("_unlabeled")) {
                        company.put(n.path("id").asText(), a.path("id").asText());
                    }
                }
            } else {
                unknown.add(n.path("id").asText());
            }
        }
        for (int i = 0; i < unknown.size(); i += READ_LIMIT) {
            company.putAll(read(objectType, unknown.subList(i, Math.min(unknown.size(), i + READ_LIMIT))));
        }
        List<Record> out = new ArrayList<>(records.size());
        for (Record r : records) {
            out.add(with(r, company.get(r.id())));
        }
        return out;
    }

    /** The record with {@link #COMPANY} set to {@code companyId} (removed when null). */
    static Record with(Record r, String companyId) {
        Map<String, String> props = new LinkedHashMap<>(r.properties());
        if (companyId == null) {
            props.remove(COMPANY);
        } else {
            props.put(COMPANY, companyId);
        }
        return new Record(r.id(), props, r.updatedAt(), r.archived());
    }

    private Map<String, String> read(String objectType, List<String> ids) {
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        ids.forEach(id -> inputs.addObject().put("id", id));
        HubSpotHttp.Response r = http.post("/crm/v4/associations/" + HubSpotConnector.enc(objectType)
                + "/companies/batch/read", body);
        int primary = PRIMARY_TO_COMPANY.get(objectType);
        Map<String, String> out = new HashMap<>();
        for (JsonNode item : r.body().path("results")) {
            for (JsonNode to : item.path("to")) {
                for (JsonNode t : to.path("associationTypes")) {
                    if (t.path("typeId").asInt() == primary) {
                        out.put(item.path("from").path("id").asText(), to.path("toObjectId").asText());
                    }
                }
            }
        }
        return out;
    }

    /**
     * Makes {@code companyByRef}'s companies primary for the written records, and sets {@link #COMPANY} in their
     * stored records. A record HubSpot refuses the association for fails {@code ASSOCIATION} (its properties
     * stay written).
     *
     * @param companyByRef operation ref → company id to make primary
     */
    void writePrimary(String objectType, Map<String, String> companyByRef, Map<String, WriteResult> out) {
        List<Map.Entry<String, String>> todo = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        companyByRef.forEach((ref, company) -> {
            WriteResult w = out.get(ref);
            if (w == null || !w.succeeded()) {
                return;
            }
            if (company != null && !company.isBlank()) {
                todo.add(Map.entry(ref, company.strip()));
            } else {
                cleared.add(ref);
            }
        });
        clear(objectType, cleared, out);
        for (int i = 0; i < todo.size(); i += WRITE_LIMIT) {
            List<Map.Entry<String, String>> chunk = todo.subList(i, Math.min(todo.size(), i + WRITE_LIMIT));
            ObjectNode body = http.mapper().createObjectNode();
            ArrayNode inputs = body.putArray("inputs");
            for (Map.Entry<String, String> e : chunk) {
                ObjectNode in = inputs.addObject();
                in.putObject("from").put("id", out.get(e.getKey()).id());
                in.putObject("to").put("id", e.getValue());
                in.putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED")
                        .put("associationTypeId", PRIMARY_TO_COMPANY.get(objectType));
            }
            HubSpotHttp.Response r = http.post("/crm/v4/associations/" + HubSpotConnector.enc(objectType)
                    + "/companies/batch/create", body);
            for (Map.Entry<String, String> e : chunk) {
                WriteResult w = out.get(e.getKey());
                String why = r.ok() ? refused(r, w.id(), e.getValue()) : http.message(r);
                if (why == null) {
                    Record stored = w.stored() == null ? null : with(w.stored(), e.getValue());
                    out.put(e.getKey(), WriteResult.ok(e.getKey(), w.id(), stored));
                } else {
                    out.put(e.getKey(), WriteResult.failed(e.getKey(), w.id(), Failure.ofProperty(
                            FailureCategory.ASSOCIATION, COMPANY, "HubSpot refused company " + e.getValue()
                                    + " as the primary company of " + objectType + " " + w.id() + ": " + why)));
                }
            }
        }
    }

    /**
     * Removes the primary company of the records written by {@code refs} (a cleared {@link #COMPANY}): the
     * association to it goes, as a user removing the company from the record would; other companies stay.
     */
    private void clear(String objectType, List<String> refs, Map<String, WriteResult> out) {
        for (int i = 0; i < refs.size(); i += WRITE_LIMIT) {
            List<String> chunk = refs.subList(i, Math.min(refs.size(), i + WRITE_LIMIT));
            Map<String, String> primary = read(objectType, chunk.stream().map(ref -> out.get(ref).id()).toList());
            ObjectNode body = http.mapper().createObjectNode();
            ArrayNode inputs = body.putArray("inputs");
            for (String ref : chunk) {
                String company = primary.get(out.get(ref).id());
                if (company != null) {
                    ObjectNode in = inputs.addObject();
                    in.putObject("from").put("id", out.get(ref).id());
                    in.putArray("to").addObject().put("id", company);
                }
            }
            HubSpotHttp.Response r = inputs.isEmpty() ? null : http.post("/crm/v4/associations/"
                    + HubSpotConnector.enc(objectType) + "/companies/batch/archive", body);
            for (String ref : chunk) {
                WriteResult w = out.get(ref);
                if (r == null || r.ok()) {
                    out.put(ref, WriteResult.ok(ref, w.id(), w.stored() == null ? null : with(w.stored(), null)));
                } else {
                    out.put(ref, WriteResult.failed(ref, w.id(), Failure.ofProperty(FailureCategory.ASSOCIATION,
                            COMPANY, "HubSpot refused to remove the primary company of " + objectType + " " + w.id()
                                    + ": " + http.message(r))));
                }
            }
        }
    }

    /**
     * The error message of a multi-status answer naming either record of an input ({@code context.id} lists the
     * ids an error is about), or null when the input was not refused.
     */
    private static String refused(HubSpotHttp.Response r, String fromId, String toId) {
        for (JsonNode e : r.body().path("errors")) {
            for (JsonNode id : e.path("context").path("id")) {
                if (id.asText().equals(fromId) || id.asText().equals(toId)) {
                    return e.path("message").asText("refused");
                }
            }
        }
        return null;
    }
}
