package io.crmsync.engine.value;

import io.crmsync.api.FailureCategory;

/** A value cannot be converted into the target property's type or options. */
public final class ConversionException extends Exception {
    private final FailureCategory category;

    public ConversionException(FailureCategory category, String message) {
        super(message, null, false, false);
        this.category = category;
    }

    /** {@code INVALID_VALUE} or {@code INVALID_OPTION}. */
    public FailureCategory category() {
        return category;
    }
}
