package io.crmsync.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The v3 webhook signature (hubspot.md §B.8), checked against an HMAC computed here independently. */
class WebhookSignatureTest {
    private static final String SECRET = "client-secret-123";
    private static final long NOW = 1_780_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final String BODY = "[{\"objectId\":9,\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0}]";
    private static final String URI = "https://hooks.example.com/hubspot?app=777";

    private final WebhookSignature verifier = new WebhookSignature(SECRET, CLOCK);

    static String hmac(String secret, String source) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signature_isBase64HmacSha256OfMethodUriBodyTimestamp() throws Exception {
        String ts = Long.toString(NOW - 1_000);
        String expected = hmac(SECRET, "POST" + URI + BODY + ts);
        assertThat(verifier.sign("POST", URI, BODY, ts)).isEqualTo(expected);
        assertThat(verifier.verify("POST", URI, BODY, expected, ts)).isEqualTo(WebhookSignature.Result.VALID);
    }

    @Test
    void tamperedBodyUriMethodOrSecret_isRejected() throws Exception {
        String ts = Long.toString(NOW);
        String good = hmac(SECRET, "POST" + URI + BODY + ts);
        assertThat(verifier.verify("POST", URI, BODY.replace("9", "8"), good, ts))
                .isEqualTo(WebhookSignature.Result.BAD_SIGNATURE);
        assertThat(verifier.verify("POST", URI + "&x=1", BODY, good, ts))
                .isEqualTo(WebhookSignature.Result.BAD_SIGNATURE);
        assertThat(verifier.verify("PUT", URI, BODY, good, ts)).isEqualTo(WebhookSignature.Result.BAD_SIGNATURE);
        assertThat(new WebhookSignature("other", CLOCK).verify("POST", URI, BODY, good, ts))
                .isEqualTo(WebhookSignature.Result.BAD_SIGNATURE);
        // The timestamp is signed too: moving it to look fresh breaks the signature.
        assertThat(verifier.verify("POST", URI, BODY, good, Long.toString(NOW + 1)))
                .isEqualTo(WebhookSignature.Result.BAD_SIGNATURE);
    }

    @Test
    void timestampOlderThanFiveMinutes_isRejectedEvenWhenSigned() throws Exception {
        String fresh = Long.toString(NOW - WebhookSignature.MAX_AGE_MS);
        String old = Long.toString(NOW - WebhookSignature.MAX_AGE_MS - 1);
        assertThat(verifier.verify("POST", URI, BODY, hmac(SECRET, "POST" + URI + BODY + fresh), fresh))
                .isEqualTo(WebhookSignature.Result.VALID);
        assertThat(verifier.verify("POST", URI, BODY, hmac(SECRET, "POST" + URI + BODY + old), old))
                .isEqualTo(WebhookSignature.Result.EXPIRED);
    }

    @Test
    void missingOrMalformedHeaders_areRejected() {
        assertThat(verifier.verify("POST", URI, BODY, null, Long.toString(NOW)))
                .isEqualTo(WebhookSignature.Result.MISSING_HEADER);
        assertThat(verifier.verify("POST", URI, BODY, "abc", null)).isEqualTo(WebhookSignature.Result.MISSING_HEADER);
        assertThat(verifier.verify("POST", URI, BODY, "abc", "yesterday"))
                .isEqualTo(WebhookSignature.Result.BAD_TIMESTAMP);
        assertThat(WebhookSignature.Result.VALID.valid()).isTrue();
        assertThatThrownBy(() -> new WebhookSignature("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queryEscapes_areDecodedBeforeSigning_pathKept() throws Exception {
        String sent = "https://hooks.example.com/a%2Fb?next=https%3A%2F%2Fx.example%2Fp%3Fq%3D1&t=%28a%29%2c%3b";
        String signedAs = "https://hooks.example.com/a%2Fb?next=https://x.example/p?q%3D1&t=(a),;";
        String ts = Long.toString(NOW);
        String sig = hmac(SECRET, "POST" + signedAs + BODY + ts);
        assertThat(WebhookSignature.decodeQuery(sent)).isEqualTo(signedAs);
        assertThat(verifier.verify("POST", sent, BODY, sig, ts)).isEqualTo(WebhookSignature.Result.VALID);
    }
}
