package io.crmsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;

/** Request/response helpers shared by the route classes. Stateless apart from the mapper; thread-safe. */
final class Http {
    private final ObjectMapper mapper;

    Http(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** The {objectType} path segment as a type, by name or {@code 0-x} id; 400 when unknown. */
    static ObjectType type(Context ctx) {
        String segment = ctx.pathParam("objectType");
        return ObjectType.fromPath(segment).orElseThrow(() ->
                ApiException.validation("Unable to infer object type from: " + segment));
    }

    /** The request body as JSON; 400 VALIDATION_ERROR "Invalid input JSON" when it does not parse. */
    JsonNode body(Context ctx) {
        try {
            JsonNode node = mapper.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw ApiException.validation("Invalid input JSON: expected an object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.validation("Invalid input JSON on line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    /** {@code ?properties=a,b} (also repeated {@code properties=a&properties=b}) as a list; empty when absent. */
    static List<String> csvParam(Context ctx, String name) {
        return ctx.queryParams(name).stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static boolean boolParam(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    /**
     * {@code ?limit=} of a list route: {@code fallback} when absent, else an integer in 1..{@code max}; anything
     * else is a 400 VALIDATION_ERROR "limit must be between 1 and max; got …".
     */
    static int limitParam(Context ctx, int fallback, int max) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below with the same message as an out-of-range value
        }
        throw ApiException.validation("limit must be between 1 and " + max + "; got " + raw);
    }

    /**
     * {@code ?after=} of a list route: the id to start from, inclusive; 0 when absent. A cursor that is not an id is
     * a 400 VALIDATION_ERROR "after must be {@code what}; got …".
     */
    static long afterParam(Context ctx, String what) {
        String after = ctx.queryParam("after");
        if (after == null || after.isBlank()) {
            return 0;
        }
        Long parsed = ObjectService.parseId(after);
        if (parsed == null) {
            throw ApiException.validation("after must be " + what + "; got " + after);
        }
        return parsed;
    }

    /**
     * Adds {@code paging.next} ({@code after} and {@code link}) to a list body whose next page starts at
     * {@code nextId}. HubSpot's cursor is the id of the next item (hubspot.md §B.3); clients treat it as opaque.
     */
    static void putNextPage(Context ctx, ObjectNode body, long nextId) {
        String next = Long.toString(nextId);
        ObjectNode nextNode = body.putObject("paging").putObject("next");
        nextNode.put("after", next);
        nextNode.put("link", ctx.scheme() + "://" + ctx.host() + ctx.path() + "?after=" + next);
    }

    void json(Context ctx, int status, JsonNode node) {
        try {
            ctx.status(status).contentType("application/json;charset=utf-8").result(mapper.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
