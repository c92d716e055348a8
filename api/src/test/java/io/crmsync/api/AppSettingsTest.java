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
}
