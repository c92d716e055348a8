package io.crmsync.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.model.Direction;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** HubSpot's field-mapping rules (hubspot.md §A.6) for every pair of property types, and read-only targets. */
class MappingRulesTest {

    private static Direction widest(PropertyType a, PropertyType b) {
        return MappingRules.allowed(PropertyDef.of("a", a), PropertyDef.of("b", b)).widest();
    }

    @Test
    void everyTypePair_isTwoWayOneWayIntoTextOrNothing_asHubSpotAllows() {
        Set<Set<PropertyType>> twoWayPairs = Set.of(
                EnumSet.of(PropertyType.DATE, PropertyType.DATETIME),
                EnumSet.of(PropertyType.BOOL, PropertyType.ENUMERATION),
                EnumSet.of(PropertyType.PHONE, PropertyType.STRING));
        for (PropertyType a : PropertyType.values()) {
            for (PropertyType b : PropertyType.values()) {
                Direction expected;
                if (a == b || twoWayPairs.contains(EnumSet.of(a, b))) {
                    expected = Direction.TWO_WAY;
                } else if (b == PropertyType.STRING) {
                    expected = Direction.A_TO_B; // number, date, bool, enumeration, multi-select: sent as text
                } else if (a == PropertyType.STRING) {
                    expected = Direction.B_TO_A;
                } else {
                    expected = null;
                }
                assertThat(widest(a, b)).as("%s -> %s", a, b).isEqualTo(expected);
            }
        }
    }

    @Test
    void readOnlyTarget_makesATwoWayPairOneWay_andReadOnlyBoth_none() {
        PropertyDef score = PropertyDef.of("score", PropertyType.NUMBER).withReadOnly(true);
        PropertyDef seats = PropertyDef.of("seats", PropertyType.NUMBER);

        assertThat(MappingRules.allowed(score, seats).widest()).isEqualTo(Direction.A_TO_B);
        assertThat(MappingRules.allowed(score, seats).reason()).isEqualTo("score is read-only");
        assertThat(MappingRules.allowed(seats, score).widest()).isEqualTo(Direction.B_TO_A);
        assertThat(MappingRules.allowed(score, score).none()).isTrue();
    }

    @Test
    void calculatedNumberIntoText_isOneWay_andTextIntoItNothing() {
        PropertyDef calc = PropertyDef.of("hs_calc", PropertyType.NUMBER).withReadOnly(true);
        PropertyDef text = PropertyDef.of("note", PropertyType.STRING);

        assertThat(MappingRules.allowed(calc, text).widest()).isEqualTo(Direction.A_TO_B);
        assertThat(MappingRules.narrow(Direction.B_TO_A, MappingRules.allowed(calc, text))).isNull();
    }

    @Test
    void narrow_twoWayWishOnOneWayPair_becomesThatWay_oppositeWishNull() {
        MappingRules.Allowed numberToText = MappingRules.allowed(PropertyDef.of("n", PropertyType.NUMBER),
                PropertyDef.of("t", PropertyType.STRING));

        assertThat(MappingRules.narrow(Direction.TWO_WAY, numberToText)).isEqualTo(Direction.A_TO_B);
        assertThat(MappingRules.narrow(Direction.A_TO_B, numberToText)).isEqualTo(Direction.A_TO_B);
        assertThat(MappingRules.narrow(Direction.B_TO_A, numberToText)).isNull();
        assertThat(numberToText.reason()).isEqualTo("number and text: a number is sent as text one way, never read"
                + " back from text");
    }

    @Test
    void singleAssociation_withMultiValuedOne_isTwoWay_readOnlyOneStillNarrowsIt() {
        PropertyDef one = PropertyDef.association("contacts");
        PropertyDef many = PropertyDef.associations("contacts");

        assertThat(MappingRules.allowed(one, many).widest()).isEqualTo(Direction.TWO_WAY);
        assertThat(MappingRules.allowed(many, one).widest()).isEqualTo(Direction.TWO_WAY);
        MappingRules.Allowed readOnly = MappingRules.allowed(one, many.withReadOnly(true));
        assertThat(readOnly.widest()).isEqualTo(Direction.B_TO_A);
        assertThat(readOnly.reason()).isEqualTo("@contacts is read-only");
    }
}
