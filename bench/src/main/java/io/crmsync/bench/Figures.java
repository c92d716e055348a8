package io.crmsync.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The figures of one benchmark, printed as one line of {@code key=value} pairs in insertion order. */
final class Figures {
    private final Map<String, String> values = new LinkedHashMap<>();

    Figures put(String key, long value) {
        values.put(key, Long.toString(value));
        return this;
    }

    /** A decimal figure, rounded to {@code decimals} places. */
    Figures put(String key, double value, int decimals) {
        values.put(key, String.format(Locale.ROOT, "%." + decimals + "f", value));
        return this;
    }

    Figures put(String key, String value) {
        values.put(key, value);
        return this;
    }

    String line() {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return out.toString();
    }
}
