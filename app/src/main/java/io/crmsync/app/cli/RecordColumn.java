package io.crmsync.app.cli;

import io.crmsync.engine.state.RecordRow;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A column of the record view, named on the command line as in {@code --columns idA,idB,state}. */
enum RecordColumn {
    ID_A("idA", RecordRow::idA),
    ID_B("idB", RecordRow::idB),
    STATE("state", RecordRow::state),
    REASON("reason", RecordRow::reason),
    MESSAGE("message", RecordRow::message),
    ATTEMPTS("attempts", r -> Integer.toString(r.attempts())),
    UPDATED_AT("updatedAt", r -> r.updatedAt() == null ? null : r.updatedAt().toString());

    /** What {@code records} shows when no {@code --columns} is given. */
    static final List<RecordColumn> DEFAULT = List.of(ID_A, ID_B, STATE, REASON, MESSAGE, UPDATED_AT);

    private final String option;
    private final Function<RecordRow, String> text;

    RecordColumn(String option, Function<RecordRow, String> text) {
        this.option = option;
        this.text = text;
    }

    /** The column named on the command line (case-insensitive). */
    static RecordColumn parse(String name) {
        for (RecordColumn c : values()) {
            if (c.option.equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        throw new UsageException("unknown column \"" + name.trim() + "\" in --columns; use any of: "
                + Arrays.stream(values()).map(c -> c.option).collect(Collectors.joining(",")));
    }

    /** The header: ids are named after their app ({@code crm id}), the others by their option name. */
    String header(String appA, String appB) {
        return switch (this) {
            case ID_A -> appA + " id";
            case ID_B -> appB + " id";
            case UPDATED_AT -> "updated at";
            default -> option;
        };
    }

    /** The cell as text; {@code null} when empty. */
    String text(RecordRow row) {
        return text.apply(row);
    }

    /** The cell for a screen: times to the second, as sub-second digits only widen the table. */
    String screenText(RecordRow row) {
        if (this == UPDATED_AT && row.updatedAt() != null) {
            return row.updatedAt().truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return text(row);
    }
}
