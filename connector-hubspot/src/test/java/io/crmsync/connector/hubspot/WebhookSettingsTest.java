package io.crmsync.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A HubSpot app's {@code webhooks:} key, checked through the connector factory as {@code crmsync validate} does. */
class WebhookSettingsTest {
    private static AppSettings app(Object webhooks) {
        return new AppSettings("hubspot", "hubspot", Map.of("token", "pat-1", "webhooks", webhooks),
                Set.of("pat-1", "s3cret"));
    }

    @Test
    void clientSecretAndPublicUrl_areRead_andTheSecretIsNeverPrinted() {
        AppSettings s = app(Map.of("clientSecret", "s3cret", "publicUrl", "https://sync.example.com/webhooks/hubspot/hubspot"));

        assertThat(new HubSpotConnectorFactory().validate(s)).isEmpty();
        WebhookSettings w = WebhookSettings.of(s);
        assertThat(w.clientSecret()).isEqualTo("s3cret");
        assertThat(w.publicUrl()).isEqualTo("https://sync.example.com/webhooks/hubspot/hubspot");
        assertThat(w.toString()).doesNotContain("s3cret");
    }

    @Test
    void missingSecretBadUrlAndUnknownKey_areEachReported() {
        AppSettings s = app(Map.of("publicUrl", "sync.example.com", "secret", "x"));

        assertThat(new HubSpotConnectorFactory().validate(s)).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("webhooks.secret", "webhooks.clientSecret", "webhooks.publicUrl");
    }

    @Test
    void notAMap_isReported() {
        assertThat(WebhookSettings.problems(app("s3cret"))).extracting(ConfigProblem::message)
                .containsExactly("webhooks must be a map, e.g. webhooks: {clientSecret: ${HUBSPOT_CLIENT_SECRET}}");
    }

    @Test
    void noWebhooksKey_noProblemAndNoSettings() {
        AppSettings s = new AppSettings("hubspot", "hubspot", Map.of("token", "pat-1"), Set.of("pat-1"));

        assertThat(WebhookSettings.problems(s)).isEmpty();
        assertThat(WebhookSettings.of(s)).isNull();
    }
}
