package io.crmsync.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * One filter condition on a record's property (any property of the record, mapped or not).
 *
 * @param property  property name in the app
 * @param operator  the operator
 * @param value     the value for single-value operators, the low end for {@code BETWEEN}; else {@code null}
 * @param highValue the high end for {@code BETWEEN}; else {@code null}
 * @param values    the values for {@code IN} and {@code NOT_IN}; else empty
 */
public record Condition(String property, FilterOperator operator, String value, String highValue, List<String> values) {
    public Condition {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(operator, "operator");
        values = values == null ? List.of() : List.copyOf(values);
    }
}
