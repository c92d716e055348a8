package io.crmsync.engine.model;

/** Why a record is left out of an object sync, with the hint shown to users. */
public enum ExclusionReason {
    FILTER("The record does not pass the object sync's filter; change the record or the filter."),
    NO_IDENTIFIER("The record has no identifier (e.g. a contact without email); add one, or turn onlyWithEmail off."),
    AMBIGUOUS_MATCH("Several records share its identifier; merge the duplicates or make the identifiers unique.");

    private final String hint;

    ExclusionReason(String hint) {
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
