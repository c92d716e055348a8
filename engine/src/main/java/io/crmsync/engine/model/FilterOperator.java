package io.crmsync.engine.model;

/** Filter operators, HubSpot's (DESIGN.md §4). */
public enum FilterOperator {
    EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN
}
