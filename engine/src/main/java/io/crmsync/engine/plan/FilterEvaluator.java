package io.crmsync.engine.plan;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Condition;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.value.Keys;
import io.crmsync.engine.value.ValueCodec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Evaluates entry filters on a record's own values (any property, mapped or not), with HubSpot's operators.
 * Values compare in the property's type: numbers as numbers, dates as dates; text ignores case. Pure.
 */
public final class FilterEvaluator {
    private static final Pattern TOKEN_SPLIT = Pattern.compile("[\\s\\p{P}]+");

    private final ValueCodec codec;

    public FilterEvaluator(ValueCodec codec) {
        this.codec = codec;
    }

    /** {@code true} when the record passes: an empty filter, or all conditions of one AND-group hold. */
    public boolean passes(Filter filter, ObjectSchema schema, Record record) {
        if (filter.isEmpty()) {
            return true;
        }
        for (List<Condition> group : filter.anyOf()) {
            if (group.stream().allMatch(c -> holds(c, schema, record))) {
                return true;
            }
        }
        return false;
    }

    private boolean holds(Condition c, ObjectSchema schema, Record record) {
        PropertyDef def = schema.property(c.property()).orElse(PropertyDef.of(c.property(), PropertyType.STRING));
        String raw = record.get(c.property());
        String value = canonical(raw, def);
        return switch (c.operator()) {
            case HAS_PROPERTY -> value != null;
            case NOT_HAS_PROPERTY -> value == null;
            case EQ -> value != null && compare(value, canonical(c.value(), def), def) == 0;
            case NEQ -> value == null || compare(value, canonical(c.value(), def), def) != 0;
            case LT -> value != null && compare(value, canonical(c.value(), def), def) < 0;
            case LTE -> value != null && compare(value, canonical(c.value(), def), def) <= 0;
            case GT -> value != null && compare(value, canonical(c.value(), def), def) > 0;
            case GTE -> value != null && compare(value, canonical(c.value(), def), def) >= 0;
            case BETWEEN -> value != null && compare(value, canonical(c.value(), def), def) >= 0
                    && compare(value, canonical(c.highValue(), def), def) <= 0;
            case IN -> value != null && c.values().stream().anyMatch(v -> compare(value, canonical(v, def), def) == 0);
            case NOT_IN -> value == null || c.values().stream().noneMatch(v -> compare(value, canonical(v, def), def) == 0);
            case CONTAINS_TOKEN -> raw != null && c.value() != null && List.of(TOKEN_SPLIT.split(raw.toLowerCase(Locale.ROOT)))
                    .contains(c.value().trim().toLowerCase(Locale.ROOT));
        };
    }

    private String canonical(String raw, PropertyDef def) {
        String c = codec.canonical(raw, def, def.type(), null);
        return def.type() == PropertyType.STRING ? Keys.text(c) : c;
    }

    private static int compare(String left, String right, PropertyDef def) {
        if (right == null) {
            return 1;
        }
        if (def.type() == PropertyType.NUMBER) {
            try {
                return new BigDecimal(left).compareTo(new BigDecimal(right));
            } catch (NumberFormatException e) {
                return left.compareTo(right);
            }
        }
        // ISO dates and instants compare correctly as text; text is already case-folded.
        return left.compareTo(right);
    }
}
