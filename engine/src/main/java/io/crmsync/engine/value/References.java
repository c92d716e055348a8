package io.crmsync.engine.value;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.Side;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The links of associated records, for one run: how an association value (the id of a record of another object
 * sync, in the app that holds it) is compared across apps and translated for a write (DESIGN.md §2.6). Values are
 * compared by the link they belong to ({@code L<linkId>}); a record without a link compares as itself
 * ({@code A:<id>}), so that when it gets linked later its value changes and the association is written then.
 * A multi-valued association ({@link PropertyDef#associations}) is the set of such forms; it may be paired with a
 * single-valued one in the other app (a shop's {@code deals.contact_id} ↔ a deal's {@code @contacts}): a set of
 * one equals the single value, and a set of several cannot be written into the single one.
 * Immutable; built by the runner from the state store before planning.
 */
public final class References {
    /** No associated links: every association value compares as itself and cannot be translated. */
    public static final References NONE = new References(Map.of());
    /** Separates the sorted ids of a multi-valued association's canonical form; never part of an id. */
    private static final String SET_SEPARATOR = "\u001F";

    private final Map<String, Map<Side, Map<String, Link>>> byObject;

    /**
     * @param byObject object sync name → side → record id in that app → its link (paired or not); every link is
     *                 also found by its other side's id, so the value written into the other app (which was
     *                 not among the values read) compares as the same link
     */
    public References(Map<String, Map<Side, Map<String, Link>>> byObject) {
        Map<String, Map<Side, Map<String, Link>>> copy = new HashMap<>();
        byObject.forEach((k, v) -> {
            Map<Side, Map<String, Link>> sides = new EnumMap<>(Side.class);
            sides.put(Side.A, new HashMap<>());
            sides.put(Side.B, new HashMap<>());
            v.values().forEach(links -> links.values().forEach(link -> {
                for (Side side : Side.values()) {
                    if (link.id(side) != null) {
                        sides.get(side).put(link.id(side), link);
                    }
                }
            }));
            copy.put(k, sides);
        });
        this.byObject = copy;
    }

    /**
     * The canonical form of association value {@code raw} of property {@code def} held in {@code side}, or null
     * when empty. A multi-valued association ({@link PropertyDef#manyAssociated()}) compares as the set of its
     * ids' canonical forms, sorted, so order and delimiter do not matter; a single id is a set of one, so a
     * single-valued association equals a multi-valued one holding just the same record.
     */
    public String canonical(String object, Side side, PropertyDef def, String raw) {
        List<String> ids = ids(def, raw);
        if (ids.isEmpty()) {
            return null;
        }
        if (ids.size() == 1) {
            return canonical(object, side, ids.get(0));
        }
        TreeSet<String> set = new TreeSet<>();
        ids.forEach(id -> set.add(canonical(object, side, id)));
        return String.join(SET_SEPARATOR, set);
    }

    private String canonical(String object, Side side, String id) {
        Link link = link(object, side, id);
        return link != null && link.paired() ? "L" + link.id() : side.name() + ":" + id;
    }

    /**
     * The value to write into property {@code to} of {@code target} for association value {@code raw} of property
     * {@code from} held in {@code target.other()}: each id translated through its link, joined with {@code to}'s
     * delimiter when {@code to} holds several. The field is written whole or not at all: a partial set would
     * delete the target's associations to the records not linked yet.
     *
     * @throws ConversionException {@code INVALID_VALUE} when {@code raw} names several records and {@code to}
     *                             holds one only (a permanent property of the value, so it is tried again only
     *                             when the record changes); {@code ASSOCIATION} when an associated record has no
     *                             partner in the target yet, naming every such id
     */
    public String translate(String object, Side target, PropertyDef from, PropertyDef to, String raw,
                            String sourceApp) throws ConversionException {
        List<String> ids = ids(from, raw);
        if (ids.isEmpty()) {
            return null;
        }
        if (ids.size() > 1 && !to.manyAssociated()) {
            throw new ConversionException(FailureCategory.INVALID_VALUE, from.name() + " in " + sourceApp + " holds "
                    + ids.size() + " associated " + object + " records (" + String.join(", ", ids) + ") but "
                    + to.name() + " in the other app holds one only; map it onto a multi-valued association or"
                    + " keep one associated record");
        }
        List<String> out = new ArrayList<>();
        List<String> unlinked = new ArrayList<>();
        for (String id : ids) {
            Link link = link(object, target.other(), id);
            if (link == null || !link.paired()) {
                unlinked.add(id);
            } else {
                out.add(link.id(target));
            }
        }
        if (unlinked.size() == 1) {
            throw new ConversionException(FailureCategory.ASSOCIATION, "the associated " + object + " record "
                    + unlinked.get(0) + " in " + sourceApp + " is not linked to one in the other app yet");
        }
        if (!unlinked.isEmpty()) {
            throw new ConversionException(FailureCategory.ASSOCIATION, "the associated " + object + " records "
                    + String.join(", ", unlinked) + " in " + sourceApp + " are not linked to ones in the other app"
                    + " yet");
        }
        return to.manyAssociated() ? to.join(out) : out.get(0);
    }

    /**
     * The ids an association value names, stripped, without duplicates, in their order: a multi-valued
     * association's parts, or a single-valued one's whole text as one id.
     */
    public static List<String> ids(PropertyDef def, String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        if (!def.manyAssociated()) {
            return List.of(raw.strip());
        }
        return List.copyOf(new LinkedHashSet<>(def.split(raw)));
    }

    private Link link(String object, Side side, String id) {
        Map<Side, Map<String, Link>> sides = byObject.get(object);
        return sides == null ? null : sides.getOrDefault(side, Map.of()).get(id);
    }
}
