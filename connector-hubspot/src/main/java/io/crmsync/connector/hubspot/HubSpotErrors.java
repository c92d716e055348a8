package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;

import java.util.function.UnaryOperator;

/**
 * Maps one HubSpot error (a response body or a batch {@code errors[]} item, hubspot.md §B.10) to a {@link Failure}:
 * CONFLICT / "already exists" → DUPLICATE (contacts: property {@code email}, the message quotes the existing id);
 * OBJECT_NOT_FOUND → RECORD_DELETED; validation codes PROPERTY_DOESNT_EXIST → UNKNOWN_PROPERTY, READ_ONLY_VALUE →
 * READ_ONLY_PROPERTY, INVALID_OPTION and INVALID_OWNER_ID → INVALID_OPTION, anything else (INVALID_EMAIL, INVALID_INTEGER, ...) →
 * INVALID_VALUE, naming the property where HubSpot names it; RATE_LIMITS → RATE_LIMITED; 5xx → REMOTE_ERROR;
 * other refusals → REJECTED_BY_APP. Stateless.
 */
final class HubSpotErrors {
    private HubSpotErrors() {
    }

    /**
     * @param status     the HTTP status the error came with (a 207's items: the status of the batch, not used)
     * @param err        the error object
     * @param objectType the object type written, to name contacts' unique {@code email}
     * @param redact     removes secrets from the message
     */
    static Failure failure(int status, JsonNode err, String objectType, UnaryOperator<String> redact,
                           ObjectMapper mapper) {
        String category = err.path("category").asText("");
        String message = redact.apply(err.path("message").asText("HubSpot refused the record (" + status + ")"));
        if (status == 409 || "CONFLICT".equals(category) || message.contains("already exists")) {
            // HubSpot enforces one contact per email; other objects' unique properties are custom (§B.1).
            String property = "contacts".equals(objectType) ? "email" : null;
            return new Failure(FailureCategory.DUPLICATE, message, property, null);
        }
        if ("OBJECT_NOT_FOUND".equals(category) || status == 404) {
            return Failure.of(FailureCategory.RECORD_DELETED, message);
        }
        if ("RATE_LIMITS".equals(category) || status == 429) {
            return new Failure(FailureCategory.RATE_LIMITED, message, null, 10_000L);
        }
        if (status >= 500) {
            return Failure.of(FailureCategory.REMOTE_ERROR, message);
        }
        JsonNode detail = firstDetail(err, mapper);
        if (detail != null) {
            String code = detail.path("code").asText(detail.path("error").asText(""));
            String property = detail.path("context").path("propertyName").path(0).asText(
                    detail.path("name").asText(null));
            // The detail's own sentence ("Email address x is invalid") rather than the envelope, whose message
            // embeds the whole JSON list; worded like the engine's field failures ("property amount: ...").
            String said = detail.path("message").asText("");
            if (!said.isBlank()) {
                message = redact.apply((property == null ? "" : "property " + property + ": ") + said);
            }
            return Failure.ofProperty(switch (code) {
                case "PROPERTY_DOESNT_EXIST" -> FailureCategory.UNKNOWN_PROPERTY;
                case "READ_ONLY_VALUE" -> FailureCategory.READ_ONLY_PROPERTY;
                // An owner id that is not an active owner is a value outside the owner property's options.
                case "INVALID_OPTION", "INVALID_OWNER_ID" -> FailureCategory.INVALID_OPTION;
                default -> FailureCategory.INVALID_VALUE;
            }, property, message);
        }
        if ("VALIDATION_ERROR".equals(category)) {
            return Failure.of(FailureCategory.INVALID_VALUE, message);
        }
        return Failure.of(FailureCategory.REJECTED_BY_APP, message);
    }

    /**
     * The first per-property problem: from {@code errors[]}, else from the JSON list HubSpot embeds in a
     * validation message ("Property values were not valid: [{...}]", §B.10).
     */
    private static JsonNode firstDetail(JsonNode err, ObjectMapper mapper) {
        JsonNode errors = err.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            return errors.get(0);
        }
        String message = err.path("message").asText("");
        int start = message.indexOf('[');
        if (start < 0 || !message.endsWith("]")) {
            return null;
        }
        try {
            JsonNode list = mapper.readTree(message.substring(start));
            return list.isArray() && !list.isEmpty() ? list.get(0) : null;
        } catch (Exception notJson) {
            return null;
        }
    }
}
