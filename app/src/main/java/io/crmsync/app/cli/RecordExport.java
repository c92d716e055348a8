package io.crmsync.app.cli;

import io.crmsync.engine.state.RecordRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes the record view to a CSV or XLSX file, with the sync and object columns first. The file is written
 * beside the target and moved into place, so that a failed export never leaves half a file.
 */
final class RecordExport {
    /** The export formats, chosen by the file's extension. */
    enum Format { CSV, XLSX }

    /** One exported row: the object sync it belongs to and the record view's row. */
    record Row(String sync, String object, RecordRow record) {
    }

    private RecordExport() {
    }

    /** The format of a file name, or a usage error naming the extensions that work. */
    static Format format(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".xlsx")) {
            return Format.XLSX;
        }
        throw new UsageException("cannot export to \"" + file + "\": the file name must end in .csv or .xlsx");
    }

    /** Checks an export file before anything is read: its extension, and that its folder exists. */
    static void checkTarget(Path file) {
        format(file);
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new UsageException("cannot export to \"" + file + "\": the folder " + folder
                    + (Files.exists(folder) ? " is not a folder" : " does not exist") + "; create it or choose another");
        }
    }

    /**
     * @param appA the name in the header of the first id column ({@code crm} gives {@code crm id})
     * @param appB the name in the header of the second id column
     */
    static void write(Path file, List<RecordColumn> columns, String appA, String appB, List<Row> rows) {
        List<String> headers = new ArrayList<>(List.of("sync", "object"));
        for (RecordColumn c : columns) {
            headers.add(c.header(appA, appB));
        }
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            if (format(file) == Format.CSV) {
                csv(tmp, headers, columns, rows);
            } else {
                xlsx(tmp, headers, columns, rows);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The original error is the one to report.
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void csv(Path file, List<String> headers, List<RecordColumn> columns, List<Row> rows)
            throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(headers.toArray(String[]::new)).get();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, format)) {
            for (Row row : rows) {
                List<String> cells = new ArrayList<>(List.of(row.sync(), row.object()));
                for (RecordColumn c : columns) {
                    cells.add(c.text(row.record()));
                }
                csv.printRecord(cells);
            }
        }
    }

    private static void xlsx(Path file, List<String> headers, List<RecordColumn> columns, List<Row> rows)
            throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(os, "crmsync", "0.1");
            Worksheet ws = wb.newWorksheet("records");
            for (int c = 0; c < headers.size(); c++) {
                ws.value(0, c, headers.get(c));
                ws.style(0, c).bold().set();
            }
            ws.freezePane(0, 1);
            int r = 1;
            for (Row row : rows) {
                ws.value(r, 0, row.sync());
                ws.value(r, 1, row.object());
                for (int i = 0; i < columns.size(); i++) {
                    cell(ws, r, i + 2, columns.get(i), row.record());
                }
                r++;
            }
            wb.finish();
        }
    }

    /** Attempts as a number and times as Excel date-times (UTC), so that they sort and filter as such. */
    private static void cell(Worksheet ws, int r, int c, RecordColumn column, RecordRow record) {
        switch (column) {
            case ATTEMPTS -> ws.value(r, c, record.attempts());
            case UPDATED_AT -> {
                if (record.updatedAt() != null) {
                    ws.value(r, c, LocalDateTime.ofInstant(record.updatedAt(), ZoneOffset.UTC));
                    ws.style(r, c).format("yyyy-mm-dd hh:mm:ss").set();
                }
            }
            default -> {
                String text = column.text(record);
                if (text != null) {
                    ws.value(r, c, text);
                }
            }
        }
    }
}
