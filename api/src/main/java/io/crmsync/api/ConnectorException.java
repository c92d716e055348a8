package io.crmsync.api;

/**
 * A call to an app failed as a whole (unreachable, credentials refused, bad answer), as opposed to a single
 * record failing, which is reported in a {@link WriteResult}. Messages never contain secrets.
 *
 * @since 0.1
 */
public class ConnectorException extends RuntimeException {
    private final FailureCategory category;
    private final Long retryAfterMs;

    public ConnectorException(FailureCategory category, String message, Throwable cause) {
        this(category, message, null, cause);
    }

    public ConnectorException(FailureCategory category, String message, Long retryAfterMs, Throwable cause) {
        super(message, cause);
        this.category = category;
        this.retryAfterMs = retryAfterMs;
    }

    public ConnectorException(FailureCategory category, String message) {
        this(category, message, null, null);
    }

    public FailureCategory category() {
        return category;
    }

    /** How long the app asked to wait before a retry, in milliseconds, or {@code null}. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }

    /** {@code true} when retrying later may succeed. */
    public boolean isTransient() {
        return category.isTransient();
    }
}
