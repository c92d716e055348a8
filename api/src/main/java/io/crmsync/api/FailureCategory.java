package io.crmsync.api;

/**
 * Why a record failed to sync (DESIGN.md §2.4), with the one-line resolution hint shown to users.
 *
 * <p>Transient categories are retried with backoff and carried over to later runs until they succeed; the
 * others are retried when the record changes or when a user asks for a resync.
 *
 * @since 0.1
 */
public enum FailureCategory {
    AUTHENTICATION(false, "Check the app's credentials (token or password) in the config, then run again."),
    PERMISSION(false, "Grant the app's user or token the read and write scopes for this object type."),
    INVALID_VALUE(false, "Fix the value named in the message in the source record, or change the field mapping."),
    INVALID_OPTION(false, "Add the missing option to the target property, or fix the value in the source record."),
    VALUE_TOO_LONG(false, "Shorten the value in the source record, or widen the target property."),
    REQUIRED_FIELD_MISSING(false, "Fill in the required property in the source record, or map it."),
    READ_ONLY_PROPERTY(false, "Make the mapping one-way out of this app, or turn the mapping off."),
    UNKNOWN_PROPERTY(false, "Create the property in the target app, or remove it from the field mappings."),
    DUPLICATE(false, "Another record already holds this unique value: merge or fix the records, then resync."),
    RECORD_DELETED(false, "It was deleted in one app: crmsync resync-deleted re-creates it from the other copy."),
    ASSOCIATION(false, "Sync the associated record first (or enable its object sync), then resync."),
    RATE_LIMITED(true, "The app's rate limit was hit; crmsync retries automatically."),
    REMOTE_ERROR(true, "The app failed or was unreachable; crmsync retries automatically."),
    REJECTED_BY_APP(false, "The app refused the record; read the message, fix the record, then resync."),
    UNKNOWN(false, "Unexpected error: read the message and the log, then resync.");

    private final boolean transientFailure;
    private final String hint;

    FailureCategory(boolean transientFailure, String hint) {
        this.transientFailure = transientFailure;
        this.hint = hint;
    }

    /** {@code true} for failures that go away by themselves and are retried automatically. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** One line telling the user how to fix records that failed this way. */
    public String hint() {
        return hint;
    }
}
