package io.crmsync.api;

import java.util.Objects;

/**
 * One option of an enumeration or multi-select property.
 *
 * @param value the internal value the app stores
 * @param label the label users see; two apps' options are paired by label (case and surrounding spaces ignored)
 * @since 0.1
 */
public record PropertyOption(String value, String label) {
    public PropertyOption {
        Objects.requireNonNull(value, "value");
        if (label == null || label.isBlank()) {
            label = value;
        }
    }

    /** An option whose label is its value. */
    public static PropertyOption of(String value) {
        return new PropertyOption(value, value);
    }
}
