package io.crmsync.connector.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies HubSpot webhook deliveries signed with the v3 scheme (hubspot.md §B.8): header
 * {@value #SIGNATURE_HEADER} = base64(HMAC-SHA256(key = the app's client secret, method + uri + raw body +
 * timestamp)), where timestamp is header {@value #TIMESTAMP_HEADER} (epoch milliseconds) and uri is the full URL
 * HubSpot called, with the percent-escapes {@code %3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 ' %28 ( %29 ) %2A * %2C ,
 * %3B ;} in its query decoded. A timestamp older than {@value #MAX_AGE_MS} ms (5 minutes) is rejected, so a captured
 * delivery cannot be replayed later. Signatures are compared in constant time. Thread-safe.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";
    /** The oldest accepted timestamp, in milliseconds: 5 minutes, as HubSpot's clients enforce. */
    public static final long MAX_AGE_MS = 300_000;
    private static final String[][] ESCAPES = {{"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"},
        {"%24", "$"}, {"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"}};

    private final byte[] secret;
    private final Clock clock;

    /** A verifier for one app's client secret, on the system clock. */
    public WebhookSignature(String clientSecret) {
        this(clientSecret, Clock.systemUTC());
    }

    public WebhookSignature(String clientSecret, Clock clock) {
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("a client secret is required to verify webhook signatures");
        }
        this.secret = clientSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Why a delivery was rejected, or {@link #VALID}. */
    public enum Result {
        VALID, MISSING_HEADER, BAD_TIMESTAMP, EXPIRED, BAD_SIGNATURE;

        public boolean valid() {
            return this == VALID;
        }
    }

    /**
     * Checks one delivery.
     *
     * @param method    the HTTP method, e.g. {@code POST}
     * @param uri       the full URL called, scheme, host, port, path and query, as HubSpot sent it
     * @param body      the raw request body, as received (UTF-8)
     * @param signature the {@value #SIGNATURE_HEADER} header, or {@code null}
     * @param timestamp the {@value #TIMESTAMP_HEADER} header, or {@code null}
     */
    public Result verify(String method, String uri, String body, String signature, String timestamp) {
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            return Result.MISSING_HEADER;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Result.BAD_TIMESTAMP;
        }
        long age = clock.millis() - ts;
        if (age > MAX_AGE_MS) {
            return Result.EXPIRED;
        }
        byte[] expected = sign(method, uri, body, timestamp.strip()).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Result.VALID : Result.BAD_SIGNATURE;
    }

    /** The v3 signature of a request: what {@value #SIGNATURE_HEADER} must hold. */
    public String sign(String method, String uri, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String source = method.toUpperCase(Locale.ROOT) + decodeQuery(uri) + (body == null ? "" : body) + timestamp;
            return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The uri with the listed percent-escapes of its query decoded (either letter case); the path is kept. */
    static String decodeQuery(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return uri;
        }
        String query = uri.substring(q);
        for (String[] e : ESCAPES) {
            query = query.replace(e[0], e[1]).replace(e[0].toLowerCase(Locale.ROOT), e[1]);
        }
        return uri.substring(0, q) + query;
    }
}
