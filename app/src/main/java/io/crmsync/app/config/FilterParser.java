package io.crmsync.app.config;

import io.crmsync.engine.model.Condition;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.FilterOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads one app's filter of an object sync: a list of conditions (all must hold) or {@code {anyOf: [[...], ...]}}
 * (at least one group must hold), each condition {@code {property, operator, value | values | value+highValue}}.
 */
final class FilterParser {
    private static final List<String> FILTER_KEYS = List.of("anyOf");
    private static final List<String> CONDITION_KEYS = List.of("property", "operator", "value", "highValue", "values");
    private static final String SHAPE = "a list of conditions (all must hold) or {anyOf: [[...], [...]]}";
    private static final String OPERATORS =
            Arrays.stream(FilterOperator.values()).map(Enum::name).collect(Collectors.joining(", "));

    private final ConfigContext ctx;

    FilterParser(ConfigContext ctx) {
        this.ctx = ctx;
    }

    /** The filter, {@link Filter#NONE} when absent or empty, or {@code null} after reporting problems. */
    Filter parse(YamlNode node) {
        if (YamlNode.absent(node)) {
            return Filter.NONE;
        }
        if (node.isList()) {
            List<Condition> group = group(node);
            return group == null ? null : group.isEmpty() ? Filter.NONE : new Filter(List.of(group));
        }
        if (!ctx.expectMap(node, SHAPE)) {
            return null;
        }
        ctx.checkKeys(node, FILTER_KEYS);
        YamlNode anyOf = node.get("anyOf");
        if (YamlNode.absent(anyOf) || !anyOf.isList() || anyOf.items().isEmpty()) {
            ctx.problem(YamlNode.child(node.path, "anyOf"), "expected a non-empty list of condition lists, "
                    + "e.g. anyOf: [[{property: a, operator: EQ, value: x}], [...]]");
            return null;
        }
        List<List<Condition>> groups = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : anyOf.items()) {
            if (!item.isList() || item.items().isEmpty()) {
                ctx.problem(item.path, "each anyOf entry is a non-empty list of conditions that must all hold");
                ok = false;
                continue;
            }
            List<Condition> group = group(item);
            ok &= group != null;
            groups.add(group);
        }
        return ok ? new Filter(groups) : null;
    }

    /** An AND-group, or {@code null} after reporting problems. */
    private List<Condition> group(YamlNode list) {
        List<Condition> conditions = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : list.items()) {
            Condition condition = condition(item);
            ok &= condition != null;
            conditions.add(condition);
        }
        return ok ? conditions : null;
    }

    private Condition condition(YamlNode node) {
        if (!ctx.expectMap(node, "a condition {property, operator, value}")) {
            return null;
        }
        ctx.checkKeys(node, CONDITION_KEYS);
        String property = ctx.requiredText(node, "property", "the property to test, e.g. property: country");
        FilterOperator operator = operator(node);
        String value = ctx.text(node.get("value"));
        String highValue = ctx.text(node.get("highValue"));
        List<String> values = values(node.get("values"));
        if (property == null || operator == null) {
            return null;
        }
        boolean hasValue = !YamlNode.absent(node.get("value"));
        boolean hasHigh = !YamlNode.absent(node.get("highValue"));
        boolean hasValues = !YamlNode.absent(node.get("values"));
        String path = node.path;
        boolean ok = switch (operator) {
            case BETWEEN -> require(hasValue, path, "value", "BETWEEN needs value and highValue")
                    & require(hasHigh, path, "highValue", "BETWEEN needs value and highValue")
                    & refuse(hasValues, path, "values", "BETWEEN takes value and highValue, not values");
            case IN, NOT_IN -> require(hasValues && values != null && !values.isEmpty(), path, "values",
                    operator + " needs a non-empty list of values, e.g. values: [a, b]")
                    & refuse(hasValue, path, "value", operator + " takes values (a list), not value")
                    & refuse(hasHigh, path, "highValue", operator + " takes values (a list), not highValue");
            case HAS_PROPERTY, NOT_HAS_PROPERTY -> refuse(hasValue, path, "value", operator + " takes no value")
                    & refuse(hasHigh, path, "highValue", operator + " takes no value")
                    & refuse(hasValues, path, "values", operator + " takes no value");
            default -> require(hasValue, path, "value", operator + " needs a value")
                    & refuse(hasHigh, path, "highValue", "only BETWEEN takes highValue")
                    & refuse(hasValues, path, "values", operator + " takes one value; only IN and NOT_IN take values");
        };
        if (!ok || (hasValue && value == null) || (hasHigh && highValue == null) || (hasValues && values == null)) {
            return null;
        }
        return new Condition(property, operator, value, highValue, values);
    }

    private FilterOperator operator(YamlNode node) {
        String text = ctx.requiredText(node, "operator", "one of " + OPERATORS);
        if (text == null) {
            return null;
        }
        try {
            return FilterOperator.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            ctx.problem(YamlNode.child(node.path, "operator"),
                    ConfigContext.quote(text) + " is not a filter operator; use one of " + OPERATORS);
            return null;
        }
    }

    /** The texts of a {@code values} list; {@code null} when absent or after reporting problems. */
    private List<String> values(YamlNode node) {
        if (YamlNode.absent(node)) {
            return null;
        }
        if (!node.isList()) {
            ctx.problem(node.path, "values is a list, e.g. values: [customer, lead]");
            return null;
        }
        List<String> values = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : node.items()) {
            String text = ctx.text(item);
            if (text == null && YamlNode.absent(item)) {
                ctx.problem(item.path, "a value in the list is empty");
            }
            ok &= text != null;
            values.add(text);
        }
        return ok ? values : null;
    }

    private boolean require(boolean present, String path, String key, String message) {
        if (!present) {
            ctx.problem(YamlNode.child(path, key), message);
        }
        return present;
    }

    private boolean refuse(boolean present, String path, String key, String message) {
        if (present) {
            ctx.problem(YamlNode.child(path, key), message);
        }
        return !present;
    }
}
