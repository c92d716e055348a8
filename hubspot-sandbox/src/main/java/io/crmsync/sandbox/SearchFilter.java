package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One search filter (hubspot.md §B.5): {@code {propertyName, operator, value?, highValue?, values?}}, parsed and
 * validated against the property's type, then matched against records.
 * <ul>
 * <li>number properties compare as decimals; date/datetime properties as epoch ms, the filter value given as epoch
 * ms or ISO-8601 (§B.5, §B.12);</li>
 * <li>string values compare ignoring case, except that IN/NOT_IN values must be lowercase for string properties
 * (an upper-case value never matches, per §B.5); enumeration properties compare case-sensitively for every
 * operator;</li>
 * <li>CONTAINS_TOKEN matches a whole whitespace-separated token, {@code *} a wildcard; it ignores case.</li>
 * <li>A record without the property matches only NOT_HAS_PROPERTY, NEQ, NOT_IN and NOT_CONTAINS_TOKEN
 * [unverified: HubSpot's handling of missing values under negative operators]. An unknown property has no value.</li>
 * </ul>
 */
final class SearchFilter {
    static final Set<String> OPERATORS = Set.of("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
            "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN");
    private final String property;
    private final String operator;
    private final String kind;
    private final String value;
    private final String highValue;
    private final List<String> values;

    private SearchFilter(String property, String operator, String kind, String value, String highValue,
                         List<String> values) {
        this.property = property;
        this.operator = operator;
        this.kind = kind;
        this.value = value;
        this.highValue = highValue;
        this.values = values;
    }

    /** Parses one filter; 400 VALIDATION_ERROR on an unknown operator, a missing or ill-typed value. */
    static SearchFilter parse(JsonNode f, ObjectType type, PropertyCatalog catalog) {
        String property = text(f, "propertyName");
        String operator = text(f, "operator");
        if (property == null) {
            throw ApiException.validation("Invalid filter: propertyName is required");
        }
        if (operator == null || !OPERATORS.contains(operator)) {
            throw ApiException.validation("Invalid filter on " + property + ": unknown operator " + operator
                    + "; expected one of " + new java.util.TreeSet<>(OPERATORS));
        }
        String kind = kindOf(type, property, catalog);
        List<String> values = new ArrayList<>();
        if (f.has("values") && f.get("values").isArray()) {
            f.get("values").forEach(v -> values.add(v.asText()));
        }
        SearchFilter parsed = new SearchFilter(property, operator, kind, text(f, "value"), text(f, "highValue"),
                values);
        parsed.check();
        return parsed;
    }

    /** Comparison kind of a property: number, datetime, enumeration or string (bool and phone compare as string). */
    static String kindOf(ObjectType type, String property, PropertyCatalog catalog) {
        return catalog.find(type, property).map(d -> switch (d.type()) {
            case "number" -> "number";
            case "date", "datetime" -> "datetime";
            case "enumeration" -> "enumeration";
            default -> "string";
        }).orElse("string");
    }

    private void check() {
        switch (operator) {
            case "HAS_PROPERTY", "NOT_HAS_PROPERTY" -> { }
            case "IN", "NOT_IN" -> {
                if (values.isEmpty()) {
                    throw ApiException.validation("Invalid filter on " + property + ": " + operator
                            + " needs a non-empty values array");
                }
                values.forEach(this::checkTyped);
            }
            case "BETWEEN" -> {
                if (value == null || highValue == null) {
                    throw ApiException.validation("Invalid filter on " + property
                            + ": BETWEEN needs value and highValue");
                }
                checkTyped(value);
                checkTyped(highValue);
            }
            default -> {
                if (value == null) {
                    throw ApiException.validation("Invalid filter on " + property + ": " + operator
                            + " needs a value");
                }
                if (!operator.contains("TOKEN")) {
                    checkTyped(value);
                }
            }
        }
    }

    private void checkTyped(String v) {
        if (("number".equals(kind) && number(v) == null) || ("datetime".equals(kind) && epochMillis(v) == null)) {
            throw ApiException.validation("Invalid filter on " + property + ": \"" + v + "\" is not a valid "
                    + kind + (kind.equals("datetime") ? " (epoch milliseconds or ISO-8601)" : ""));
        }
    }

    /** Whether a record whose value of the property is {@code actual} (null when unset) passes the filter. */
    boolean matches(String actual) {
        boolean present = actual != null && !actual.isEmpty();
        return switch (operator) {
            case "HAS_PROPERTY" -> present;
            case "NOT_HAS_PROPERTY" -> !present;
            case "NEQ", "NOT_IN", "NOT_CONTAINS_TOKEN" -> !present || !positive(actual);
            default -> present && positive(actual);
        };
    }

    private boolean positive(String actual) {
        return switch (operator) {
            case "EQ", "NEQ" -> compare(actual, value) == 0;
            case "LT" -> compare(actual, value) < 0;
            case "LTE" -> compare(actual, value) <= 0;
            case "GT" -> compare(actual, value) > 0;
            case "GTE" -> compare(actual, value) >= 0;
            case "BETWEEN" -> compare(actual, value) >= 0 && compare(actual, highValue) <= 0;
            case "IN", "NOT_IN" -> values.stream().anyMatch(v -> inMatch(actual, v));
            case "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN" -> containsToken(actual, value);
            default -> false;
        };
    }

    private boolean inMatch(String actual, String candidate) {
        if ("string".equals(kind)) {
            // §B.5: IN/NOT_IN values must be lowercase for string properties; the stored value is compared lowered.
            return actual.toLowerCase(Locale.ROOT).equals(candidate);
        }
        return compare(actual, candidate) == 0;
    }

    private int compare(String actual, String wanted) {
        return compareValues(kind, actual, wanted);
    }

    /** Compares two values of a property of the given kind; unparseable values sort as strings. */
    static int compareValues(String kind, String a, String b) {
        switch (kind) {
            case "number" -> {
                BigDecimal x = number(a);
                BigDecimal y = number(b);
                if (x != null && y != null) {
                    return x.compareTo(y);
                }
            }
            case "datetime" -> {
                Long x = epochMillis(a);
                Long y = epochMillis(b);
                if (x != null && y != null) {
                    return Long.compare(x, y);
                }
            }
            case "enumeration" -> {
                return a.compareTo(b);
            }
            default -> { }
        }
        return a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
    }

    private boolean containsToken(String actual, String pattern) {
        boolean ignoreCase = !"enumeration".equals(kind);
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        Pattern p = Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        if (p.matcher(actual.strip()).matches()) {
            return true;
        }
        for (String token : actual.split("[\\s;,]+")) {
            if (!token.isEmpty() && p.matcher(token).matches()) {
                return true;
            }
        }
        return false;
    }

    static BigDecimal number(String v) {
        try {
            return new BigDecimal(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Epoch ms from {@code 1579514400000}, an ISO instant, or an ISO date (midnight UTC); null if none of those. */
    static Long epochMillis(String v) {
        String s = v.strip();
        if (s.matches("-?\\d+")) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    String property() {
        return property;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
