package io.crmsync.engine.value;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Parses numbers written by people and apps: {@code "12"}, {@code "12.0"}, {@code " 1,200 "}, {@code "1.200,5"}.
 * An empty value is empty, never 0 (field case C-12).
 */
final class Numbers {
    private static final Pattern GROUPED_COMMA = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern GROUPED_DOT = Pattern.compile("[-+]?\\d{1,3}(\\.\\d{3})+(,\\d+)?");
    private static final Pattern PLAIN = Pattern.compile("[-+]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][-+]?\\d+)?");

    private Numbers() {
    }

    /** The decimal value, or {@code null} when the text is not one number. */
    static BigDecimal parse(String text) {
        String t = Keys.trim(text);
        if (t == null) {
            return null;
        }
        t = t.replace("\u00A0", "").replace("\u202F", "").replace(" ", "").replace("'", "");
        String normal;
        if (GROUPED_COMMA.matcher(t).matches()) {
            normal = t.replace(",", "");
        } else if (GROUPED_DOT.matcher(t).matches() && t.indexOf('.') != t.lastIndexOf('.')
                || GROUPED_DOT.matcher(t).matches() && t.contains(",")) {
            normal = t.replace(".", "").replace(',', '.');
        } else if (PLAIN.matcher(t).matches()) {
            normal = t.replace(',', '.');
        } else {
            return null;
        }
        try {
            return new BigDecimal(normal);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Canonical text: no exponent, no trailing zeros ({@code 12.0} → {@code 12}). */
    static String format(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() < 0) {
            stripped = stripped.setScale(0);
        }
        return stripped.toPlainString();
    }
}
