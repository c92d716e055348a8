package io.crmsync.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppSettingsTest {
    @Test
    void urlWithUserinfoPassword_passwordIsSecretAndRedacted() {
        AppSettings app = new AppSettings("shop", "jdbc",
                Map.of("url", "jdbc:postgresql://shopuser:S3cretPw_XYZ@127.0.0.1:5999/shop"), Set.of());
        assertThat(app.secrets()).contains("S3cretPw_XYZ");
        assertThat(app.redact("FATAL for shopuser:S3cretPw_XYZ@127.0.0.1")).doesNotContain("S3cretPw_XYZ");
    }

    @Test
    void urlWithPasswordParameter_passwordIsSecret() {
        assertThat(AppSettings.urlSecrets("jdbc:postgresql://h/db?user=u&password=pa55word&ssl=true"))
                .containsExactly("pa55word");
    }

    @Test
    void toString_neverShowsValues() {
        AppSettings app = new AppSettings("crm", "jdbc", Map.of("password", "hunter22"), Set.of("hunter22"));
        assertThat(app.toString()).doesNotContain("hunter22");
    }

    @Test
    void unknownCredentialsInUrlsJsonAndHeaders_areRedactedByShape() {
        String text = "GET https://h/crm/v3/objects/contacts?limit=1&hapikey=K3y-123 failed; "
                + "form grant_type=refresh_token&refresh_token=R-1&client_secret=S-2; "
                + "body {\"access_token\":\"at-3\",\"expires_in\":1800}; Authorization: Bearer abc.def-4";
        String out = AppSettings.redact(text, Set.of());
        assertThat(out).doesNotContain("K3y-123", "R-1", "S-2", "at-3", "abc.def-4")
                .contains("limit=1", "hapikey=***", "grant_type=refresh_token", "\"expires_in\":1800",
                        "Bearer ***");
    }

    @Test
    void knownSecret_isRedactedAlsoUrlEncoded() {
        String out = AppSettings.redact("key=a%2Bb%2Fc and a+b/c", Set.of("a+b/c"));
        assertThat(out).doesNotContain("a%2Bb%2Fc", "a+b/c");
    }
}
