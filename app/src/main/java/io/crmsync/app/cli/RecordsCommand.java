package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.state.RecordRow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmsync records}: the record view (DESIGN.md §2.7), filtered by object sync, state and time, with
 * selectable columns, on screen or exported to CSV or XLSX.
 */
@Command(name = "records", mixinStandardHelpOptions = true,
        description = "List the records of object syncs with their state, or export them to CSV or XLSX.")
final class RecordsCommand extends WorkspaceCommand {
    private static final int SCREEN_LIMIT = 100;
    private static final int MESSAGE_WIDTH = 60;

    @Mixin
    ConfigOptions config;

    @Mixin
    Selection selection;

    @Option(names = "--state", paramLabel = "STATE", description = "Only records in this state: syncing, failed,"
            + " excluded or pending.")
    String state;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeArgument.class,
            description = "Only records changed since: 30m, 24h, 7d, 2026-01-01 or 2026-01-01T10:00 (UTC).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeArgument.class,
            description = "Only records changed before this time (same forms as --since).")
    Instant until;

    @Option(names = "--columns", paramLabel = "LIST", split = ",",
            description = "Columns to show, from: idA,idB,state,reason,message,attempts,updatedAt"
                    + " (default: all but attempts).")
    List<String> columns;

    @Option(names = "--limit", paramLabel = "N", description = "Most records listed (default: " + SCREEN_LIMIT
            + " on screen, all when exporting).")
    Integer limit;

    @Option(names = "--export", paramLabel = "FILE", description = "Write the records to FILE.csv or FILE.xlsx"
            + " (with sync and object columns) instead of listing them.")
    Path export;

    private List<RecordColumn> chosen;
    private String stateName;

    @Override
    Path configFile() {
        return config.file;
    }

    /** Checks the options before connecting, so that a typo is reported even when an app is down. */
    @Override
    void beforeOpen(Console console) {
        chosen = columns == null ? RecordColumn.DEFAULT
                : columns.stream().map(RecordColumn::parse).distinct().toList();
        if (state != null) {
            stateName = state.trim().toUpperCase(Locale.ROOT);
            if (Arrays.stream(RecordState.values()).noneMatch(s -> s.name().equals(stateName))) {
                throw new UsageException("unknown state \"" + state + "\" in --state; use one of: "
                        + Arrays.stream(RecordState.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
            }
        }
        if (export != null) {
            RecordExport.format(export);
        }
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be 1 or more, not " + limit);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new UsageException("--since must be before --until");
        }
    }

    @Override
    int execute(Workspace workspace, Console console) {
        int max = limit != null ? limit : export != null ? Integer.MAX_VALUE : SCREEN_LIMIT;
        List<BoundObjectSync> objectSyncs = selection.all(workspace);
        List<RecordExport.Row> rows = new ArrayList<>();
        boolean more = false;
        for (BoundObjectSync os : objectSyncs) {
            int room = max - rows.size();
            if (room <= 0) {
                more = true;
                break;
            }
            long id = StoredState.objectSyncId(workspace, os);
            // One row more than room tells whether the listing was cut.
            List<RecordRow> found = workspace.store().runs().records(id, stateName, since, until,
                    room == Integer.MAX_VALUE ? room : room + 1);
            more |= found.size() > room;
            found.stream().limit(room).forEach(r -> rows.add(new RecordExport.Row(os.sync(), os.object(), r)));
        }
        if (export != null) {
            boolean sameApps = objectSyncs.stream().map(os -> os.settings().appA() + "\0" + os.settings().appB())
                    .distinct().count() <= 1;
            String appA = sameApps && !objectSyncs.isEmpty() ? objectSyncs.get(0).settings().appA() : "app A";
            String appB = sameApps && !objectSyncs.isEmpty() ? objectSyncs.get(0).settings().appB() : "app B";
            RecordExport.write(export, chosen, appA, appB, rows);
            console.out().println("exported " + rows.size() + " records to " + export
                    + (more ? " (limited by --limit)" : ""));
            return Main.OK;
        }
        for (BoundObjectSync os : objectSyncs) {
            print(console.out(), os, rows.stream().filter(r -> r.sync().equals(os.sync())
                    && r.object().equals(os.object())).map(RecordExport.Row::record).toList());
        }
        if (more) {
            console.out().println("(first " + max + " records shown; use --limit N or --export FILE for more)");
        }
        return Main.OK;
    }

    private void print(PrintStream out, BoundObjectSync os, List<RecordRow> rows) {
        out.println(os.settings().label() + ": " + rows.size() + (rows.size() == 1 ? " record" : " records"));
        if (rows.isEmpty()) {
            return;
        }
        List<String[]> table = new ArrayList<>();
        table.add(chosen.stream().map(c -> c.header(os.settings().appA(), os.settings().appB()))
                .toArray(String[]::new));
        for (RecordRow r : rows) {
            table.add(chosen.stream().map(c -> Text.cell(c.screenText(r), c == RecordColumn.MESSAGE ? MESSAGE_WIDTH
                    : Integer.MAX_VALUE)).toArray(String[]::new));
        }
        int[] widths = new int[chosen.size()];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : table) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
