package io.crmsync.connector.hubspot;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A HubSpot app's {@code webhooks:} settings, used by {@code crmsync serve} to receive HubSpot's webhook
 * deliveries (hubspot.md §B.8):
 * <ul>
 * <li>{@code clientSecret} (required): the HubSpot app's client secret, which signs every delivery (v3). A secret:
 * write it as {@code ${HUBSPOT_CLIENT_SECRET}}; it is never printed.</li>
 * <li>{@code publicUrl} (optional): the URL HubSpot calls when crmsync sits behind a proxy or tunnel, e.g.
 * {@code https://sync.example.com/webhooks/hubspot/hubspot}. The signature covers the URL HubSpot called, so
 * without it the URL the request arrived on is used.</li>
 * </ul>
 *
 * @param clientSecret the client secret; never printed by {@link #toString()}
 * @param publicUrl    the public URL of this app's webhook endpoint, or {@code null}
 */
public record WebhookSettings(String clientSecret, String publicUrl) {
    private static final Set<String> KEYS = Set.of("clientSecret", "publicUrl");

    /** Every problem with the app's {@code webhooks:} key; empty when it is absent or valid. */
    public static List<ConfigProblem> problems(AppSettings s) {
        List<ConfigProblem> out = new ArrayList<>();
        Object raw = s.values().get("webhooks");
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            out.add(new ConfigProblem("webhooks", "webhooks must be a map, e.g. webhooks: {clientSecret: "
                    + "${HUBSPOT_CLIENT_SECRET}}"));
            return out;
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                out.add(new ConfigProblem("webhooks." + key, "unknown key \"" + key + "\" under webhooks; known keys:"
                        + " clientSecret, publicUrl"));
            }
        }
        Object secret = map.get("clientSecret");
        if (secret == null || String.valueOf(secret).isBlank()) {
            out.add(new ConfigProblem("webhooks.clientSecret", "webhooks.clientSecret is required to verify HubSpot's"
                    + " webhook signatures: the HubSpot app's client secret, e.g. ${HUBSPOT_CLIENT_SECRET}"));
        }
        Object url = map.get("publicUrl");
        if (url != null && !String.valueOf(url).matches("https?://[^\\s?#]+")) {
            out.add(new ConfigProblem("webhooks.publicUrl", "webhooks.publicUrl must be the http(s) URL HubSpot calls,"
                    + " without a query, e.g. https://sync.example.com/webhooks/hubspot/" + s.name()));
        }
        return out;
    }

    /**
     * The settings of an app whose {@link #problems} are empty.
     *
     * @return the settings, or {@code null} when the app has no {@code webhooks:} key
     */
    public static WebhookSettings of(AppSettings s) {
        Map<String, Object> map = s.map("webhooks");
        if (map.isEmpty() || map.get("clientSecret") == null) {
            return null;
        }
        Object url = map.get("publicUrl");
        return new WebhookSettings(String.valueOf(map.get("clientSecret")), url == null ? null : String.valueOf(url));
    }

    @Override
    public String toString() {
        return "WebhookSettings[clientSecret=***, publicUrl=" + publicUrl + "]";
    }
}
