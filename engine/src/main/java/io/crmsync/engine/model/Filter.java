package io.crmsync.engine.model;

import java.util.List;

/**
 * A filter that gates a record's entry into a sync: an OR of AND-groups of conditions.
 * An empty filter lets every record in.
 *
 * @param anyOf the AND-groups; the record passes when all conditions of at least one group hold
 */
public record Filter(List<List<Condition>> anyOf) {
    public static final Filter NONE = new Filter(List.of());

    public Filter {
        anyOf = anyOf.stream().map(List::copyOf).toList();
    }

    public boolean isEmpty() {
        return anyOf.isEmpty();
    }
}
