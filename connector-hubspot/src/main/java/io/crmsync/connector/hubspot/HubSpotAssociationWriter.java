package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Writes association properties ({@link HubSpotAssociations}) after the records they belong to, through the
 * associations v4 batch endpoints (hubspot.md §B.7), at most {@value #WRITE_LIMIT} inputs per call:
 * <ul>
 * <li>a primary company ({@code @companies} of contacts, deals, tickets) by batch create with HubSpot's primary
 * typeId (1, 5, 26), which makes it primary for this record only and never changes another record's primary;
 * a cleared value removes the association to the current primary company, other companies stay;</li>
 * <li>a set of ids ({@code @contacts}, an activity's {@code @companies} …) by a diff against the current set,
 * read by batch read first: missing ids are added by {@code batch/associate/default} (the unlabeled default
 * type), then only the ids no longer wanted are removed by {@code batch/archive}. Associations that stay are not
 * touched, so their labels (and primary flags) survive. A set is written whole or not at all, as the engine
 * translates it ({@code References}) and as a database writes a join table: when HubSpot refuses one of a
 * record's additions, the additions it made for that record are taken back and nothing is removed, so a later
 * conflict cannot take a half-written set for a change made in HubSpot.</li>
 * </ul>
 * A record made by this write's {@code batch/create} has no associations yet, so nothing is read for it: its
 * set is all additions and a cleared company has nothing to remove. (A contact upserted by email may be an
 * existing one, so it is read like an update.)
 * Outcomes are per record: an association HubSpot refuses fails that record with {@code ASSOCIATION} naming the
 * property (its properties stay written, its other association properties are still written); a transient failure of an
 * associations call (rate limit, 5xx) fails the records of that call with its transient category, so they are
 * retried; authentication and permission failures are thrown, as for record writes. The calls of each step are
 * made {@value BatchCalls#IN_FLIGHT} at a time ({@link BatchCalls}), so {@code out} must be a concurrent map.
 * Thread-safe (no state besides the shared HTTP client).
 */
final class HubSpotAssociationWriter {
    /** Inputs per associations batch write: the object batch limit, which HubSpot accepts everywhere (§B.3). */
    static final int WRITE_LIMIT = 100;
    private final HubSpotHttp http;
    private final HubSpotAssociations associations;

    HubSpotAssociationWriter(HubSpotHttp http, HubSpotAssociations associations) {
        this.http = http;
        this.associations = associations;
    }

    /**
     * Writes the association properties of the operations whose record write succeeded, and sets them in the
     * results' stored records; replaces a result by a failure when an association is refused.
     *
     * @param wanted  operation ref → association property name → wanted value (null or empty: none)
     * @param created refs of the operations whose record this write created (not upserted): they have no
     *                associations to read
     * @param out     ref → result of the record write, updated in place
     */
    void write(String objectType, Map<String, Map<String, String>> wanted, Set<String> created,
               Map<String, WriteResult> out) {
        Map<String, String> idByRef = new LinkedHashMap<>();
        wanted.keySet().forEach(ref -> {
            WriteResult w = out.get(ref);
            if (w != null && w.succeeded() && w.id() != null) {
                idByRef.put(ref, w.id());
            }
        });
        List<PropertyDef> defs = associations.defs(objectType);
        Set<String> known = new HashSet<>();
        defs.forEach(d -> known.add(d.name()));
        idByRef.forEach((ref, id) -> wanted.get(ref).keySet().stream().filter(name -> !known.contains(name))
                .findFirst().ifPresent(name -> fail(out, ref, Failure.ofProperty(FailureCategory.UNKNOWN_PROPERTY,
                        name, objectType + " have no association property " + name + " in this app (its"
                                + " associations setting lists " + associations.enabled() + ")"))));
        for (PropertyDef def : defs) {
            Map<String, String> values = new LinkedHashMap<>();
            idByRef.keySet().forEach(ref -> {
                if (wanted.get(ref).containsKey(def.name())) {
                    values.put(ref, wanted.get(ref).get(def.name()));
                }
            });
            if (values.isEmpty()) {
                continue;
            }
            if (def.manyAssociated()) {
                writeSet(objectType, def, values, idByRef, created, out);
            } else {
                writePrimary(objectType, values, idByRef, created, out);
            }
        }
    }

    private void writePrimary(String objectType, Map<String, String> companyByRef, Map<String, String> idByRef,
                              Set<String> created, Map<String, WriteResult> out) {
        String property = HubSpotAssociations.COMPANY;
        List<Map.Entry<String, String>> todo = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        companyByRef.forEach((ref, company) -> {
            if (company != null && !company.isBlank()) {
                todo.add(Map.entry(ref, company.strip()));
            } else {
                cleared.add(ref);
            }
        });
        List<String> toRemove = cleared.stream().filter(ref -> !created.contains(ref)).toList();
        if (!toRemove.isEmpty()) {
            Map<String, String> primary = current(objectType, "companies", property, toRemove, idByRef, out);
            if (primary != null) {
                Map<String, List<String>> removes = new LinkedHashMap<>();
                toRemove.forEach(ref -> removes.put(ref, primary.containsKey(idByRef.get(ref))
                        ? List.of(primary.get(idByRef.get(ref))) : List.of()));
                archive(objectType, "companies", property, removes, idByRef, out);
            }
        }
        cleared.forEach(ref -> done(out, ref, property, null));
        String path = "/crm/v4/associations/" + HubSpotConnector.enc(objectType) + "/companies/batch/create";
        List<List<Map.Entry<String, String>>> chunks = new ArrayList<>();
        for (int i = 0; i < todo.size(); i += WRITE_LIMIT) {
            chunks.add(todo.subList(i, Math.min(todo.size(), i + WRITE_LIMIT)));
        }
        BatchCalls.each(chunks, chunk -> {
            ObjectNode body = http.mapper().createObjectNode();
            ArrayNode inputs = body.putArray("inputs");
            for (Map.Entry<String, String> e : chunk) {
                ObjectNode in = inputs.addObject();
                in.putObject("from").put("id", idByRef.get(e.getKey()));
                in.putObject("to").put("id", e.getValue());
                in.putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED")
                        .put("associationTypeId", HubSpotAssociations.PRIMARY_TO_COMPANY.get(objectType));
            }
            HubSpotHttp.Response r = post(path, body, chunk.stream().map(Map.Entry::getKey).toList(), property, out);
            if (r == null) {
                return;
            }
            for (Map.Entry<String, String> e : chunk) {
                String id = idByRef.get(e.getKey());
                String why = r.ok() ? refused(r, e.getValue(), id,
                        chunk.stream().map(Map.Entry::getValue).collect(Collectors.toSet())) : http.message(r);
                if (why == null) {
                    done(out, e.getKey(), property, e.getValue());
                } else {
                    fail(out, e.getKey(), Failure.ofProperty(FailureCategory.ASSOCIATION, property, "HubSpot refused "
                            + "company " + e.getValue() + " as the primary company of " + objectType + " " + id + ": "
                            + why));
                }
            }
        });
    }

    private void writeSet(String objectType, PropertyDef def, Map<String, String> wanted,
                          Map<String, String> idByRef, Set<String> created, Map<String, WriteResult> out) {
        String to = def.associatedType();
        List<String> existing = wanted.keySet().stream().filter(ref -> !created.contains(ref)).toList();
        Map<String, Map<String, Set<Integer>>> read = existing.isEmpty() ? Map.of()
                : currentSets(objectType, to, def.name(), existing, idByRef, out);
        Map<String, String> wantedByRef = wanted;
        if (read == null) {
            // The read failed, and so did the records it was for; the created ones need no read.
            wantedByRef = new LinkedHashMap<>(wanted);
            wantedByRef.keySet().retainAll(created);
            if (wantedByRef.isEmpty()) {
                return;
            }
        }
        Map<String, Map<String, Set<Integer>>> current = read == null ? Map.of() : read;
        List<Add> adds = new ArrayList<>();
        Map<String, List<String>> removes = new LinkedHashMap<>();
        wantedByRef.forEach((ref, value) -> {
            Set<String> want = HubSpotAssociations.split(value);
            Set<String> have = current.getOrDefault(idByRef.get(ref), Map.of()).keySet();
            want.stream().filter(id -> !have.contains(id)).forEach(id -> adds.add(new Add(ref, idByRef.get(ref), id)));
            List<String> gone = have.stream().filter(id -> !want.contains(id)).toList();
            if (!gone.isEmpty()) {
                removes.put(ref, gone);
            }
        });
        Set<String> refused = ConcurrentHashMap.newKeySet();
        List<Add> added = Collections.synchronizedList(new ArrayList<>());
        List<List<Add>> chunks = new ArrayList<>();
        for (int i = 0; i < adds.size(); i += WRITE_LIMIT) {
            chunks.add(adds.subList(i, Math.min(adds.size(), i + WRITE_LIMIT)));
        }
        BatchCalls.each(chunks, chunk -> associate(objectType, to, def.name(), chunk, out, refused, added));
        // Whole or nothing: a record with a refused addition keeps the set it had.
        Map<String, List<String>> undo = new LinkedHashMap<>();
        added.stream().filter(a -> refused.contains(a.ref()))
                .forEach(a -> undo.computeIfAbsent(a.ref(), k -> new ArrayList<>()).add(a.toId()));
        archive(objectType, to, def.name(), undo, idByRef, out);
        removes.keySet().removeAll(refused);
        archive(objectType, to, def.name(), removes, idByRef, out);
        wantedByRef.forEach((ref, value) -> done(out, ref, def.name(),
                HubSpotAssociations.joined(HubSpotAssociations.split(value))));
    }

    /** One association to add: the operation, its record's id and the associated record's id. */
    private record Add(String ref, String fromId, String toId) {
    }

    /**
     * {@code batch/associate/default} of {@code adds}; a batch refused whole is halved until the bad input stands
     * alone. Adds {@code refused} the refs of the adds that were not made (refused, or their call failed) and
     * {@code added} the adds that were.
     */
    private void associate(String objectType, String to, String property, List<Add> adds, Map<String, WriteResult> out,
                           Set<String> refused, List<Add> added) {
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (Add a : adds) {
            ObjectNode in = inputs.addObject();
            in.putObject("from").put("id", a.fromId());
            in.putObject("to").put("id", a.toId());
        }
        HubSpotHttp.Response r = post("/crm/v4/associations/" + HubSpotConnector.enc(objectType) + "/"
                + HubSpotConnector.enc(to) + "/batch/associate/default", body, adds.stream().map(Add::ref).toList(),
                property, out);
        if (r == null) {
            adds.forEach(a -> refused.add(a.ref()));
            return;
        }
        if (!r.ok() && adds.size() > 1) {
            associate(objectType, to, property, adds.subList(0, adds.size() / 2), out, refused, added);
            associate(objectType, to, property, adds.subList(adds.size() / 2, adds.size()), out, refused, added);
            return;
        }
        for (Add a : adds) {
            String why = r.ok() ? refused(r, a.toId(), a.fromId(),
                    adds.stream().map(Add::toId).collect(Collectors.toSet())) : http.message(r);
            if (why != null) {
                refused.add(a.ref());
                fail(out, a.ref(), Failure.ofProperty(FailureCategory.ASSOCIATION, property, "HubSpot refused to "
                        + "associate " + objectType + " " + a.fromId() + " with " + to + " " + a.toId() + ": " + why
                        + "; the record's " + property + " was left as it was"));
            } else {
                added.add(a);
            }
        }
    }

    /** {@code batch/archive} of every pair (record of ref → each listed id); a refused call fails its records. */
    private void archive(String objectType, String to, String property, Map<String, List<String>> removes,
                         Map<String, String> idByRef, Map<String, WriteResult> out) {
        List<String> refs = removes.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .toList();
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < refs.size(); i += WRITE_LIMIT) {
            chunks.add(refs.subList(i, Math.min(refs.size(), i + WRITE_LIMIT)));
        }
        BatchCalls.each(chunks, chunk -> {
            ObjectNode body = http.mapper().createObjectNode();
            ArrayNode inputs = body.putArray("inputs");
            for (String ref : chunk) {
                ObjectNode in = inputs.addObject();
                in.putObject("from").put("id", idByRef.get(ref));
                ArrayNode targets = in.putArray("to");
                removes.get(ref).forEach(id -> targets.addObject().put("id", id));
            }
            HubSpotHttp.Response r = post("/crm/v4/associations/" + HubSpotConnector.enc(objectType) + "/"
                    + HubSpotConnector.enc(to) + "/batch/archive", body, chunk, property, out);
            if (r != null && !r.ok()) {
                for (String ref : chunk) {
                    fail(out, ref, Failure.ofProperty(FailureCategory.ASSOCIATION, property, "HubSpot refused to "
                            + "remove " + to + " " + String.join(", ", removes.get(ref)) + " from " + objectType + " "
                            + idByRef.get(ref) + ": " + http.message(r)));
                }
            }
        });
    }

    /** The primary company of each record of {@code refs} (record id → company id), or null when the read failed. */
    private Map<String, String> current(String objectType, String to, String property, List<String> refs,
                                        Map<String, String> idByRef, Map<String, WriteResult> out) {
        try {
            return associations.primaryCompanies(objectType, refs.stream().map(idByRef::get).distinct().toList());
        } catch (ConnectorException e) {
            failRead(e, objectType, to, property, refs, out);
            return null;
        }
    }

    /** Each record's current associations to {@code to}, or null when the read failed (the refs then failed). */
    private Map<String, Map<String, Set<Integer>>> currentSets(String objectType, String to, String property,
                                                                Collection<String> refs, Map<String, String> idByRef,
                                                                Map<String, WriteResult> out) {
        try {
            return associations.read(objectType, to, refs.stream().map(idByRef::get).distinct().toList());
        } catch (ConnectorException e) {
            failRead(e, objectType, to, property, refs, out);
            return null;
        }
    }

    private void failRead(ConnectorException e, String objectType, String to, String property,
                          Collection<String> refs, Map<String, WriteResult> out) {
        if (!e.isTransient() && e.category() != FailureCategory.REJECTED_BY_APP) {
            throw e;
        }
        FailureCategory c = e.isTransient() ? e.category() : FailureCategory.ASSOCIATION;
        Failure f = new Failure(c, "Cannot read the " + to + " of these " + objectType + " before changing them: "
                + e.getMessage(), property, e.retryAfterMs());
        refs.forEach(ref -> fail(out, ref, f));
    }

    /**
     * One associations call; a transient failure (rate limit, 5xx, timeout) fails {@code refs} with its category
     * and returns null, so that the records are retried and the run goes on. Other failures are thrown.
     */
    private HubSpotHttp.Response post(String path, ObjectNode body, Collection<String> refs, String property,
                                      Map<String, WriteResult> out) {
        try {
            return http.post(path, body);
        } catch (ConnectorException e) {
            if (!e.isTransient()) {
                throw e;
            }
            Failure f = new Failure(e.category(), e.getMessage(), property, e.retryAfterMs());
            new HashSet<>(refs).forEach(ref -> fail(out, ref, f));
            return null;
        }
    }

    /** Sets {@code property} in the stored record of a result that has not failed. */
    private static void done(Map<String, WriteResult> out, String ref, String property, String value) {
        out.computeIfPresent(ref, (k, w) -> w.succeeded() && w.stored() != null
                ? WriteResult.ok(ref, w.id(), HubSpotAssociations.with(w.stored(), property, value)) : w);
    }

    /** Fails a result; the first failure of a record is kept, as it is the one to fix first. */
    private static void fail(Map<String, WriteResult> out, String ref, Failure failure) {
        out.computeIfPresent(ref, (k, w) -> w.succeeded() ? WriteResult.failed(ref, w.id(), failure) : w);
    }

    /**
     * The error message of a multi-status answer about an input (an error whose {@code context.id} names the
     * input's associated record or its own record), or null when the input was not refused. Ids are unique per
     * object type only, so an id that is the associated record of some input of the call ({@code toIds}) is taken
     * for that record, never for an input's own record of the same number.
     */
    private static String refused(HubSpotHttp.Response r, String toId, String fromId, Set<String> toIds) {
        for (JsonNode e : r.body().path("errors")) {
            for (JsonNode id : e.path("context").path("id")) {
                String named = id.asText();
                if (named.equals(toId) || (named.equals(fromId) && !toIds.contains(named))) {
                    return e.path("message").asText("refused");
                }
            }
        }
        return null;
    }
}
