package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A HubSpot error response (hubspot.md §B.10): HTTP {@code status} plus the body
 * {@code {"status":"error","message","correlationId","category","errors"?,"context"?}}.
 * Thrown by handlers and rendered by {@link SandboxServer}; also used as a per-input error inside 207 batch
 * responses, where it is rendered by {@link #toStandardError}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String category;
    private final Map<String, List<String>> context = new LinkedHashMap<>();
    private final Map<String, String> extra = new LinkedHashMap<>();
    private final List<String[]> details = new ArrayList<>();

    public ApiException(int status, String category, String message) {
        super(message);
        this.status = status;
        this.category = category;
    }

    public static ApiException validation(String message) {
        return new ApiException(400, "VALIDATION_ERROR", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "OBJECT_NOT_FOUND", message);
    }

    /** Adds a {@code context} entry ({@code {key:[values]}} as HubSpot writes it); returns this. */
    public ApiException context(String key, List<String> values) {
        context.put(key, values);
        return this;
    }

    /** Adds a top-level string field such as {@code policyName}; returns this. */
    public ApiException field(String key, String value) {
        extra.put(key, value);
        return this;
    }

    /** Adds an {@code errors[]} item {@code {message, code, context:{propertyName:[name]}}}; returns this. */
    public ApiException detail(String message, String code, String propertyName) {
        details.add(new String[] {message, code, propertyName});
        return this;
    }

    public int status() {
        return status;
    }

    public String category() {
        return category;
    }

    /** The full response body, with a fresh correlationId (a UUID, as HubSpot sends). */
    public ObjectNode toBody(ObjectMapper mapper) {
        ObjectNode body = mapper.createObjectNode();
        body.put("status", "error");
        body.put("message", getMessage());
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("category", category);
        extra.forEach(body::put);
        if (!details.isEmpty()) {
            putDetails(body.putArray("errors"), mapper);
        }
        putContext(mapper, body);
        return body;
    }

    /** The {@code StandardError} item of a batch {@code errors[]} list (no correlationId there). */
    public ObjectNode toStandardError(ObjectMapper mapper) {
        ObjectNode err = mapper.createObjectNode();
        err.put("status", "error");
        err.put("category", category);
        err.put("message", getMessage());
        putDetails(err.putArray("errors"), mapper);
        putContext(mapper, err);
        err.putObject("links");
        return err;
    }

    private void putDetails(ArrayNode arr, ObjectMapper mapper) {
        for (String[] d : details) {
            ObjectNode item = arr.addObject();
            item.put("message", d[0]);
            item.put("code", d[1]);
            item.putObject("context").putArray("propertyName").add(d[2]);
        }
    }

    private void putContext(ObjectMapper mapper, ObjectNode target) {
        if (context.isEmpty()) {
            return;
        }
        ObjectNode ctx = target.putObject("context");
        context.forEach((k, v) -> {
            ArrayNode arr = ctx.putArray(k);
            v.forEach(arr::add);
        });
    }
}
