package io.crmsync.app.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MatchKeysTest {

    @Test
    void emailsIgnoreCaseAndEveryKindOfSurroundingSpace() {
        assertThat(MatchKeys.email("  Jo@X.com ")).isEqualTo("jo@x.com");
        assertThat(MatchKeys.email("\u00A0jo@x.com\u202F\t")).isEqualTo("jo@x.com");
        assertThat(MatchKeys.email(null)).isEmpty();
        assertThat(MatchKeys.email("\u00A0")).isEmpty();
    }

    @Test
    void domainsAreBareHosts() {
        for (String spelling : new String[] {"example.com", "EXAMPLE.COM", "https://www.example.com/",
            "http://example.com/a/b.jsp?x=1#top", "HTTP://EXAMPLE.COM/HAC.JSP", "example.com.", "www.example.com:8080",
            " https://user@example.com "}) {
            assertThat(MatchKeys.domain(spelling)).as(spelling).isEqualTo("example.com");
        }
        assertThat(MatchKeys.domain("https://bücher.example/")).isEqualTo("xn--bcher-kva.example");
        // Exact host, never a substring or a parent domain.
        assertThat(MatchKeys.domain("mail.example.com")).isNotEqualTo(MatchKeys.domain("example.com"));
        assertThat(MatchKeys.domain(null)).isEmpty();
    }

    @Test
    void namesFoldCasePunctuationSpacesAndLegalForms() {
        assertThat(MatchKeys.name("Acme Corp")).isEqualTo(MatchKeys.name("ACME  corp."));
        assertThat(MatchKeys.name("Acme, Inc.")).isEqualTo("acme");
        assertThat(MatchKeys.name("Zoonoodle 37.")).isEqualTo(MatchKeys.name("ZOONOODLE 37"));
        assertThat(MatchKeys.name("Kuhn, Koelpin and Osinski")).isEqualTo("kuhn koelpin and osinski");
        assertThat(MatchKeys.name("Company")).isEqualTo("company");
        assertThat(MatchKeys.name("Katz 9")).isNotEqualTo(MatchKeys.name("Katz 101"));
    }
}
