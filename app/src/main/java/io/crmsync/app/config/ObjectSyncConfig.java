package io.crmsync.app.config;

import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.Side;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One object sync of a sync, e.g. crm {@code contacts} with shop {@code customers} (DESIGN.md §1, §4).
 *
 * @param name          the object sync's name
 * @param typeA         object type in app A
 * @param typeB         object type in app B
 * @param direction     which way values flow
 * @param defaultApp    the side whose value wins a conflict; in a one-way sync always the source
 * @param onlyWithEmail sync only contacts that have an email (default {@code true})
 * @param match         how unlinked records are paired
 * @param filterA       entry filter on app A's records ({@link Filter#NONE} lets all in)
 * @param filterB       entry filter on app B's records
 * @param filterPolicy  whether filters gate entry only or apply continuously
 * @param deletesA      what happens to the partner when a record is deleted in app A
 * @param deletesB      what happens to the partner when a record is deleted in app B
 * @param mappings      the user's field mappings, in file order
 * @param enabled       {@code false} stops runs while keeping state
 * @param enforce       one-way only: overwrite destination edits on every run
 * @param keyPath       where the object sync is in the config, e.g. {@code syncs.crm-shop.objects.contacts}
 * @param externalIds   per side, the property a created record gets its source's key in (key {@code externalId}),
 *                      so that a create interrupted by a crash is found again instead of repeated; may be empty
 * @param companyFromEmailDomain contacts only: associate a contact without a company with the company of its
 *                      email domain (key {@code companyFromEmailDomain}, default {@code false})
 * @param freeMailDomains normalised domains added to the shipped free-mail list for this object sync (key
 *                      {@code freeMailDomains}); may be empty
 */
public record ObjectSyncConfig(String name, String typeA, String typeB, Direction direction, Side defaultApp,
                               boolean onlyWithEmail, MatchConfig match, Filter filterA, Filter filterB,
                               FilterPolicy filterPolicy, DeletePolicy deletesA, DeletePolicy deletesB,
                               List<MappingConfig> mappings, boolean enabled, boolean enforce, String keyPath,
                               Map<Side, String> externalIds, boolean companyFromEmailDomain,
                               List<String> freeMailDomains) {
    public ObjectSyncConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(typeA, "typeA");
        Objects.requireNonNull(typeB, "typeB");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(defaultApp, "defaultApp");
        Objects.requireNonNull(match, "match");
        filterA = filterA == null ? Filter.NONE : filterA;
        filterB = filterB == null ? Filter.NONE : filterB;
        Objects.requireNonNull(filterPolicy, "filterPolicy");
        Objects.requireNonNull(deletesA, "deletesA");
        Objects.requireNonNull(deletesB, "deletesB");
        mappings = List.copyOf(mappings);
        freeMailDomains = List.copyOf(freeMailDomains);
    }

    /** The object type on the given side. */
    public String type(Side side) {
        return side == Side.A ? typeA : typeB;
    }

    /** The entry filter on the given side's records. */
    public Filter filter(Side side) {
        return side == Side.A ? filterA : filterB;
    }

    /** The policy for deletes made in the app on the given side. */
    public DeletePolicy deletes(Side side) {
        return side == Side.A ? deletesA : deletesB;
    }
}
