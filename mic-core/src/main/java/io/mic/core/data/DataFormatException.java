package io.mic.core.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file does not have the format its loader expects. The message always starts with
 * {@code <file>:<line>: } so that editors and terminals can jump to the offending line, names the
 * column when one is known ({@code column 'rating': }) and says what was expected and what was
 * found ({@code expected a number, got 'x'}).
 *
 * <p>Line numbers count from 1 and include header and blank lines, so they match {@code sed -n Np}
 * on the uncompressed file. Line 0 means the problem concerns the file as a whole (for example a
 * missing header).
 */
public final class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String column;

    /** A problem on {@code line} of {@code file} that concerns no single column. */
    public DataFormatException(Path file, long line, String message) {
        this(file, line, null, message);
    }

    /**
     * A problem in one column (or field) of a line.
     *
     * @param column the column's name (or {@code "field 3"} when the format has no names); null when not known
     */
    public DataFormatException(Path file, long line, String column, String message) {
        super(format(file, line, column, message));
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.column = column;
    }

    private static String format(Path file, long line, String column, String message) {
        StringBuilder b = new StringBuilder();
        b.append(file).append(':').append(line).append(": ");
        if (column != null) {
            b.append("column '").append(column).append("': ");
        }
        return b.append(message).toString();
    }

    /** The file as the loader opened it (the {@code .gz} name when compressed). */
    public Path file() {
        return file;
    }

    /** 1-based line number, 0 for whole-file problems. */
    public long line() {
        return line;
    }

    /** The column or field name, or null. */
    public String column() {
        return column;
    }
}
