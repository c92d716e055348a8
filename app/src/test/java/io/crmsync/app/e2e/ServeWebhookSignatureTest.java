package io.crmsync.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.connector.hubspot.WebhookSignature;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The webhook endpoint of {@code crmsync serve} checks HubSpot's v3 signature (hubspot.md §B.8): a delivery with a
 * wrong signature, a body changed after signing, an expired timestamp or no headers gets 401 and starts no run; a
 * valid one gets 204 and its ids are read. The sandbox sends no webhooks here: the test signs its own.
 */
class ServeWebhookSignatureTest extends ServeTestBase {
    private final WebhookSignature signer = new WebhookSignature(SECRET);

    @Test
    @Timeout(300)
    void rejectedDeliveries_401AndNoRun_validOne_204AndSynced() throws Exception {
        insertCustomers(2);
        writeServeConfig();
        startServe(false);
        await("the start-up run", () -> workspace.store().runs().stateCounts(osId())
                .equals(Map.of("SYNCING", Map.of("", 2))));
        String rejected = hubspotIdOf("person0@example.com");
        String accepted = hubspotIdOf("person1@example.com");
        admin("PATCH", "/crm/v3/objects/contacts/" + rejected, "{\"properties\":{\"firstname\":\"Rejected\"}}");
        admin("PATCH", "/crm/v3/objects/contacts/" + accepted, "{\"properties\":{\"firstname\":\"Accepted\"}}");

        String now = Long.toString(System.currentTimeMillis());
        String body = contactChanged(rejected);
        String signature = signer.sign("POST", webhookUrl(), body, now);
        assertThat(postWebhook(contactChanged(rejected).replace("\"attemptNumber\":0", "\"attemptNumber\":1"),
                signature, now)).as("body changed after signing").isEqualTo(401);
        assertThat(postWebhook(body, signer.sign("POST", webhookUrl() + "x", body, now), now))
                .as("signed for another URL").isEqualTo(401);
        String old = Long.toString(System.currentTimeMillis() - WebhookSignature.MAX_AGE_MS - 60_000);
        assertThat(postWebhook(body, signer.sign("POST", webhookUrl(), body, old), old))
                .as("timestamp over 5 minutes old, correctly signed").isEqualTo(401);
        assertThat(postWebhook(body, null, null)).as("no signature").isEqualTo(401);
        assertThat(postWebhook(body, new WebhookSignature("another-secret").sign("POST", webhookUrl(), body, now),
                now)).as("another app's secret").isEqualTo(401);

        assertThat(log).as("a wrong secret names the key to check")
                .anyMatch(l -> l.contains("webhook rejected (BAD_SIGNATURE)")
                        && l.contains("apps.hubspot.webhooks.clientSecret"))
                .noneMatch(l -> l.contains(SECRET));

        String valid = contactChanged(accepted);
        assertThat(postWebhook(valid, signer.sign("POST", webhookUrl(), valid, now), now)).isEqualTo(204);
        await("the accepted delivery's contact synced", () -> "Accepted".equals(shop("first", "person1@example.com")));
        assertThat(shop("first", "person0@example.com")).as("no run read the rejected deliveries' contact")
                .isEqualTo("First0");

        String late = contactChanged(rejected);
        assertThat(postWebhook(late, signer.sign("POST", webhookUrl(), late, now), now)).isEqualTo(204);
        await("once validly delivered, it syncs", () -> "Rejected".equals(shop("first", "person0@example.com")));
    }

    @Test
    @Timeout(300)
    void behindAProxy_signatureIsCheckedOverThePublicUrl() throws Exception {
        String publicUrl = "https://sync.example.com/webhooks/hubspot/hubspot";
        insertCustomers(1);
        writeServeConfig(", publicUrl: " + publicUrl);
        startServe(false);
        await("the start-up run", () -> hubspotIdOf("person0@example.com") != null);
        String id = hubspotIdOf("person0@example.com");
        admin("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"firstname\":\"Proxied\"}}");
        String now = Long.toString(System.currentTimeMillis());
        String body = contactChanged(id);

        assertThat(postWebhook(body, signer.sign("POST", webhookUrl(), body, now), now))
                .as("signed over the URL it arrived on, not the public one").isEqualTo(401);
        assertThat(postWebhook(body, signer.sign("POST", publicUrl, body, now), now)).isEqualTo(204);
        await("synced", () -> "Proxied".equals(shop("first", "person0@example.com")));
    }

    @Test
    @Timeout(300)
    void unknownApp_404() throws Exception {
        writeServeConfig();
        startServe(false);
        java.net.http.HttpResponse<String> r = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + serve.port() + "/webhooks/hubspot/shop")).POST(
                java.net.http.HttpRequest.BodyPublishers.ofString("[]")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        java.net.http.HttpResponse<String> health = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + serve.port() + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("objectSyncs").get(0).path("name").asText())
                .isEqualTo("shop-hubspot/contacts");
    }
}
