package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Batch routes of hubspot.md §B.3 under {@code base}: read (200, or 207 listing missing ids), create (201),
 * update and upsert (200), archive (204). At most {@value #MAX_INPUTS} inputs, else 400. Writes are all-or-nothing (the first
 * failing input's error is the response: 400, 404 or 409) unless <em>every</em> input carries an
 * {@code objectWriteTraceId}: then each input stands alone and failures come back as a 207
 * {@code {status:"COMPLETE", results, numErrors, errors:[{..., context:{objectWriteTraceId:[id]}}]}} (§B.14).
 */
final class BatchRoutes {
    static final int MAX_INPUTS = 100;
    private final ObjectService service;
    private final RecordStore store;
    private final RecordJson json;
    private final Http http;
    private final SandboxClock clock;

    BatchRoutes(ObjectService service, RecordStore store, RecordJson json, Http http, SandboxClock clock) {
        this.service = service;
        this.store = store;
        this.json = json;
        this.http = http;
        this.clock = clock;
    }

    void register(Javalin app, String base) {
        app.post(base + "/batch/read", this::read);
        app.post(base + "/batch/create", ctx -> write(ctx, 201,
                (in) -> json.forWrite(service.create(Http.type(ctx), in.get("properties")))));
        app.post(base + "/batch/update", ctx -> write(ctx, 200, (in) -> json.forWrite(
                service.update(Http.type(ctx), text(in, "id"), text(in, "idProperty"), in.get("properties")))));
        app.post(base + "/batch/upsert", this::upsert);
        app.post(base + "/batch/archive", this::archive);
    }

    private List<JsonNode> inputs(JsonNode body) {
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            throw ApiException.validation("Invalid input JSON: inputs must be an array");
        }
        if (inputs.size() > MAX_INPUTS) {
            // Wording not documented in hubspot.md; the limit and the 400 are (§B.3).
            throw ApiException.validation("Too many inputs: " + inputs.size() + ". A batch request accepts at most "
                    + MAX_INPUTS + " inputs.");
        }
        List<JsonNode> out = new ArrayList<>();
        inputs.forEach(out::add);
        return out;
    }

    private void read(Context ctx) {
        ObjectType type = Http.type(ctx);
        JsonNode body = http.body(ctx);
        Instant started = clock.now();
        List<JsonNode> inputs = inputs(body);
        List<String> properties = new ArrayList<>();
        if (body.has("properties")) {
            body.get("properties").forEach(p -> properties.add(p.asText()));
        }
        String idProperty = text(body, "idProperty");
        boolean archived = Http.boolParam(ctx, "archived");
        ObjectNode out = http.mapper().createObjectNode();
        ArrayNode results = http.mapper().createArrayNode();
        List<String> missing = new ArrayList<>();
        for (JsonNode in : inputs) {
            String id = text(in, "id");
            try {
                results.add(json.forRead(service.find(type, id, idProperty, archived), properties));
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                missing.add(id);
            }
        }
        out.put("status", "COMPLETE");
        out.set("results", results);
        if (!missing.isEmpty()) {
            ApiException notFound = new ApiException(404, "OBJECT_NOT_FOUND", "Could not get some "
                    + type.singularUpper() + " objects, they may be deleted or not exist. Check that ids are valid.")
                    .context("ids", missing);
            out.put("numErrors", 1);
            out.putArray("errors").add(notFound.toStandardError(http.mapper()));
        }
        finish(ctx, out, started, missing.isEmpty() ? 200 : 207);
    }

    /**
     * Upsert (§B.3): each input {@code {id, idProperty, properties}} updates the record whose unique
     * {@code idProperty} equals {@code id}, or creates one with that value; results carry {@code new}. Two inputs
     * naming the same record → 400 for the whole batch (non-retryable, §B.3).
     */
    private void upsert(Context ctx) {
        ObjectType type = Http.type(ctx);
        List<JsonNode> inputs = inputs(http.body(ctx));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode in : inputs) {
            String key = text(in, "idProperty") + "\u0000" + java.util.Objects.toString(text(in, "id"), "")
                    .strip().toLowerCase(java.util.Locale.ROOT);
            if (!seen.add(key)) {
                throw ApiException.validation("Duplicate IDs found in batch input: " + text(in, "id")
                        + ". Each record may appear at most once in an upsert batch.");
            }
        }
        write(ctx, 200, inputs, in -> {
            ObjectService.Upserted u = service.upsert(type, text(in, "id"), text(in, "idProperty"),
                    in.get("properties"));
            ObjectNode node = json.forWrite(u.record());
            node.put("new", u.created());
            return node;
        });
    }

    private void write(Context ctx, int okStatus, Function<JsonNode, ObjectNode> op) {
        Http.type(ctx);
        write(ctx, okStatus, inputs(http.body(ctx)), op);
    }

    private void write(Context ctx, int okStatus, List<JsonNode> inputs, Function<JsonNode, ObjectNode> op) {
        Instant started = clock.now();
        boolean multiStatus = !inputs.isEmpty()
                && inputs.stream().allMatch(in -> text(in, "objectWriteTraceId") != null);
        ObjectNode out = http.mapper().createObjectNode();
        out.put("status", "COMPLETE");
        ArrayNode results = out.putArray("results");
        if (!multiStatus) {
            List<ObjectNode> done = store.inTransaction(() -> inputs.stream().map(op).toList());
            done.forEach(results::add);
            finish(ctx, out, started, okStatus);
            return;
        }
        ArrayNode errors = http.mapper().createArrayNode();
        for (JsonNode in : inputs) {
            String traceId = text(in, "objectWriteTraceId");
            try {
                ObjectNode node = store.inTransaction(() -> op.apply(in));
                node.put("objectWriteTraceId", traceId);
                results.add(node);
            } catch (ApiException e) {
                errors.add(e.context("objectWriteTraceId", List.of(traceId)).toStandardError(http.mapper()));
            }
        }
        if (!errors.isEmpty()) {
            out.put("numErrors", errors.size());
            out.set("errors", errors);
        }
        finish(ctx, out, started, errors.isEmpty() ? okStatus : 207);
    }

    private void archive(Context ctx) {
        ObjectType type = Http.type(ctx);
        List<JsonNode> inputs = inputs(http.body(ctx));
        // HubSpot answers 204 whatever the ids' state; unknown ids are not an error.
        store.inTransaction(() -> {
            inputs.forEach(in -> service.archive(type, text(in, "id")));
            return null;
        });
        ctx.status(204);
    }

    private void finish(Context ctx, ObjectNode out, Instant started, int status) {
        out.put("startedAt", RecordJson.iso(started));
        out.put("completedAt", RecordJson.iso(clock.now()));
        http.json(ctx, status, out);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
