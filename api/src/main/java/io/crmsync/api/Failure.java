package io.crmsync.api;

import java.util.Objects;

/**
 * A typed failure of one record (or one field of it).
 *
 * @param category     what kind of failure
 * @param message      what went wrong, for people; never contains a secret
 * @param property     the property the failure is about, or {@code null} when it concerns the whole record
 * @param retryAfterMs for transient failures, how long the app asked to wait in milliseconds, or {@code null}
 * @since 0.1
 */
public record Failure(FailureCategory category, String message, String property, Long retryAfterMs) {
    public Failure {
        Objects.requireNonNull(category, "category");
        message = message == null ? "" : message;
    }

    public static Failure of(FailureCategory category, String message) {
        return new Failure(category, message, null, null);
    }

    public static Failure ofProperty(FailureCategory category, String property, String message) {
        return new Failure(category, message, property, null);
    }

    public boolean isTransient() {
        return category.isTransient();
    }
}
