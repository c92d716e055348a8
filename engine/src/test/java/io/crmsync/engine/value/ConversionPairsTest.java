package io.crmsync.engine.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.MappingRules;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every pair of property types HubSpot's field-mapping rules allow ({@link MappingRules}), in each allowed
 * direction: the value written, and for two-way pairs, that it reads back as the same canonical value (so a run
 * after the write finds nothing to do). Account zone America/Phoenix (UTC-7, no daylight saving), region US; a
 * date becomes midnight UTC of the same day as a datetime (field case C-14).
 */
class ConversionPairsTest {
    private final ValueCodec codec = new ValueCodec(ZoneId.of("America/Phoenix"), "US");

    private static final PropertyDef STAGE = PropertyDef.of("stage", PropertyType.ENUMERATION)
            .withOptions(List.of(new PropertyOption("appointmentscheduled", "Appointment Scheduled"),
                    new PropertyOption("closedwon", "Closed Won")));
    private static final PropertyDef STAGE_DB = PropertyDef.of("stage", PropertyType.ENUMERATION)
            .withOptions(List.of(new PropertyOption("1", "appointment scheduled"), new PropertyOption("2",
                    " CLOSED WON ")));
    private static final PropertyDef YES_NO = PropertyDef.of("vip", PropertyType.ENUMERATION)
            .withOptions(List.of(new PropertyOption("Y", "Yes"), new PropertyOption("N", "No")));
    private static final PropertyDef COLOURS = PropertyDef.of("colours", PropertyType.MULTISELECT)
            .withOptions(List.of(new PropertyOption("red", "Red"), new PropertyOption("blue", "Blue")));
    private static final PropertyDef COLOURS_PIPE = PropertyDef.of("colours", PropertyType.MULTISELECT)
            .withDelimiter("|");

    private static final Map<String, PropertyDef> DEFS = Map.ofEntries(
            Map.entry("string", PropertyDef.of("s", PropertyType.STRING)),
            Map.entry("number", PropertyDef.of("n", PropertyType.NUMBER)),
            Map.entry("bool", PropertyDef.of("b", PropertyType.BOOL)),
            Map.entry("date", PropertyDef.of("d", PropertyType.DATE)),
            Map.entry("datetime", PropertyDef.of("t", PropertyType.DATETIME)),
            Map.entry("phone", PropertyDef.of("p", PropertyType.PHONE)),
            Map.entry("stage", STAGE), Map.entry("stageDb", STAGE_DB), Map.entry("yesNo", YES_NO),
            Map.entry("colours", COLOURS), Map.entry("coloursPipe", COLOURS_PIPE));

    @ParameterizedTest(name = "{0} -> {1}: {2} is written as {3}")
    @CsvSource(delimiter = '#', value = {
            // two-way pairs
            "string # string # Ann Lee # Ann Lee",
            "number # number # 1,250.50 # 1250.5",
            "bool # bool # yes # true",
            "date # date # 1680220800000 # 2023-03-31",
            "date # datetime # 2023-03-31 # 2023-03-31T00:00:00.000Z",
            "datetime # date # 2023-04-01T03:00:00Z # 2023-03-31",
            "datetime # datetime # 1680318000000 # 2023-04-01T03:00:00.000Z",
            "bool # yesNo # true # Y",
            "yesNo # bool # N # false",
            "stage # stageDb # closedwon # 2",
            "stageDb # stage # 1 # appointmentscheduled",
            "colours # coloursPipe # blue;red # Blue|Red",
            "coloursPipe # colours # red|Blue # red;blue",
            "phone # string # (602) 555-0142 # (602) 555-0142",
            "string # phone # ' +1 602 555 0142 ' # +1 602 555 0142",
            "phone # phone # 602-555-0142 # 602-555-0142",
            // one way, into text: the display form
            "number # string # 17 # 17",
            "date # string # 2023-03-31 # 2023-03-31",
            "datetime # string # 2023-04-01T03:00:00.000Z # 2023-04-01T03:00:00.000Z",
            "bool # string # false # false",
            "stage # string # closedwon # Closed Won",
            "colours # string # red;blue # Red;Blue",
    })
    void allowedPair_writesTheTargetsNativeForm(String from, String to, String raw, String written)
            throws Exception {
        PropertyDef a = DEFS.get(from);
        PropertyDef b = DEFS.get(to);
        assertThat(MappingRules.allowed(a, b).writes(Side.B)).as("rules allow it").isTrue();

        assertThat(codec.convert(raw, a, b, null)).isEqualTo(written);

        if (MappingRules.allowed(a, b).widest() == Direction.TWO_WAY) {
            var compare = ValueCodec.compareType(a.type(), b.type());
            assertThat(codec.canonical(written, b, compare, null)).as("reads back equal")
                    .isEqualTo(codec.canonical(raw, a, compare, null));
            assertThat(codec.canonical(codec.convert(written, b, a, null), a, compare, null)).as("and back again")
                    .isEqualTo(codec.canonical(raw, a, compare, null));
        }
    }

    @Test
    void enumeration_labelWithoutCounterpart_failsInvalidOptionForThatField() {
        PropertyDef lost = PropertyDef.of("stage", PropertyType.ENUMERATION)
                .withOptions(List.of(new PropertyOption("closedlost", "Closed Lost")));

        assertThatThrownBy(() -> codec.convert("closedwon", STAGE, lost, null)).isInstanceOf(ConversionException.class)
                .satisfies(e -> assertThat(((ConversionException) e).category())
                        .isEqualTo(FailureCategory.INVALID_OPTION))
                .hasMessageContaining("no option \"Closed Won\"");
    }

    @Test
    void owner_userIdMissingFromTheSourcesOwnOptions_failureSaysSo() {
        PropertyDef users = PropertyDef.of("owner", PropertyType.ENUMERATION)
                .withOptions(List.of(new PropertyOption("1", "ann@shop.example")));
        PropertyDef owners = PropertyDef.of("hubspot_owner_id", PropertyType.ENUMERATION)
                .withOptions(List.of(new PropertyOption("70000001", "ann@shop.example")));

        assertThatThrownBy(() -> codec.convert("4242", users, owners, null)).isInstanceOf(ConversionException.class)
                .hasMessage("property hubspot_owner_id: no option \"4242\" (nor is it one of owner's own options)");
        assertThatThrownBy(() -> codec.convert("closedwon", STAGE, owners, null))
                .hasMessage("property hubspot_owner_id: no option \"Closed Won\"");
    }

    @Test
    void number_emptyStaysEmpty_neverZero() throws Exception {
        assertThat(codec.convert("", DEFS.get("string"), DEFS.get("number"), null)).isNull();
        assertThat(codec.convert(null, DEFS.get("number"), DEFS.get("number"), null)).isNull();
        assertThat(codec.canonical("", DEFS.get("number"), PropertyType.NUMBER, null)).isNull();
    }
}
