package io.crmsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    void json(Context ctx, int status, JsonNode node) {
        try {
            ctx.status(status).contentType("application/json;charset=utf-8").result(mapper.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
