package io.crmsync.engine.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueCodecTest {
    private final ValueCodec codec = new ValueCodec(ZoneId.of("America/Phoenix"), "US");

    private static PropertyDef def(PropertyType type) {
        return PropertyDef.of("p", type);
    }

    private String canon(String raw, PropertyType type) {
        return codec.canonical(raw, def(type), type, null);
    }

    @Test
    void number_equivalentSpellings_equal() {
        assertThat(canon("12", PropertyType.NUMBER)).isEqualTo(canon("12.0", PropertyType.NUMBER));
        assertThat(canon("1,200", PropertyType.NUMBER)).isEqualTo("1200");
        assertThat(canon("1.200,5", PropertyType.NUMBER)).isEqualTo("1200.5");
        assertThat(canon("", PropertyType.NUMBER)).isNull();
    }

    @Test
    void bool_spellings_equal() {
        assertThat(canon("Yes", PropertyType.BOOL)).isEqualTo(canon("true", PropertyType.BOOL));
        assertThat(canon("0", PropertyType.BOOL)).isEqualTo("false");
    }

    @Test
    void date_epochMidnightUtc_isThatDate() {
        assertThat(canon("1680220800000", PropertyType.DATE)).isEqualTo("2023-03-31");
        assertThat(canon("2023-03-31", PropertyType.DATE)).isEqualTo("2023-03-31");
    }

    @Test
    void datetime_toDate_usesAccountZoneNotHost() {
        // 2023-04-01T03:00Z is still March 31 in Phoenix (UTC-7).
        assertThat(codec.canonical("2023-04-01T03:00:00Z", def(PropertyType.DATETIME), PropertyType.DATE, null))
                .isEqualTo("2023-03-31");
    }

    @Test
    void datetime_millisecondPrecision() {
        assertThat(canon("2024-01-02T03:04:05.678901Z", PropertyType.DATETIME))
                .isEqualTo(canon("2024-01-02T03:04:05.678Z", PropertyType.DATETIME));
    }

    @Test
    void enumeration_comparedByLabel_convertedToTargetValue() throws Exception {
        PropertyDef a = def(PropertyType.ENUMERATION).withOptions(List.of(new PropertyOption("cust", "Customer")));
        PropertyDef b = def(PropertyType.ENUMERATION).withOptions(List.of(new PropertyOption("C1", " customer ")));
        assertThat(codec.canonical("cust", a, PropertyType.ENUMERATION, null))
                .isEqualTo(codec.canonical("C1", b, PropertyType.ENUMERATION, null));
        assertThat(codec.convert("cust", a, b, null)).isEqualTo("C1");
        assertThatThrownBy(() -> codec.convert("lead", a, b, null))
                .isInstanceOf(ConversionException.class)
                .satisfies(e -> assertThat(((ConversionException) e).category()).isEqualTo(FailureCategory.INVALID_OPTION));
    }

    @Test
    void enumeration_toBool_andBack() throws Exception {
        PropertyDef e = def(PropertyType.ENUMERATION).withOptions(List.of(new PropertyOption("Y", "Yes"),
                new PropertyOption("N", "No")));
        assertThat(codec.convert("Y", e, def(PropertyType.BOOL), null)).isEqualTo("true");
        assertThat(codec.convert("false", def(PropertyType.BOOL), e, null)).isEqualTo("N");
    }

    @Test
    void multiselect_orderAndDelimiterIgnored() {
        PropertyDef semi = def(PropertyType.MULTISELECT);
        PropertyDef pipe = def(PropertyType.MULTISELECT).withDelimiter("|");
        assertThat(codec.canonical("red;green", semi, PropertyType.MULTISELECT, null))
                .isEqualTo(codec.canonical("green|red", pipe, PropertyType.MULTISELECT, null));
    }

    @Test
    void phone_formatsComparedInE164() {
        assertThat(canon("(415) 293-3313", PropertyType.PHONE)).isEqualTo(canon("+1 415 293 3313", PropertyType.PHONE));
    }

    @Test
    void textToNumber_listFailsInvalidValue() {
        assertThatThrownBy(() -> codec.convert("134376;137654", def(PropertyType.STRING), def(PropertyType.NUMBER), null))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("property p");
    }

    @Test
    void numberToText_dateToText_oneWayConversions() throws Exception {
        assertThat(codec.convert("12.50", def(PropertyType.NUMBER), def(PropertyType.STRING), null)).isEqualTo("12.50");
        assertThat(codec.convert("2023-03-31", def(PropertyType.DATE), def(PropertyType.DATETIME), null))
                .isEqualTo("2023-03-31T00:00:00.000Z");
        assertThat(codec.convert("", def(PropertyType.STRING), def(PropertyType.NUMBER), null)).isNull();
    }

    @Test
    void email_writtenTrimmed_caseKept() throws Exception {
        assertThat(codec.convert(" Jo@X.com\u00A0", def(PropertyType.STRING), def(PropertyType.STRING), KeyKind.EMAIL))
                .isEqualTo("Jo@X.com");
    }
}
