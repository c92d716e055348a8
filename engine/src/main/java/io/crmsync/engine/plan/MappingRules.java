package io.crmsync.engine.plan;

import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import java.util.Locale;

/**
 * Which directions a field mapping may have, from the two properties' types and read-only flags. A pure function.
 *
 * <p>The type rules are HubSpot Data Sync's (hubspot.md §A.6, "Field mappings: rules and considerations"):
 * <ul>
 * <li>two-way: the same type on both sides; date ↔ datetime; single checkbox ↔ boolean (here: bool ↔ bool, and
 * bool ↔ a two-option enumeration, compared through labels); radio/dropdown select ↔ picklist (enumeration ↔
 * enumeration, through labels); a phone is text, so phone ↔ text;</li>
 * <li>one-way, into a text property only: number, date, datetime, bool, multiple checkboxes and a dropdown
 * (enumeration) are sent as text, never parsed back;</li>
 * <li>anything else (text into a number, a date into a bool, ...) cannot be mapped.</li>
 * </ul>
 * A read-only property can only be a source (§A.6: fields an app cannot modify map one way). Calculation and score
 * properties are read-only numbers in HubSpot's schema, so they fall under both rules: one-way, into text.
 */
public final class MappingRules {

    /** The verdict on a pair of properties: the widest direction allowed (null when none) and why it is narrower. */
    public record Allowed(Direction widest, String reason) {
        public boolean none() {
            return widest == null;
        }

        /** True if the mapping may write into {@code side}. */
        public boolean writes(Side side) {
            return widest != null && widest.writesInto(side);
        }
    }

    private MappingRules() {
    }

    /**
     * The directions a mapping between {@code a} (app A's property) and {@code b} may have.
     *
     * @return {@code widest} TWO_WAY with a null reason when nothing restricts it; a one-way direction with the
     *         reason (types or read-only); or {@code widest == null} with the reason it can never be written
     */
    public static Allowed allowed(PropertyDef a, PropertyDef b) {
        // Two associations hold ids, whatever their cardinality: a single id and a set of ids are translated into
        // each other by the links (References), so their types never narrow the direction.
        boolean ids = a.associatedType() != null && b.associatedType() != null;
        boolean intoB = (ids || typeFlows(a.type(), b.type())) && !b.readOnly();
        boolean intoA = (ids || typeFlows(b.type(), a.type())) && !a.readOnly();
        if (intoA && intoB) {
            return new Allowed(Direction.TWO_WAY, null);
        }
        String reason = reason(a, b, intoA, intoB);
        if (intoB) {
            return new Allowed(Direction.A_TO_B, reason);
        }
        if (intoA) {
            return new Allowed(Direction.B_TO_A, reason);
        }
        return new Allowed(null, reason);
    }

    /**
     * The direction a mapping gets: {@code wanted} narrowed to what {@link #allowed} permits (a two-way wish on a
     * one-way pair becomes that one way), or {@code null} when nothing of {@code wanted} is allowed.
     */
    public static Direction narrow(Direction wanted, Allowed allowed) {
        if (allowed.none()) {
            return null;
        }
        if (wanted == Direction.TWO_WAY) {
            return allowed.widest();
        }
        return allowed.writes(wanted == Direction.A_TO_B ? Side.B : Side.A) ? wanted : null;
    }

    /** True if values of type {@code from} may be written into a property of type {@code to}. */
    static boolean typeFlows(PropertyType from, PropertyType to) {
        if (from == to || twoWayPair(from, to)) {
            return true;
        }
        // Sent as text, one way (§A.6): a text target takes any value's display form.
        return to == PropertyType.STRING && from != PropertyType.PHONE;
    }

    private static boolean twoWayPair(PropertyType x, PropertyType y) {
        return pair(x, y, PropertyType.DATE, PropertyType.DATETIME)
                || pair(x, y, PropertyType.BOOL, PropertyType.ENUMERATION)
                || pair(x, y, PropertyType.PHONE, PropertyType.STRING);
    }

    private static boolean pair(PropertyType x, PropertyType y, PropertyType p, PropertyType q) {
        return (x == p && y == q) || (x == q && y == p);
    }

    private static String reason(PropertyDef a, PropertyDef b, boolean intoA, boolean intoB) {
        StringBuilder why = new StringBuilder();
        boolean ids = a.associatedType() != null && b.associatedType() != null;
        if (!ids && (!typeFlows(a.type(), b.type()) || !typeFlows(b.type(), a.type()))) {
            why.append(name(a.type())).append(" and ").append(name(b.type()));
            if (typeFlows(a.type(), b.type()) || typeFlows(b.type(), a.type())) {
                why.append(": a ").append(name(a.type() == PropertyType.STRING ? b.type() : a.type()))
                        .append(" is sent as text one way, never read back from text");
            } else {
                why.append(" are not compatible types");
            }
        }
        for (PropertyDef p : new PropertyDef[] {a, b}) {
            if (p.readOnly() && (ids || (p == a ? typeFlows(b.type(), a.type()) : typeFlows(a.type(), b.type())))) {
                why.append(why.isEmpty() ? "" : "; ").append(p.name()).append(" is read-only");
            }
        }
        if (!intoA && !intoB && why.isEmpty()) {
            why.append("neither side can be written");
        }
        return why.toString();
    }

    private static String name(PropertyType t) {
        return switch (t) {
            case STRING -> "text";
            case MULTISELECT -> "multi-select";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }
}
