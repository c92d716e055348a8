package io.crmsync.engine.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeysTest {
    @Test
    void email_unicodeWhitespaceAndCase_normalised() {
        assertThat(Keys.email("\u2007 Jo.Kim@Example.COM\u202F\u00A0")).isEqualTo("jo.kim@example.com");
        assertThat(Keys.email("   ")).isNull();
        assertThat(Keys.email(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "https://www.Northwind.example/, northwind.example",
        "http://northwind.example:8080/about?x=1, northwind.example",
        "NORTHWIND.EXAMPLE., northwind.example",
        "shop.northwind.example, shop.northwind.example",
        "bücher.example, xn--bcher-kva.example",
    })
    void domain_spellings_normaliseToExactHost(String raw, String key) {
        assertThat(Keys.domain(raw)).isEqualTo(key);
    }

    @Test
    void domain_substringNeverEqual() {
        assertThat(Keys.domain("notacme.example")).isNotEqualTo(Keys.domain("acme.example"));
        assertThat(Keys.domain("acme.example.ar")).isNotEqualTo(Keys.domain("acme.example"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ACME, Inc.|acme",
        "Acme Corp|acme",
        "acme   llc|acme",
        "Akzo Nobel N.V.|akzo nobel n v",
        "Co Op Bank|co op bank",
    })
    void companyName_caseSpacePunctuationAndLegalSuffix_unified(String raw, String key) {
        assertThat(Keys.companyName(raw)).isEqualTo(key);
    }

    @Test
    void text_trimAndCaseFold() {
        assertThat(Keys.text("sku-1001 ")).isEqualTo(Keys.text("SKU-1001"));
    }
}
