package io.crmsync.testkit;

import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Per-value checks an app typically makes on a write, shared by the in-memory connector. Stateless and
 * thread-safe.
 */
final class ValueChecks {
    // A "plain" decimal: BigDecimal would also take "1E+3", which no CRM number field accepts as typed input.
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private ValueChecks() {
    }

    /**
     * Checks one value against its property's type and options.
     *
     * @param def   the property; {@code null} means the property does not exist
     * @param name  the property name as written by the caller
     * @param value the native text value; {@code null} or blank means "clear" and only fails on read-only
     * @return the failure naming the property, or {@code null} when the value may be written
     */
    static Failure check(PropertyDef def, String name, String value) {
        if (def == null) {
            return Failure.ofProperty(FailureCategory.UNKNOWN_PROPERTY, name,
                    "property \"" + name + "\" does not exist");
        }
        if (def.readOnly()) {
            return Failure.ofProperty(FailureCategory.READ_ONLY_PROPERTY, name,
                    "property \"" + name + "\" is read-only");
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        switch (def.type()) {
            case NUMBER:
                if (!PLAIN_DECIMAL.matcher(value.trim()).matches()) {
                    return Failure.ofProperty(FailureCategory.INVALID_VALUE, name,
                            "property \"" + name + "\": \"" + value + "\" is not a number");
                }
                return null;
            case ENUMERATION:
                if (!def.options().isEmpty() && !optionValues(def).contains(value)) {
                    return invalidOption(name, value);
                }
                return null;
            case MULTISELECT:
                if (def.options().isEmpty()) {
                    return null;
                }
                Set<String> allowed = optionValues(def);
                for (String part : def.split(value)) {
                    String trimmed = part.trim();
                    if (!trimmed.isEmpty() && !allowed.contains(trimmed)) {
                        return invalidOption(name, trimmed);
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /** The key two values of a unique property clash on: trimmed and lower-cased; {@code null} for empty. */
    static String uniqueKey(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim().toLowerCase(Locale.ROOT);
    }

    private static Set<String> optionValues(PropertyDef def) {
        return def.options().stream().map(PropertyOption::value).collect(Collectors.toSet());
    }

    private static Failure invalidOption(String name, String value) {
        return Failure.ofProperty(FailureCategory.INVALID_OPTION, name,
                "property \"" + name + "\": \"" + value + "\" is not one of its options");
    }
}
