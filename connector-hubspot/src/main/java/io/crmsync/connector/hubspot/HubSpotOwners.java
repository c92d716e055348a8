package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyOption;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's active owners as the options of owner properties (those with {@code referencedObjectType: OWNER},
 * such as {@code hubspot_owner_id}; hubspot.md §B.6): value = owner id, label = the owner's email, so that the
 * engine pairs owners with another app's users by email, ignoring case (DESIGN.md §2.1). Deactivated owners are
 * not listed ({@code GET /crm/v3/owners} without {@code archived}), so a record cannot be given one: writing such
 * an owner fails that field with INVALID_OPTION.
 *
 * <p>Read once per connector, on the first schema that has an owner property, in pages of {@value #PAGE} (the
 * owners API's maximum). A token without the owners scope ({@code crm.objects.owners.read}) is not an error of
 * the whole schema: {@link #options()} is then empty and the owner properties are read-only (logged once as a
 * warning). Thread-safe.
 */
final class HubSpotOwners {
    private static final Logger LOG = LoggerFactory.getLogger(HubSpotOwners.class);
    /** The owners API's page limit. */
    static final int PAGE = 500;
    private final HubSpotHttp http;
    private Optional<List<PropertyOption>> owners;

    HubSpotOwners(HubSpotHttp http) {
        this.http = http;
    }

    /**
     * The active owners as options, in HubSpot's order; empty when the token may not read owners.
     *
     * @throws ConnectorException REJECTED_BY_APP when HubSpot refuses the list otherwise; the HTTP layer's
     *                            categories for authentication, rate limits and outages
     */
    synchronized Optional<List<PropertyOption>> options() {
        if (owners == null) {
            owners = read();
        }
        return owners;
    }

    private Optional<List<PropertyOption>> read() {
        List<PropertyOption> out = new ArrayList<>();
        String after = null;
        do {
            HubSpotHttp.Response r;
            try {
                r = http.get("/crm/v3/owners?limit=" + PAGE
                        + (after == null ? "" : "&after=" + HubSpotConnector.enc(after)));
            } catch (ConnectorException e) {
                if (e.category() != FailureCategory.PERMISSION) {
                    throw e;
                }
                LOG.warn("HubSpot owner properties are read-only: the token may not read owners (scope "
                        + "crm.objects.owners.read): {}", e.getMessage());
                return Optional.empty();
            }
            if (!r.ok()) {
                throw new ConnectorException(FailureCategory.REJECTED_BY_APP, "HubSpot refused the list of owners ("
                        + r.status() + "): " + http.message(r));
            }
            for (JsonNode o : r.body().path("results")) {
                String id = o.path("id").asText("");
                String email = o.path("email").asText("").strip();
                if (!id.isEmpty() && !email.isEmpty() && !o.path("archived").asBoolean(false)) {
                    out.add(new PropertyOption(id, email));
                }
            }
            JsonNode next = r.body().path("paging").path("next").path("after");
            after = next.isMissingNode() || next.isNull() || next.asText().isEmpty() ? null : next.asText();
        } while (after != null);
        return Optional.of(List.copyOf(out));
    }
}
