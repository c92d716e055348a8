package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes by HubSpot's batch endpoints (hubspot.md §B.3), at most 100 inputs per call (HubSpot batch limit).
 * Every input carries {@code objectWriteTraceId} = the operation's ref, so HubSpot answers 207 with a result or
 * an error per input (§B.14) instead of failing the batch for one bad record. A batch refused whole (400/409
 * without per-input errors) is split in halves until the failing record stands alone.
 *
 * <p>Contacts created with an email are written by batch upsert with {@code idProperty=email}: a create repeated
 * after a crash then updates the contact it made instead of making a second one (DESIGN.md §2.4). Deletes are
 * checked by batch read first, because archive answers 204 even for ids that are gone. A {@code null} value is
 * sent as {@code ""}, which is how HubSpot clears a property (§B.2).
 *
 * <p>The batch calls of each step (upserts, creates, updates, archives, then each association step) are made
 * {@value BatchCalls#IN_FLIGHT} at a time ({@link BatchCalls}).
 *
 * <p><b>Threading:</b> stateless apart from the shared {@link HubSpotHttp}; thread-safe.
 */
final class HubSpotWriter {
    private final HubSpotHttp http;
    private final HubSpotConnector connector;
    private final HubSpotAssociationWriter associations;

    HubSpotWriter(HubSpotHttp http, HubSpotConnector connector, HubSpotAssociations associations) {
        this.http = http;
        this.connector = connector;
        this.associations = new HubSpotAssociationWriter(http, associations);
    }

    private static boolean isAssociation(String property) {
        return property.startsWith(PropertyDef.ASSOCIATION_PREFIX);
    }

    List<WriteResult> write(String objectType, List<WriteOperation> all) {
        // Filled by the batch calls of each step, two at a time (BatchCalls).
        Map<String, WriteResult> out = new ConcurrentHashMap<>();
        // Associations are written after the record, through the associations API, not as properties.
        Map<String, Map<String, String>> associationsByRef = new LinkedHashMap<>();
        List<WriteOperation> operations = new ArrayList<>();
        for (WriteOperation op : all) {
            if (op.kind() != WriteOperation.Kind.DELETE && op.properties().keySet().stream()
                    .anyMatch(HubSpotWriter::isAssociation)) {
                Map<String, String> props = new LinkedHashMap<>(op.properties());
                Map<String, String> wanted = new LinkedHashMap<>();
                op.properties().forEach((k, v) -> {
                    if (isAssociation(k)) {
                        wanted.put(k, v);
                        props.remove(k);
                    }
                });
                associationsByRef.put(op.ref(), wanted);
                if (op.kind() == WriteOperation.Kind.UPDATE && props.isEmpty()) {
                    out.put(op.ref(), WriteResult.ok(op.ref(), op.id(), null));
                    continue;
                }
                op = new WriteOperation(op.kind(), op.ref(), op.id(), props);
            }
            operations.add(op);
        }
        List<WriteOperation> creates = new ArrayList<>();
        List<WriteOperation> upserts = new ArrayList<>();
        List<WriteOperation> updates = new ArrayList<>();
        List<WriteOperation> deletes = new ArrayList<>();
        Map<String, String> emailOwner = new LinkedHashMap<>();
        for (WriteOperation op : operations) {
            switch (op.kind()) {
                case CREATE -> {
                    String email = emailKey(objectType, op);
                    if (email == null) {
                        creates.add(op);
                    } else if (emailOwner.containsKey(email)) {
                        // HubSpot refuses a whole upsert batch naming one email twice (§B.3): fail the repeat alone.
                        out.put(op.ref(), WriteResult.failed(op.ref(), null, Failure.ofProperty(
                                FailureCategory.DUPLICATE, "email", "Same email as operation "
                                        + emailOwner.get(email) + " in this batch")));
                    } else {
                        emailOwner.put(email, op.ref());
                        upserts.add(op);
                    }
                }
                case UPDATE -> updates.add(op);
                case DELETE -> deletes.add(op);
            }
        }
        BatchCalls.each(chunks(upserts), chunk -> send(objectType, "upsert", chunk, out));
        BatchCalls.each(chunks(creates), chunk -> send(objectType, "create", chunk, out));
        BatchCalls.each(chunks(updates), chunk -> send(objectType, "update", chunk, out));
        BatchCalls.each(chunks(deletes), chunk -> archive(objectType, chunk, out));
        Set<String> created = new HashSet<>();
        creates.forEach(op -> created.add(op.ref()));
        associations.write(objectType, associationsByRef, created, out);
        List<WriteResult> results = new ArrayList<>();
        for (WriteOperation op : all) {
            results.add(out.get(op.ref()));
        }
        return results;
    }

    /** One batch call of {@code action}; fills {@code out} for every operation of the chunk. */
    private void send(String objectType, String action, List<WriteOperation> chunk, Map<String, WriteResult> out) {
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (WriteOperation op : chunk) {
            ObjectNode in = inputs.addObject();
            if ("upsert".equals(action)) {
                in.put("idProperty", "email").put("id", op.properties().get("email").strip());
            } else if (op.id() != null) {
                in.put("id", op.id());
            }
            in.put("objectWriteTraceId", op.ref());
            ObjectNode props = in.putObject("properties");
            op.properties().forEach((k, v) -> props.put(k, v == null ? "" : v));
        }
        HubSpotHttp.Response r;
        try {
            r = http.post("/crm/v3/objects/" + HubSpotConnector.enc(objectType) + "/batch/" + action, body);
        } catch (ConnectorException e) {
            if (!e.isTransient()) {
                throw e; // credentials or permissions: the whole call failed, not these records
            }
            Failure f = new Failure(e.category(), e.getMessage(), null, e.retryAfterMs());
            chunk.forEach(op -> out.put(op.ref(), WriteResult.failed(op.ref(), op.id(), f)));
            return;
        }
        if (r.ok() || r.status() == 207) {
            readMultiStatus(objectType, chunk, r, out);
            return;
        }
        if (chunk.size() > 1) {
            // Refused whole: halve until the bad record stands alone, so it never fails the others (§B.3).
            int half = chunk.size() / 2;
            send(objectType, action, chunk.subList(0, half), out);
            send(objectType, action, chunk.subList(half, chunk.size()), out);
            return;
        }
        WriteOperation op = chunk.get(0);
        out.put(op.ref(), WriteResult.failed(op.ref(), op.id(), failure(r.status(), r.body(), objectType)));
    }

    private void readMultiStatus(String objectType, List<WriteOperation> chunk, HubSpotHttp.Response r,
                                 Map<String, WriteResult> out) {
        Set<String> refs = new HashSet<>();
        chunk.forEach(op -> refs.add(op.ref()));
        for (JsonNode n : r.body().path("results")) {
            String ref = n.path("objectWriteTraceId").asText(null);
            if (ref != null && refs.contains(ref)) {
                Record stored = HubSpotConnector.record(n);
                out.put(ref, WriteResult.ok(ref, stored.id(), stored));
            }
        }
        for (JsonNode err : r.body().path("errors")) {
            Failure f = failure(207, err, objectType);
            for (JsonNode t : err.path("context").path("objectWriteTraceId")) {
                if (refs.contains(t.asText())) {
                    WriteOperation op = chunk.stream().filter(o -> o.ref().equals(t.asText())).findFirst()
                            .orElseThrow();
                    out.put(op.ref(), WriteResult.failed(op.ref(), op.id(), f));
                }
            }
        }
        for (WriteOperation op : chunk) {
            // Should not happen with trace ids; reported rather than silently assumed to have worked.
            out.putIfAbsent(op.ref(), WriteResult.failed(op.ref(), op.id(), Failure.of(FailureCategory.UNKNOWN,
                    "HubSpot's batch answer did not mention this record")));
        }
    }

    /** Archive answers 204 for ids that are already gone (§B.3), so they are found by batch read first. */
    private void archive(String objectType, List<WriteOperation> chunk, Map<String, WriteResult> out) {
        List<String> ids = chunk.stream().map(WriteOperation::id).toList();
        Set<String> live = new HashSet<>();
        connector.readByIds(objectType, ids).forEach(rec -> live.add(rec.id()));
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (WriteOperation op : chunk) {
            if (live.contains(op.id())) {
                inputs.addObject().put("id", op.id());
            } else {
                out.put(op.ref(), WriteResult.failed(op.ref(), op.id(), Failure.of(FailureCategory.RECORD_DELETED,
                        "Record " + op.id() + " no longer exists in HubSpot")));
            }
        }
        if (inputs.isEmpty()) {
            return;
        }
        Failure failed = null;
        try {
            HubSpotHttp.Response r = http.post("/crm/v3/objects/" + HubSpotConnector.enc(objectType)
                    + "/batch/archive", body);
            if (!r.ok()) {
                failed = failure(r.status(), r.body(), objectType);
            }
        } catch (ConnectorException e) {
            if (!e.isTransient()) {
                throw e;
            }
            failed = new Failure(e.category(), e.getMessage(), null, e.retryAfterMs());
        }
        for (WriteOperation op : chunk) {
            if (!out.containsKey(op.ref())) {
                out.put(op.ref(), failed == null ? WriteResult.ok(op.ref(), op.id(), null)
                        : WriteResult.failed(op.ref(), op.id(), failed));
            }
        }
    }

    private Failure failure(int status, JsonNode err, String objectType) {
        return HubSpotErrors.failure(status, err, objectType, http::redact, http.mapper());
    }

    /** The lower-cased email of a contact create, or {@code null} when it is not upserted by email. */
    private static String emailKey(String objectType, WriteOperation op) {
        String email = op.properties().get("email");
        if (!"contacts".equals(objectType) || email == null || email.isBlank()) {
            return null;
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static List<List<WriteOperation>> chunks(List<WriteOperation> ops) {
        List<List<WriteOperation>> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i += HubSpotConnector.BATCH_LIMIT) {
            out.add(ops.subList(i, Math.min(ops.size(), i + HubSpotConnector.BATCH_LIMIT)));
        }
        return out;
    }
}
