package io.crmsync.engine.value;

import io.crmsync.api.FailureCategory;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.Side;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The links of associated records, for one run: how an association value (the id of a record of another object
 * sync, in the app that holds it) is compared across apps and translated for a write (DESIGN.md §2.6). Values are
 * compared by the link they belong to ({@code L<linkId>}); a record without a link compares as itself
 * ({@code A:<id>}), so that when it gets linked later its value changes and the association is written then.
 * Immutable; built by the runner from the state store before planning.
 */
public final class References {
    /** No associated links: every association value compares as itself and cannot be translated. */
    public static final References NONE = new References(Map.of());

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

    /** The canonical form of association value {@code id} held in {@code side}, or null when empty. */
    public String canonical(String object, Side side, String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        Link link = link(object, side, id.strip());
        return link != null && link.paired() ? "L" + link.id() : side.name() + ":" + id.strip();
    }

    /**
     * The id to write into {@code target} for association value {@code id} held in {@code target.other()}.
     *
     * @throws ConversionException {@code ASSOCIATION} when the associated record has no partner in the target yet
     */
    public String translate(String object, Side target, String id, String sourceApp) throws ConversionException {
        if (id == null || id.isBlank()) {
            return null;
        }
        Link link = link(object, target.other(), id.strip());
        if (link == null || !link.paired()) {
            throw new ConversionException(FailureCategory.ASSOCIATION, "the associated " + object + " record "
                    + id.strip() + " in " + sourceApp + " is not linked to one in the other app yet");
        }
        return link.id(target);
    }

    private Link link(String object, Side side, String id) {
        Map<Side, Map<String, Link>> sides = byObject.get(object);
        return sides == null ? null : sides.getOrDefault(side, Map.of()).get(id);
    }
}
