package io.crmsync.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * One HubSpot owner: a user who can be assigned records through {@code hubspot_owner_id} (the owners API,
 * {@code /crm/v3/owners}). {@code id} is the owner id records store; {@code userId} is the user's own id; an
 * {@code archived} owner is a deactivated user, listed only with {@code archived=true} and refused as a record's
 * owner. {@code teams} are team names, rendered as HubSpot's {@code teams:[{id,name,primary}]}.
 */
public record Owner(long id, String email, String firstName, String lastName, long userId, Instant createdAt,
                    Instant updatedAt, boolean archived, List<String> teams) {
    public Owner {
        teams = teams == null ? List.of() : List.copyOf(teams);
    }

    /** The same owner with {@code archived} set and {@code updatedAt} moved to {@code at}. */
    Owner withArchived(boolean value, Instant at) {
        return new Owner(id, email, firstName, lastName, userId, createdAt, at, value, teams);
    }
}
