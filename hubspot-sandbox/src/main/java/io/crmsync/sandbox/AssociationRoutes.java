package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.sandbox.AssociationStore.Row;
import io.crmsync.sandbox.AssociationTypes.Type;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Associations API v4 (hubspot.md §B.7). Record level, under {@code /crm/v4/objects/{t}/{id}/associations} and the
 * date-versioned {@code /crm/objects/{version}/{t}/{id}/associations}:
 * <ul>
 * <li>{@code GET /{toT}?limit=&after=} → 200 {@code {results:[{toObjectId, associationTypes}], paging?}}
 * (limit 1..{@value #MAX_LIST_LIMIT}, default {@value #MAX_LIST_LIMIT}; {@code after} = next toObjectId);</li>
 * <li>{@code PUT /{toT}/{toId}} body {@code [{associationCategory, associationTypeId}]} → 201
 * {@code LabelsBetweenObjectPair};</li>
 * <li>{@code PUT /default/{toT}/{toId}} → 200 batch envelope with both directions' {@code associationSpec};</li>
 * <li>{@code DELETE /{toT}/{toId}} → 204, removing every type between the pair.</li>
 * </ul>
 * Batch, under {@code /crm/v4/associations/{fromT}/{toT}/batch}: {@code read} (≤ {@value #MAX_READ_INPUTS}
 * inputs, §B.7; 200, or 207 listing unknown or archived ids; at most {@value #MAX_LIST_LIMIT} associated records
 * per input, the rest announced by that result's {@code paging.next.after} and read by an input
 * {@code {id, after}}), {@code create} (201, or 207 when some inputs name
 * missing records), {@code associate/default} (200), {@code archive} (204); write batches take ≤
 * {@value #MAX_WRITE_INPUTS} inputs. More inputs → 400. Labels: {@code GET /crm/v4/associations/{fromT}/{toT}/labels}
 * (also at {@code /crm/associations/v4/...}, the path the Node client uses) → 200 {@code {results:[{category,
 * typeId, label}]}}.
 */
final class AssociationRoutes {
    static final int MAX_LIST_LIMIT = 500;
    static final int MAX_READ_INPUTS = 1000;
    /** hubspot.md only says "commonly 2,000 [unverified]"; the sandbox keeps the object batch limit. */
    static final int MAX_WRITE_INPUTS = 100;
    private final AssociationService service;
    private final RecordStore store;
    private final Http http;
    private final SandboxClock clock;

    AssociationRoutes(AssociationService service, RecordStore store, Http http, SandboxClock clock) {
        this.service = service;
        this.store = store;
        this.http = http;
        this.clock = clock;
    }

    void register(Javalin app) {
        for (String base : new String[] {"/crm/v4/objects/{objectType}/{objectId}/associations",
                "/crm/objects/{version}/{objectType}/{objectId}/associations"}) {
            app.get(base + "/{toObjectType}", this::list);
            app.put(base + "/default/{toObjectType}/{toObjectId}", this::putDefault);
            app.put(base + "/{toObjectType}/{toObjectId}", this::putLabelled);
            app.delete(base + "/{toObjectType}/{toObjectId}", this::delete);
        }
        String batch = "/crm/v4/associations/{objectType}/{toObjectType}";
        app.post(batch + "/batch/read", this::batchRead);
        app.post(batch + "/batch/create", this::batchCreate);
        app.post(batch + "/batch/associate/default", this::batchDefault);
        app.post(batch + "/batch/archive", this::batchArchive);
        app.get(batch + "/labels", this::labels);
        app.get("/crm/associations/v4/{objectType}/{toObjectType}/labels", this::labels);
    }

    private static ObjectType to(Context ctx) {
        String segment = ctx.pathParam("toObjectType");
        return ObjectType.fromPath(segment).orElseThrow(() ->
                ApiException.validation("Unable to infer object type from: " + segment));
    }

    private void list(Context ctx) {
        ObjectType from = Http.type(ctx);
        ObjectType to = to(ctx);
        AssociationService.requireAssociable(from, to);
        int limit = intParam(ctx.queryParam("limit"), MAX_LIST_LIMIT, "limit");
        long after = ctx.queryParam("after") == null || ctx.queryParam("after").isBlank() ? 0
                : intParam(ctx.queryParam("after"), Integer.MAX_VALUE, "after");
        Long fromId = ObjectService.parseId(ctx.pathParam("objectId"));
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode results = body.putArray("results");
        if (fromId != null) {
            int n = 0;
            for (Map.Entry<Long, List<Row>> e : service.grouped(from, fromId, to).entrySet()) {
                if (e.getKey() < after) {
                    continue;
                }
                if (n == limit) {
                    String next = Long.toString(e.getKey());
                    ObjectNode nextNode = body.putObject("paging").putObject("next");
                    nextNode.put("after", next);
                    nextNode.put("link", ctx.scheme() + "://" + ctx.host() + ctx.path() + "?after=" + next);
                    break;
                }
                results.add(service.v4Item(from, to, e.getKey(), e.getValue()));
                n++;
            }
        }
        http.json(ctx, 200, body);
    }

    private static int intParam(String raw, int max, String name) {
        if (raw == null || raw.isBlank()) {
            return max;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= 1 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.validation(name + " must be between 1 and " + max + "; got " + raw);
    }

    private void putLabelled(Context ctx) {
        ObjectType from = Http.type(ctx);
        ObjectType to = to(ctx);
        JsonNode body = parse(ctx);
        if (!body.isArray() || body.isEmpty()) {
            throw ApiException.validation("Invalid input JSON: expected a non-empty array of "
                    + "{associationCategory, associationTypeId}");
        }
        List<AssociationService.Spec> specs = new ArrayList<>();
        body.forEach(n -> specs.add(AssociationService.Spec.parse(n)));
        List<Type> types = AssociationService.resolve(from, to, specs);
        ObjectNode out = store.inTransaction(() -> service.associate(from, ctx.pathParam("objectId"), to,
                ctx.pathParam("toObjectId"), types));
        http.json(ctx, 201, out);
    }

    private void putDefault(Context ctx) {
        ObjectType from = Http.type(ctx);
        ObjectType to = to(ctx);
        AssociationService.requireAssociable(from, to);
        Instant started = clock.now();
        ObjectNode out = envelope(started);
        ArrayNode results = out.putArray("results");
        store.inTransaction(() -> {
            service.associate(from, ctx.pathParam("objectId"), to, ctx.pathParam("toObjectId"), List.of());
            return null;
        });
        addDefaultResults(results, from, ctx.pathParam("objectId"), to, ctx.pathParam("toObjectId"));
        out.put("completedAt", RecordJson.iso(clock.now()));
        http.json(ctx, 200, out);
    }

    private void addDefaultResults(ArrayNode results, ObjectType from, String a, ObjectType to, String b) {
        Type t = AssociationTypes.unlabeled(from, to).orElseThrow();
        for (String[] dir : new String[][] {{a, b, Integer.toString(t.typeId())},
                {b, a, Integer.toString(t.inverseTypeId())}}) {
            ObjectNode item = results.addObject();
            item.putObject("from").put("id", dir[0]);
            item.putObject("to").put("id", dir[1]);
            ObjectNode spec = item.putObject("associationSpec");
            spec.put("associationCategory", AssociationTypes.HUBSPOT_DEFINED);
            spec.put("associationTypeId", Integer.parseInt(dir[2]));
        }
    }

    private void delete(Context ctx) {
        ObjectType from = Http.type(ctx);
        ObjectType to = to(ctx);
        store.inTransaction(() -> {
            service.removeAll(from, ctx.pathParam("objectId"), to, ctx.pathParam("toObjectId"));
            return null;
        });
        ctx.status(204);
    }

    private void batchRead(Context ctx) {
        ObjectType from = Http.type(ctx);
        ObjectType to = to(ctx);
        AssociationService.requireAssociable(from, to);
        Instant started = clock.now();
        List<JsonNode> inputs = inputs(http.body(ctx), MAX_READ_INPUTS);
        ObjectNode out = envelope(started);
        ArrayNode results = out.putArray("results");
        List<ApiException> errors = new ArrayList<>();
        List<StoredRecord> found = new ArrayList<>();
        List<Long> afters = new ArrayList<>();
        for (JsonNode in : inputs) {
            try {
                StoredRecord r = service.requireLive(from, in.path("id").asText(null));
                afters.add(afterOf(in));
                found.add(r);
            } catch (ApiException e) {
                errors.add(e);
            }
        }
        // One store query for all inputs rather than one per input.
        Map<Long, Map<Long, List<Row>>> grouped = service.groupedEach(from,
                found.stream().map(StoredRecord::id).distinct().toList(), to);
        for (int i = 0; i < found.size(); i++) {
            StoredRecord r = found.get(i);
            long after = afters.get(i);
            ObjectNode item = results.addObject();
            item.putObject("from").put("id", Long.toString(r.id()));
            ArrayNode toArr = item.putArray("to");
            for (Map.Entry<Long, List<Row>> e : grouped.getOrDefault(r.id(), Map.of()).entrySet()) {
                if (e.getKey() < after) {
                    continue;
                }
                if (toArr.size() == MAX_LIST_LIMIT) {
                    // Per-record paging: the client asks again with {id, after} for the rest of this record.
                    item.putObject("paging").putObject("next").put("after", Long.toString(e.getKey()));
                    break;
                }
                toArr.add(service.v4Item(from, to, e.getKey(), e.getValue()));
            }
        }
        finish(ctx, out, errors, 200);
    }

    /** An input's {@code after} (the next toObjectId, from a previous answer's paging); 0 when absent. */
    private static long afterOf(JsonNode in) {
        JsonNode after = in.get("after");
        if (after == null || after.isNull() || after.asText().isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(after.asText().strip());
        } catch (NumberFormatException e) {
            throw ApiException.validation("Invalid input JSON: after must be the paging.next.after value of a "
                    + "previous answer; got " + after.asText());
        }
    }

    private void batchCreate(Context ctx) {
        ObjectType from = Http.type(ctx);
        ObjectType to = to(ctx);
        Instant started = clock.now();
        List<JsonNode> inputs = inputs(http.body(ctx), MAX_WRITE_INPUTS);
        List<List<Type>> types = new ArrayList<>();
        for (JsonNode in : inputs) {
            JsonNode specs = in.get("types");
            if (specs == null || !specs.isArray() || specs.isEmpty()) {
                throw ApiException.validation("Invalid input JSON: each input needs from.id, to.id and types");
            }
            List<AssociationService.Spec> parsed = new ArrayList<>();
            specs.forEach(s -> parsed.add(AssociationService.Spec.parse(s)));
            types.add(AssociationService.resolve(from, to, parsed));
        }
        ObjectNode out = envelope(started);
        ArrayNode results = out.putArray("results");
        List<ApiException> errors = new ArrayList<>();
        inBatch(from, to, inputs, (live, i) -> {
            JsonNode in = inputs.get(i);
            long a = AssociationService.requireLiveId(from, in.path("from").path("id").asText(null), live.from());
            long b = AssociationService.requireLiveId(to, in.path("to").path("id").asText(null), live.to());
            results.add(service.associateLive(from, a, to, b, types.get(i)));
        }, errors);
        finish(ctx, out, errors, 201);
    }

    private void batchDefault(Context ctx) {
        ObjectType from = Http.type(ctx);
        ObjectType to = to(ctx);
        AssociationService.requireAssociable(from, to);
        Instant started = clock.now();
        List<JsonNode> inputs = inputs(http.body(ctx), MAX_WRITE_INPUTS);
        ObjectNode out = envelope(started);
        ArrayNode results = out.putArray("results");
        List<ApiException> errors = new ArrayList<>();
        inBatch(from, to, inputs, (live, i) -> {
            String a = inputs.get(i).path("from").path("id").asText(null);
            String b = inputs.get(i).path("to").path("id").asText(null);
            service.associateLive(from, AssociationService.requireLiveId(from, a, live.from()), to,
                    AssociationService.requireLiveId(to, b, live.to()), List.of());
            addDefaultResults(results, from, a, to, b);
        }, errors);
        finish(ctx, out, errors, 200);
    }

    /** The live ids among a batch's {@code from} and {@code to} ids. */
    private record LiveEnds(Set<Long> from, Set<Long> to) {
    }

    /** One input of a batch write, given the batch's live ends and the input's index. */
    private interface BatchInput {
        void write(LiveEnds live, int index);
    }

    /**
     * Writes a batch's inputs, each standing alone: an input that fails (its {@link ApiException} goes to
     * {@code errors}) is rolled back to its savepoint and the others go on. The whole batch holds the store's
     * monitor and commits once: the ends' liveness is read in two queries before the inputs and stays true
     * throughout. The inputs' effects on their records are applied once per record after them (a deal given
     * three contacts is updated and stamped once, not three times); a record changed only by an input that
     * failed is not touched.
     */
    private void inBatch(ObjectType from, ObjectType to, List<JsonNode> inputs, BatchInput write,
                         List<ApiException> errors) {
        store.inTransaction(() -> {
            LiveEnds live = new LiveEnds(
                    service.liveIds(from, inputs.stream().map(in -> in.path("from").path("id").asText(null)).toList()),
                    service.liveIds(to, inputs.stream().map(in -> in.path("to").path("id").asText(null)).toList()));
            AssociationEffects.Batch changed = new AssociationEffects.Batch();
            for (int i = 0; i < inputs.size(); i++) {
                int index = i;
                try {
                    store.inSavepoint(() -> service.deferringEffects(changed, () -> {
                        write.write(live, index);
                        return null;
                    }));
                } catch (ApiException e) {
                    errors.add(e);
                }
            }
            service.applyEffects(changed);
            return null;
        });
    }

    private void batchArchive(Context ctx) {
        ObjectType from = Http.type(ctx);
        ObjectType to = to(ctx);
        AssociationService.requireAssociable(from, to);
        List<JsonNode> inputs = inputs(http.body(ctx), MAX_WRITE_INPUTS);
        store.inTransaction(() -> {
            for (JsonNode in : inputs) {
                String a = in.path("from").path("id").asText(null);
                JsonNode targets = in.get("to");
                if (targets == null || !targets.isArray()) {
                    throw ApiException.validation("Invalid input JSON: each input needs from.id and a to array");
                }
                targets.forEach(t -> service.removeAll(from, a, to, t.path("id").asText(null)));
            }
            return null;
        });
        ctx.status(204);
    }

    private void labels(Context ctx) {
        ObjectType from = Http.type(ctx);
        ObjectType to = to(ctx);
        AssociationService.requireAssociable(from, to);
        ObjectNode out = http.mapper().createObjectNode();
        ArrayNode results = out.putArray("results");
        for (Type t : AssociationTypes.between(from, to)) {
            ObjectNode item = results.addObject();
            item.put("category", AssociationTypes.HUBSPOT_DEFINED);
            item.put("typeId", t.typeId());
            item.put("label", t.label());
        }
        http.json(ctx, 200, out);
    }

    private JsonNode parse(Context ctx) {
        try {
            return http.mapper().readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.validation("Invalid input JSON: " + e.getOriginalMessage());
        }
    }

    private static List<JsonNode> inputs(JsonNode body, int max) {
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            throw ApiException.validation("Invalid input JSON: inputs must be an array");
        }
        if (inputs.size() > max) {
            throw ApiException.validation("Too many inputs: " + inputs.size() + ". This batch request accepts at "
                    + "most " + max + " inputs.");
        }
        List<JsonNode> out = new ArrayList<>();
        inputs.forEach(out::add);
        return out;
    }

    private ObjectNode envelope(Instant started) {
        ObjectNode out = http.mapper().createObjectNode();
        out.put("status", "COMPLETE");
        out.put("startedAt", RecordJson.iso(started));
        return out;
    }

    /** 207 with {@code numErrors}/{@code errors} when any input failed, else {@code okStatus}. */
    private void finish(Context ctx, ObjectNode out, List<ApiException> errors, int okStatus) {
        if (!errors.isEmpty()) {
            out.put("numErrors", errors.size());
            ArrayNode arr = out.putArray("errors");
            errors.forEach(e -> arr.add(e.toStandardError(http.mapper())));
        }
        out.put("completedAt", RecordJson.iso(clock.now()));
        http.json(ctx, errors.isEmpty() ? okStatus : 207, out);
    }
}
