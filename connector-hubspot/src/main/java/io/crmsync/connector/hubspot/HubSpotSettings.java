package io.crmsync.connector.hubspot;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parsed settings of one HubSpot app. Immutable.
 *
 * @param token          private-app or OAuth access token (secret; config key {@code token} or {@code accessToken}),
 *                       or {@code null} when the app uses OAuth refresh or a legacy API key
 * @param baseUrl        API root without trailing slash (default {@value #DEFAULT_BASE_URL})
 * @param timeZone       the portal's time zone, for people reading dates; values are exchanged in UTC
 * @param defaultRegion  region for phone numbers without a country code (e.g. {@code US}), or {@code null}
 * @param objectTypes    object types to sync (default contacts, companies)
 * @param indexingLagMs  milliseconds subtracted from a change-read checkpoint because search indexes writes late
 *                       (default 5,000)
 * @param requestsPer10s request budget per 10-second window shared by every connector of the account (default 100,
 *                       HubSpot's free/starter private-app burst limit, hubspot.md §B.9)
 * @param apiKey         legacy HubSpot API key (secret), sent as the {@code hapikey} query parameter, or {@code null}
 * @param refreshToken   OAuth refresh token (secret), or {@code null}; with {@code clientId} and {@code clientSecret}
 *                       the connector fetches and refreshes access tokens itself ({@link HubSpotOAuth})
 * @param clientId       OAuth app client id, or {@code null}
 * @param clientSecret   OAuth app client secret (secret), or {@code null}
 * @param tokenUrl       OAuth token endpoint (default baseUrl + {@code /oauth/v1/token})
 * @param associations   associated object types exposed as {@code @<type>} properties (key {@code associations},
 *                       a list of companies, contacts, deals, e.g. {@code [companies, contacts]}; see
 *                       {@link HubSpotAssociations}); default none
 */
public record HubSpotSettings(String token, String baseUrl, ZoneId timeZone, String defaultRegion,
                              List<String> objectTypes, long indexingLagMs, int requestsPer10s, String apiKey,
                              String refreshToken, String clientId, String clientSecret, String tokenUrl,
                              List<String> associations) {
    public static final String DEFAULT_BASE_URL = "https://api.hubapi.com";
    static final List<String> DEFAULT_OBJECTS = List.of("contacts", "companies");
    /** HubSpot's standard CRM object types crmsync syncs (hubspot.md §B.1 object type table). */
    static final List<String> STANDARD_OBJECTS = List.of("contacts", "companies", "deals", "tickets", "products",
            "line_items", "invoices", "quotes", "leads", "calls", "emails", "meetings", "notes", "tasks",
            "communications", "postal_mail");
    /** A custom object's fully qualified name ({@code p123_cars}, {@code p_cars}) or type id ({@code 2-123}), or a
     * standard type by id ({@code 0-1}). */
    private static final java.util.regex.Pattern CUSTOM_OBJECT =
            java.util.regex.Pattern.compile("p\\d*_[a-z0-9_]+|[02]-\\d+");

    /** Every problem of the settings; empty when {@link #parse} will succeed. Messages never quote the token. */
    static List<ConfigProblem> problems(AppSettings s) {
        List<ConfigProblem> out = new ArrayList<>();
        int oauthKeys = (secret(s, "refreshToken") == null ? 0 : 1) + (secret(s, "clientId") == null ? 0 : 1)
                + (secret(s, "clientSecret") == null ? 0 : 1);
        if (oauthKeys > 0 && oauthKeys < 3) {
            out.add(new ConfigProblem("refreshToken", "OAuth needs all of refreshToken, clientId and clientSecret "
                    + "(e.g. ${HUBSPOT_REFRESH_TOKEN}, ${HUBSPOT_CLIENT_ID}, ${HUBSPOT_CLIENT_SECRET})."));
        } else if (token(s) == null && oauthKeys == 0 && secret(s, "apiKey") == null) {
            out.add(new ConfigProblem("token", "A HubSpot private-app access token is required: set token: "
                    + "${HUBSPOT_TOKEN} (scopes crm.objects.<type>.read/write and crm.schemas.<type>.read), or "
                    + "OAuth refreshToken, clientId and clientSecret."));
        }
        String base = s.string("baseUrl");
        if (base != null && !base.matches("https?://\\S+")) {
            out.add(new ConfigProblem("baseUrl", "baseUrl must be an http(s) URL, e.g. " + DEFAULT_BASE_URL));
        }
        String tz = s.string("timeZone");
        if (tz != null) {
            try {
                ZoneId.of(tz);
            } catch (DateTimeException e) {
                out.add(new ConfigProblem("timeZone", "Unknown time zone '" + tz + "'; use an IANA name such as "
                        + "Europe/Berlin."));
            }
        }
        for (String type : objects(s)) {
            if (!STANDARD_OBJECTS.contains(type) && !CUSTOM_OBJECT.matcher(type).matches()) {
                out.add(new ConfigProblem("objects", "HubSpot has no object type \"" + type + "\"; its standard ones"
                        + " are " + String.join(", ", STANDARD_OBJECTS) + " (a custom object goes by its"
                        + " fully qualified name, p<portal>_<name>, or its 2-<id>)"));
            }
        }
        Object assoc = s.values().get("associations");
        if (assoc != null && !(assoc instanceof List<?>)) {
            out.add(new ConfigProblem("associations", "associations must be a list of object types, e.g."
                    + " associations: [companies, contacts]"));
        }
        for (String a : assoc instanceof List<?> ? list(assoc) : List.<String>of()) {
            if (!HubSpotAssociations.SUPPORTED.contains(a)) {
                out.add(new ConfigProblem("associations", "associations: unknown associated object type \"" + a
                        + "\"; supported are " + String.join(", ", HubSpotAssociations.SUPPORTED) + " (companies: the"
                        + " primary company of contacts, deals and tickets, and the companies of activities;"
                        + " contacts: of deals, tickets, invoices and activities; deals: of activities)"));
            }
        }
        positive(s, "indexingLagMs", true, out);
        positive(s, "requestsPer10s", false, out);
        out.addAll(WebhookSettings.problems(s));
        return out;
    }

    /** Parses settings that {@link #problems} accepted. */
    static HubSpotSettings parse(AppSettings s) {
        String base = s.string("baseUrl") == null ? DEFAULT_BASE_URL : s.string("baseUrl");
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        ZoneId zone = s.string("timeZone") == null ? ZoneId.of("UTC") : ZoneId.of(s.string("timeZone"));
        long lag = s.string("indexingLagMs") == null ? 5_000 : Long.parseLong(s.string("indexingLagMs"));
        int budget = s.string("requestsPer10s") == null ? 100 : Integer.parseInt(s.string("requestsPer10s"));
        String tokenUrl = s.string("tokenUrl") == null ? base + HubSpotOAuth.TOKEN_PATH : s.string("tokenUrl");
        return new HubSpotSettings(token(s), base, zone, s.string("defaultRegion"), objects(s), lag, budget,
                secret(s, "apiKey"), secret(s, "refreshToken"), secret(s, "clientId"), secret(s, "clientSecret"),
                tokenUrl, list(s.values().get("associations")));
    }

    /** Whether the app authenticates with an OAuth refresh token (then {@link #token} is not used). */
    private static List<String> list(Object raw) {
        if (raw instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return raw == null ? List.of() : List.of(String.valueOf(raw));
    }

    boolean oauth() {
        return refreshToken != null;
    }

    /** The credential values: every one is redacted from messages (the client id too, to be safe). */
    List<String> credentials() {
        List<String> out = new ArrayList<>();
        for (String v : new String[] {token, apiKey, refreshToken, clientSecret}) {
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** The credential that identifies the account for pacing: never printed (hashed by the limiter). */
    String accountKey() {
        return oauth() ? clientId + "|" + refreshToken : token != null ? token : apiKey;
    }

    private static String secret(AppSettings s, String key) {
        String v = s.string(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String token(AppSettings s) {
        String t = s.string("token") != null ? s.string("token") : s.string("accessToken");
        return t == null || t.isBlank() ? null : t.strip();
    }

    /** {@code objects:} as a list of names, or a map whose keys are the names; absent gives the default. */
    private static List<String> objects(AppSettings s) {
        Object v = s.values().get("objects");
        if (v instanceof List<?> list && !list.isEmpty()) {
            return list.stream().map(String::valueOf).toList();
        }
        if (v instanceof Map<?, ?> map && !map.isEmpty()) {
            return map.keySet().stream().map(String::valueOf).toList();
        }
        return DEFAULT_OBJECTS;
    }

    private static void positive(AppSettings s, String key, boolean zeroAllowed, List<ConfigProblem> out) {
        String v = s.string(key);
        if (v == null) {
            return;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0 || (!zeroAllowed && n == 0)) {
                out.add(new ConfigProblem(key, key + " must be " + (zeroAllowed ? "zero or more" : "positive")));
            }
        } catch (NumberFormatException e) {
            out.add(new ConfigProblem(key, key + " must be a whole number, got '" + v + "'"));
        }
    }

    @Override
    public String toString() {
        return "HubSpotSettings[baseUrl=" + baseUrl + ", objects=" + objectTypes + "]";
    }
}
