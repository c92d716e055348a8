package io.crmsync.engine.plan;

import io.crmsync.api.Record;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the re-creation of deleted records from their surviving partners (DESIGN.md §2.5 "Resync deleted
 * records"): one create per link, through the same merge as a run's creates, so that mappings, conversions,
 * directions, association translation and company-from-domain apply as they would to a new record. Pure; one
 * instance per object sync; thread-safe.
 */
public final class ResyncPlanner {
    private final ObjectSyncSettings settings;
    private final Merger merger;

    /**
     * @param settings the object sync, with the {@link ObjectSyncSettings#withReferences references} of the
     *                 survivors' associated records already loaded (or none)
     */
    public ResyncPlanner(ObjectSyncSettings settings) {
        this.settings = settings;
        this.merger = new Merger(settings);
    }

    /**
     * One record to re-create: the link whose record in the target app is gone, its surviving partner, and the
     * target's record already holding the partner's identifier, linked and merged instead of creating one
     * ({@code null} when there is none).
     */
    public record Item(Link link, Record survivor, Record existing) {
    }

    /**
     * Why a record could not be created in {@code into} from {@code survivor} because it would lack a property
     * {@code into} requires, e.g. {@code shop requires name (...) to create customers; not created}; {@code null}
     * when nothing required is missing.
     */
    public String missingRequired(Side into, Record survivor) {
        return merger.missingRequired(into, survivor);
    }

    /**
     * A plan that creates each item's record in {@code into} (or, with an existing record, merges the two as a
     * first match does, DESIGN.md §2.3) and links it in the item's link row; it holds no other updates and no
     * state changes.
     *
     * @throws IllegalArgumentException when the object sync's direction does not write into {@code into}
     */
    public Plan creates(Side into, List<Item> items) {
        if (!settings.direction().writesInto(into)) {
            throw new IllegalArgumentException(settings.label() + " does not write into " + settings.app(into));
        }
        List<Plan.Pairing> pairings = new ArrayList<>();
        for (Item item : items) {
            Record a = into == Side.A ? item.existing() : item.survivor();
            Record b = into == Side.B ? item.existing() : item.survivor();
            pairings.add(new Plan.Pairing(item.existing() == null ? PairPlan.Kind.CREATE : PairPlan.Kind.MATCH,
                    item.link(), a, b));
        }
        return new Plan(List.of(), pairings, merger, List.of());
    }
}
