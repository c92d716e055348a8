package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Test-only admin routes under {@value #BASE} (not HubSpot's API; same bearer token, no rate limit, no faults):
 * <ul>
 * <li>{@code POST /_sandbox/reset} → 204: deletes every record, restarts ids at 1, clears faults;</li>
 * <li>{@code POST /_sandbox/seed} {@code {"contacts":[{props}...], "companies":[...]}} → 201
 * {@code {"contacts":["1",...],...}}: creates the records (validated as creates are), all or nothing;</li>
 * <li>{@code POST /_sandbox/faults} {@code {"rateLimited":0.1,"serverError":0.05,"locked":0,"migrating":0,
 * "slowRate":0.2,"slowMillis":500,"seed":42,"retryAfterSeconds":1}} → 200 with the settings; rates in [0,1],
 * omitted ones 0; injected 429s and 477s carry {@code Retry-After: retryAfterSeconds} (default 1);
 * {@code "rules":[...]} adds targeted faults ({@link FaultRules}: first N calls to a path, a given policyName, a
 * 403); the rules are replaced each time;</li>
 * <li>{@code GET /_sandbox/requests} → 200 {@code {"results":[{"at":epochMs,"method","path","injected"}]}}: every
 * API call so far with its wall-clock time and injected status (0 = none); reset clears it;</li>
 * <li>{@code POST /_sandbox/clock} {@code {"advanceMillis":86400000}} → 200 {@code {"now":iso}}; {@code GET} reads it.</li>
 * <li>{@code POST /_sandbox/objects/{objectType}/{objectId}/restore} → 200 with the record: brings an archived record
 * back from the recycle bin with its old id, as HubSpot's UI does (hubspot.md §B.4), firing {@code *.restore}
 * webhooks; 404 when it is not archived, 409 when a live contact holds its email.</li>
 * </ul>
 * Owners are made and deactivated under {@code /_sandbox/owners}, registered by {@link OwnerRoutes}; reset deletes them.
 */
final class AdminRoutes {
    static final String BASE = "/_sandbox";
    private final RecordStore store;
    private final ObjectService service;
    private final FaultInjector faults;
    private final FaultRules rules;
    private final AdjustableClock clock;
    private final Http http;
    private final RecordJson json;

    AdminRoutes(RecordStore store, ObjectService service, FaultInjector faults, FaultRules rules, AdjustableClock clock,
                Http http, RecordJson json) {
        this.json = json;
        this.store = store;
        this.service = service;
        this.faults = faults;
        this.rules = rules;
        this.clock = clock;
        this.http = http;
    }

    void register(Javalin app) {
        app.post(BASE + "/reset", this::reset);
        app.post(BASE + "/seed", this::seed);
        app.post(BASE + "/faults", this::faults);
        app.get(BASE + "/faults", ctx -> http.json(ctx, 200, render(faults.settings())));
        app.get(BASE + "/requests", ctx -> http.json(ctx, 200, rules.render(http.mapper())));
        app.post(BASE + "/clock", this::advance);
        app.get(BASE + "/clock", ctx -> http.json(ctx, 200, now(clock.now())));
        app.post(BASE + "/objects/{objectType}/{objectId}/restore", this::restore);
    }

    private void restore(Context ctx) {
        ObjectType type = Http.type(ctx);
        StoredRecord r = store.inTransaction(() -> service.restore(type, ctx.pathParam("objectId")));
        http.json(ctx, 200, json.forWrite(r));
    }

    private void reset(Context ctx) {
        store.reset();
        faults.configure(FaultInjector.Settings.NONE);
        rules.clear();
        ctx.status(204);
    }

    private void seed(Context ctx) {
        JsonNode body = http.body(ctx);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (ObjectType.fromPath(name).isEmpty() || !body.get(name).isArray()) {
                throw ApiException.validation("Cannot seed \"" + name + "\": expected an object type name with "
                        + "an array of property maps");
            }
        }
        ObjectNode out = store.inTransaction(() -> {
            ObjectNode ids = http.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ObjectType type = ObjectType.fromPath(e.getKey()).orElseThrow();
                ArrayNode created = ids.putArray(type.apiName());
                for (JsonNode props : e.getValue()) {
                    created.add(Long.toString(service.create(type, props).id()));
                }
            }
            return ids;
        });
        http.json(ctx, 201, out);
    }

    private void faults(Context ctx) {
        JsonNode body = http.body(ctx);
        FaultInjector.Settings s = new FaultInjector.Settings(rate(body, "rateLimited"), rate(body, "serverError"),
                rate(body, "locked"), rate(body, "slowRate"), nonNegative(body, "slowMillis"),
                body.hasNonNull("seed") ? body.get("seed").asLong() : null,
                body.hasNonNull("retryAfterSeconds") ? nonNegative(body, "retryAfterSeconds")
                        : FaultInjector.Settings.DEFAULT_RETRY_AFTER_SECONDS, rate(body, "migrating"));
        rules.configure(body.get("rules"), clock.now());
        faults.configure(s);
        ObjectNode out = render(s);
        if (body.has("rules")) {
            out.set("rules", body.get("rules"));
        }
        http.json(ctx, 200, out);
    }

    private void advance(Context ctx) {
        JsonNode body = http.body(ctx);
        JsonNode v = body.get("advanceMillis");
        if (v == null || !v.canConvertToLong()) {
            throw ApiException.validation("advanceMillis (an integer number of milliseconds) is required");
        }
        http.json(ctx, 200, now(clock.advance(v.asLong())));
    }

    private ObjectNode now(Instant t) {
        ObjectNode out = http.mapper().createObjectNode();
        out.put("now", RecordJson.iso(t));
        return out;
    }

    private ObjectNode render(FaultInjector.Settings s) {
        ObjectNode out = http.mapper().createObjectNode();
        out.put("rateLimited", s.rateLimited());
        out.put("serverError", s.serverError());
        out.put("locked", s.locked());
        out.put("migrating", s.migrating());
        out.put("slowRate", s.slowRate());
        out.put("slowMillis", s.slowMillis());
        if (s.seed() != null) {
            out.put("seed", s.seed());
        }
        out.put("retryAfterSeconds", s.retryAfterSeconds());
        return out;
    }

    private static double rate(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
            throw ApiException.validation(field + " must be a number between 0 and 1, got " + v);
        }
        return v.asDouble();
    }

    private static long nonNegative(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToLong() || v.asLong() < 0) {
            throw ApiException.validation(field + " must be a non-negative integer, got " + v);
        }
        return v.asLong();
    }
}
