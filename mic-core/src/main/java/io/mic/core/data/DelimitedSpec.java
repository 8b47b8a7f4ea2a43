package io.mic.core.data;

import java.util.Objects;

/**
 * How to read a plain delimited interaction file with {@link DelimitedLoader}.
 *
 * <p>A column is named by its header name when {@code hasHeader}, or by its 0-based index
 * ({@code "0"}, {@code "1"}, ...) either way. There is no quoting: the separator may not occur
 * inside a value.
 *
 * @param separator       the literal separator, one or more characters ({@code "\t"} the tab character, {@code ","}, {@code "::"})
 * @param hasHeader       whether the first non-empty line names the columns
 * @param userColumn      user id column
 * @param itemColumn      item id column
 * @param ratingColumn    rating column (a number), or null for implicit data
 * @param timestampColumn time column (a number, rounded down to a whole number), or null when there is no time
 */
public record DelimitedSpec(String separator, boolean hasHeader, String userColumn, String itemColumn, String ratingColumn,
        String timestampColumn) {
    public DelimitedSpec {
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(userColumn, "userColumn");
        Objects.requireNonNull(itemColumn, "itemColumn");
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("separator must not be empty");
        }
        for (int i = 0; i < separator.length(); i++) {
            char c = separator.charAt(i);
            if (c == '\n' || c == '\r' || c > 127) {
                throw new IllegalArgumentException("separator must be ASCII and not contain line breaks, got '" + separator + "'");
            }
        }
    }
}
