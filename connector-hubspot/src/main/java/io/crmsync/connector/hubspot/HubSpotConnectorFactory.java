package io.crmsync.connector.hubspot;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.ConnectorFactory;
import io.crmsync.api.FailureCategory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes {@link HubSpotConnector}s for apps of type {@code hubspot}. Keys: {@code token} (or {@code accessToken}),
 * or OAuth {@code refreshToken} + {@code clientId} + {@code clientSecret} (optional {@code tokenUrl}), or a legacy
 * {@code apiKey}; {@code baseUrl}, {@code timeZone}, {@code defaultRegion}, {@code objects}, {@code indexingLagMs},
 * {@code requestsPer10s} (see {@link HubSpotSettings}). Stateless and thread-safe.
 */
public final class HubSpotConnectorFactory implements ConnectorFactory {
    public static final String TYPE = "hubspot";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<ConfigProblem> validate(AppSettings settings) {
        return HubSpotSettings.problems(settings);
    }

    /**
     * Opens a connector; no I/O happens until the first call.
     *
     * @throws ConnectorException {@code REJECTED_BY_APP} listing the problems when the settings are invalid
     */
    @Override
    public Connector open(AppSettings settings) {
        List<ConfigProblem> problems = validate(settings);
        if (!problems.isEmpty()) {
            throw new ConnectorException(FailureCategory.REJECTED_BY_APP, "Invalid HubSpot settings for app '"
                    + settings.name() + "': " + problems);
        }
        HubSpotSettings parsed = HubSpotSettings.parse(settings);
        // The token is a secret even when the config did not mark it so: redact it from every message.
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        secrets.addAll(settings.secrets());
        secrets.addAll(parsed.credentials());
        return new HubSpotConnector(parsed, secrets);
    }
}
