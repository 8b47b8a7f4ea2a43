package io.mic.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a delimited text file line by line as raw bytes and splits lines into fields without
 * allocating: the loaders' per-row loops parse numbers straight from the byte buffer, which is what
 * keeps a million-row load well under a second (String.split and regexes cost several times more).
 *
 * <p>Works for any ASCII-compatible charset (ASCII, Latin-1, UTF-8): separators are ASCII and UTF-8
 * continuation bytes are never ASCII, so byte-level splitting is exact. Only {@link #string} decodes,
 * in the charset given at construction. Lines end at {@code \n}; a trailing {@code \r} is dropped;
 * a UTF-8 byte order mark at the start is dropped; empty lines are skipped (they are counted, so
 * {@link #lineNumber()} matches the file). Not thread-safe.
 */
final class LineScanner implements Closeable {
    private static final int MAX_SHOWN = 60;

    private final InputStream in;
    private final Path file;
    private final Charset charset;
    private byte[] buf = new byte[DataFiles.BUFFER * 4];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNo;
    private int lineStart;
    private int lineEnd;
    private int[] fieldStart = new int[16];
    private int[] fieldEnd = new int[16];
    private int fields;

    private LineScanner(InputStream in, Path file, Charset charset) {
        this.in = in;
        this.file = file;
        this.charset = charset;
    }

    /** Opens {@code file} (plain or gzip). */
    static LineScanner open(Path file, Charset charset) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new DataFormatException(file, 0, "is a directory, not a data file");
        }
        try {
            return new LineScanner(DataFiles.open(file), file, charset);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw unreadable(file, 1, e);
        }
    }

    /**
     * A read failure as bad input naming the file and line: a gzip stream that ends early (a
     * truncated download or copy) or is corrupt, or an I/O error.
     */
    static DataFormatException unreadable(Path file, long line, IOException e) {
        String why;
        if (e instanceof java.io.EOFException) {
            why = "the file ends early (truncated gzip data?): " + e.getMessage();
        } else if (e instanceof java.util.zip.ZipException) {
            why = "corrupt gzip data: " + e.getMessage();
        } else {
            why = e.toString();
        }
        DataFormatException d = new DataFormatException(file, line, "cannot read: " + why);
        d.initCause(e);
        return d;
    }

    Path file() {
        return file;
    }

    /** 1-based number of the current line (0 before the first {@link #next()}). */
    long lineNumber() {
        return lineNo;
    }

    /** Advances to the next non-empty line; false at end of file. Resets the field split to the whole line. */
    boolean next() {
        while (true) {
            if (!advance()) {
                return false;
            }
            if (lineNo == 1 && lineEnd - lineStart >= 3 && buf[lineStart] == (byte) 0xEF && buf[lineStart + 1] == (byte) 0xBB
                    && buf[lineStart + 2] == (byte) 0xBF) {
                lineStart += 3; // byte order mark some editors write in front of UTF-8 files
            }
            if (lineEnd > lineStart) {
                fields = 1;
                fieldStart[0] = lineStart;
                fieldEnd[0] = lineEnd;
                return true;
            }
        }
    }

    private boolean advance() {
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            scan = limit - pos;
            fill();
        }
    }

    private void setLine(int from, int to) {
        lineNo++;
        lineStart = from;
        lineEnd = to > from && buf[to - 1] == '\r' ? to - 1 : to;
    }

    /** Moves the unread tail to the front (growing the buffer for very long lines) and reads more. */
    private void fill() {
        int rest = limit - pos;
        if (rest == buf.length) {
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, pos, bigger, 0, rest);
            buf = bigger;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, rest);
        }
        pos = 0;
        limit = rest;
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (IOException e) {
            throw unreadable(file, lineNo + 1, e);
        }
    }

    /** Splits the current line at every occurrence of {@code sep}; returns the number of fields. */
    int split(byte sep) {
        int n = 0;
        int start = lineStart;
        for (int i = lineStart; i < lineEnd; i++) {
            if (buf[i] == sep) {
                n = addField(n, start, i);
                start = i + 1;
            }
        }
        fields = addField(n, start, lineEnd);
        return fields;
    }

    /** Splits the current line at every non-overlapping occurrence of {@code sep} (one or more bytes). */
    int split(byte[] sep) {
        if (sep.length == 1) {
            return split(sep[0]);
        }
        int n = 0;
        int start = lineStart;
        int last = lineEnd - sep.length;
        byte s0 = sep[0];
        int i = lineStart;
        outer:
        while (i <= last) {
            if (buf[i] == s0) {
                for (int k = 1; k < sep.length; k++) {
                    if (buf[i + k] != sep[k]) {
                        i++;
                        continue outer;
                    }
                }
                n = addField(n, start, i);
                i += sep.length;
                start = i;
            } else {
                i++;
            }
        }
        fields = addField(n, start, lineEnd);
        return fields;
    }

    private int addField(int n, int from, int to) {
        if (n == fieldStart.length) {
            fieldStart = Arrays.copyOf(fieldStart, n * 2);
            fieldEnd = Arrays.copyOf(fieldEnd, n * 2);
        }
        fieldStart[n] = from;
        fieldEnd[n] = to;
        return n + 1;
    }

    /** Drops leading and trailing ASCII spaces from every field of the current split. */
    void trimSpaces() {
        for (int f = 0; f < fields; f++) {
            int s = fieldStart[f];
            int e = fieldEnd[f];
            while (s < e && buf[s] == ' ') {
                s++;
            }
            while (e > s && buf[e - 1] == ' ') {
                e--;
            }
            fieldStart[f] = s;
            fieldEnd[f] = e;
        }
    }

    int fieldCount() {
        return fields;
    }

    /** The raw buffer; valid until the next {@link #next()}. */
    byte[] buffer() {
        return buf;
    }

    int start(int field) {
        return fieldStart[field];
    }

    int end(int field) {
        return fieldEnd[field];
    }

    boolean isEmpty(int field) {
        return fieldEnd[field] == fieldStart[field];
    }

    /** The field decoded in the scanner's charset. */
    String string(int field) {
        return new String(buf, fieldStart[field], fieldEnd[field] - fieldStart[field], charset);
    }

    /** The whole current line, decoded. */
    String line() {
        return new String(buf, lineStart, lineEnd - lineStart, charset);
    }

    /** Requires exactly {@code n} fields; {@code layout} describes them for the message (e.g. "UserID::MovieID::Rating"). */
    void requireFields(int n, String layout) {
        if (fields != n) {
            throw error(null, "expected " + n + " fields (" + layout + "), got " + fields + ": '" + shorten(line()) + "'");
        }
    }

    /** Parses a decimal int (optional leading '-'). */
    int parseInt(int field, String column) {
        long v = parseLongOrFail(field, column, "an integer");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error(column, "expected an integer, got '" + shorten(string(field)) + "' (out of range)");
        }
        return (int) v;
    }

    /** Parses a decimal long (optional leading '-'). */
    long parseLong(int field, String column) {
        return parseLongOrFail(field, column, "an integer");
    }

    private long parseLongOrFail(int field, String column, String what) {
        int s = fieldStart[field];
        int e = fieldEnd[field];
        boolean neg = false;
        if (s < e && buf[s] == '-') {
            neg = true;
            s++;
        }
        if (s == e || e - s > 18) {
            if (e - s > 18 && e - s <= 20) {
                try {
                    return Long.parseLong(string(field));
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            throw error(column, "expected " + what + ", got '" + shorten(string(field)) + "'");
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                throw error(column, "expected " + what + ", got '" + shorten(string(field)) + "'");
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /** Parses a finite decimal number; plain {@code [-]digits[.digits]} without allocation, anything else via Double. */
    double parseDouble(int field, String column) {
        return parseDouble(fieldStart[field], fieldEnd[field], column);
    }

    private double parseDouble(int s, int e, String column) {
        int i = s;
        boolean neg = false;
        if (i < e && buf[i] == '-') {
            neg = true;
            i++;
        }
        long mant = 0;
        int digits = 0;
        int frac = -1;
        for (; i < e; i++) {
            byte b = buf[i];
            if (b >= '0' && b <= '9') {
                mant = mant * 10 + (b - '0');
                digits++;
                if (frac >= 0) {
                    frac++;
                }
            } else if (b == '.' && frac < 0) {
                frac = 0;
            } else {
                break;
            }
        }
        if (i == e && digits > 0 && digits <= 15) {
            // mant < 10^15 < 2^53 and the divisor is an exact power of ten: one correctly rounded division
            double v = frac > 0 ? mant / POW10[frac] : mant;
            return neg ? -v : v;
        }
        String text = new String(buf, s, e - s, charset);
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException ex) {
            throw error(column, "expected a number, got '" + shorten(text) + "'");
        }
        if (!Double.isFinite(v)) {
            throw error(column, "expected a finite number, got '" + shorten(text) + "'");
        }
        return v;
    }

    /**
     * Appends the numbers of a field separated by {@code sep} (runs count as one) to {@code out};
     * returns how many were appended.
     */
    int parseFloats(int field, byte sep, String column, FloatList out) {
        int e = fieldEnd[field];
        int i = fieldStart[field];
        int n = 0;
        while (i < e) {
            if (buf[i] == sep) {
                i++;
                continue;
            }
            int s = i;
            while (i < e && buf[i] != sep) {
                i++;
            }
            out.add((float) parseDouble(s, i, column));
            n++;
        }
        return n;
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

    float parseFloat(int field, String column) {
        return (float) parseDouble(field, column);
    }

    /**
     * Appends the integers of a field separated by {@code sep} (runs of separators count as one,
     * so an empty field yields nothing) to {@code out}; returns how many were appended.
     */
    int parseInts(int field, byte sep, String column, IntList out) {
        int e = fieldEnd[field];
        int i = fieldStart[field];
        int n = 0;
        while (i < e) {
            if (buf[i] == sep) {
                i++;
                continue;
            }
            int s = i;
            long v = 0;
            while (i < e && buf[i] != sep) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9 || i - s >= 10) {
                    int t = i;
                    while (t < e && buf[t] != sep) {
                        t++;
                    }
                    String token = new String(buf, s, t - s, charset);
                    throw error(column, "expected integers separated by '" + (char) sep + "', got '" + shorten(token) + "'");
                }
                v = v * 10 + d;
                i++;
            }
            if (v > Integer.MAX_VALUE) {
                throw error(column, "expected integers separated by '" + (char) sep + "', got '" + new String(buf, s, i - s, charset)
                        + "' (out of range)");
            }
            out.add((int) v);
            n++;
        }
        return n;
    }

    /** An error at the current line. */
    DataFormatException error(String column, String message) {
        return new DataFormatException(file, lineNo, column, message);
    }

    static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }

    /** The separator as bytes, for {@link #split(byte[])}. */
    static byte[] separator(String sep) {
        return sep.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
