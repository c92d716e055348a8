package io.crmsync.app.config;

import static io.crmsync.app.config.ConfigFixtures.contacts;
import static io.crmsync.app.config.ConfigFixtures.objectSyncErrors;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.model.Condition;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.FilterOperator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filters under {@code syncs.crm-shop.objects.contacts.filters} (the filter list item is line 11). */
class FilterParsingTest {
    private static final String AT = "crmsync.yaml:11: syncs.crm-shop.objects.contacts.filters.crm[0]";

    private static List<String> errorsOf(String condition) {
        return objectSyncErrors("filters:\n  crm:\n    - " + condition);
    }

    @Test
    void betweenWithoutHighValue_isRefused() {
        assertThat(errorsOf("{property: amount, operator: BETWEEN, value: 10}"))
                .containsExactly(AT + ".highValue: BETWEEN needs value and highValue");
    }

    @Test
    void betweenWithBothEnds_isOneCondition() {
        Filter filter = contacts("filters: {crm: [{property: amount, operator: between, value: 10, highValue: 20}]}")
                .filterA();

        assertThat(filter.anyOf()).containsExactly(List.of(
                new Condition("amount", FilterOperator.BETWEEN, "10", "20", List.of())));
    }

    @Test
    void inWithoutValues_orWithAnEmptyList_isRefused() {
        assertThat(errorsOf("{property: stage, operator: IN, value: lead}")).containsExactly(
                AT + ".values: IN needs a non-empty list of values, e.g. values: [a, b]",
                AT + ".value: IN takes values (a list), not value");
        assertThat(errorsOf("{property: stage, operator: NOT_IN, values: []}"))
                .containsExactly(AT + ".values: NOT_IN needs a non-empty list of values, e.g. values: [a, b]");
    }

    @Test
    void hasPropertyWithAValue_isRefused() {
        assertThat(errorsOf("{property: email, operator: HAS_PROPERTY, value: x}"))
                .containsExactly(AT + ".value: HAS_PROPERTY takes no value");
        assertThat(contacts("filters: {shop: [{property: email, operator: NOT_HAS_PROPERTY}]}").filterB().anyOf())
                .containsExactly(List.of(new Condition("email", FilterOperator.NOT_HAS_PROPERTY, null, null, null)));
    }

    @Test
    void singleValueOperatorWithoutValue_orWithValues_isRefused() {
        assertThat(errorsOf("{property: country, operator: EQ}")).containsExactly(AT + ".value: EQ needs a value");
        assertThat(errorsOf("{property: country, operator: EQ, value: FR, values: [DE]}"))
                .containsExactly(AT + ".values: EQ takes one value; only IN and NOT_IN take values");
    }

    @Test
    void unknownOperator_andMissingProperty_areBothReported() {
        assertThat(errorsOf("{operator: LIKE, value: x}")).containsExactly(
                AT + ".property: is required; the property to test, e.g. property: country",
                AT + ".operator: \"LIKE\" is not a filter operator; use one of EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, "
                        + "NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN");
    }

    @Test
    void unknownConditionKey_isRefused() {
        assertThat(errorsOf("{property: country, operator: EQ, valeu: FR}")).containsExactly(
                AT + ".valeu: unknown key; did you mean value? expected one of: property, operator, value, highValue, "
                        + "values",
                AT + ".value: EQ needs a value");
    }

    @Test
    void anyOfWithAConditionInsteadOfAGroup_isRefused() {
        assertThat(objectSyncErrors("""
                filters:
                  crm:
                    anyOf:
                      - {property: country, operator: EQ, value: FR}
                """)).containsExactly("crmsync.yaml:12: syncs.crm-shop.objects.contacts.filters.crm.anyOf[0]: "
                + "each anyOf entry is a non-empty list of conditions that must all hold");
    }

    @Test
    void filterForAnAppOutsideTheSync_isRefused() {
        assertThat(objectSyncErrors("filters: {hubspot: []}")).containsExactly(
                "crmsync.yaml:9: syncs.crm-shop.objects.contacts.filters.hubspot: not an app of this sync; "
                        + "the apps are crm and shop");
    }

    @Test
    void emptyFilterList_letsEveryRecordIn() {
        assertThat(contacts("filters: {crm: []}").filterA()).isEqualTo(Filter.NONE);
    }
}
