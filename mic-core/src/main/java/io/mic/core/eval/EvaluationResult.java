package io.mic.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Averaged metric values of one evaluation: one number per ({@link Metric}, K) pair, plus the
 * number of users the averages are over.
 *
 * <p>Immutable and thread-safe. Accessors return copies or unmodifiable views; the arrays given to
 * the constructor are copied.
 */
public final class EvaluationResult {
    private final List<Metric> metrics;
    private final int[] ks;
    private final double[] values;
    private final int users;

    /**
     * @param metrics the metrics, in reporting order, without duplicates
     * @param ks      the cut-offs, strictly ascending, each {@code >= 1}
     * @param values  row-major {@code metrics.size() x ks.length}: {@code values[m * ks.length + k]}
     * @param users   how many users the values are averaged over
     */
    public EvaluationResult(List<Metric> metrics, int[] ks, double[] values, int users) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(ks, "ks");
        Objects.requireNonNull(values, "values");
        if (metrics.isEmpty() || ks.length == 0) {
            throw new IllegalArgumentException("an evaluation result needs at least one metric and one K");
        }
        for (int i = 0; i < metrics.size(); i++) {
            if (metrics.indexOf(Objects.requireNonNull(metrics.get(i), "metric")) != i) {
                throw new IllegalArgumentException("metric " + metrics.get(i).label() + " is listed twice");
            }
        }
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] < 1 || (i > 0 && ks[i] <= ks[i - 1])) {
                throw new IllegalArgumentException("ks must be strictly ascending and >= 1, got " + Arrays.toString(ks));
            }
        }
        if (values.length != metrics.size() * ks.length) {
            throw new IllegalArgumentException("expected " + metrics.size() * ks.length + " values, got " + values.length);
        }
        if (users < 0) {
            throw new IllegalArgumentException("users must be >= 0, got " + users);
        }
        this.metrics = List.copyOf(metrics);
        this.ks = ks.clone();
        this.values = values.clone();
        this.users = users;
    }

    /**
     * The averaged value of {@code metric} at cut-off {@code k}.
     *
     * @throws IllegalArgumentException when that metric or K was not evaluated
     */
    public double get(Metric metric, int k) {
        int m = metrics.indexOf(metric);
        if (m < 0) {
            throw new IllegalArgumentException("metric " + metric + " was not evaluated; evaluated: " + labels());
        }
        int ki = Arrays.binarySearch(ks, k);
        if (ki < 0) {
            throw new IllegalArgumentException("K=" + k + " was not evaluated; evaluated: " + Arrays.toString(ks));
        }
        return values[m * ks.length + ki];
    }

    /** The cut-offs, ascending (a copy). */
    public int[] ks() {
        return ks.clone();
    }

    /** The metrics in reporting order (unmodifiable). */
    public List<Metric> metrics() {
        return metrics;
    }

    /** Number of users evaluated (users with a non-empty ground truth). */
    public int users() {
        return users;
    }

    /**
     * All values keyed {@code label@k} ({@code recall@20}), metric by metric in {@link #metrics()}
     * order, K ascending within a metric. Unmodifiable, iteration order is that order.
     */
    public Map<String, Double> asMap() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            for (int k = 0; k < ks.length; k++) {
                out.put(key(metrics.get(m), ks[k]), values[m * ks.length + k]);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * A fixed-width text table, one row per result (labelled with {@code labels}), one column per
     * {@code metric@k} (the union of all results' columns in first-seen order; a result without a
     * column shows {@code -}), values with 4 decimals. Lines end with {@code \n}.
     */
    public static String formatTable(List<String> labels, List<EvaluationResult> results) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(results, "results");
        if (labels.size() != results.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + results.size() + " results");
        }
        List<String> columns = new ArrayList<>();
        for (EvaluationResult r : results) {
            for (String key : r.asMap().keySet()) {
                if (!columns.contains(key)) {
                    columns.add(key);
                }
            }
        }
        int labelWidth = 0;
        for (String l : labels) {
            labelWidth = Math.max(labelWidth, l.length());
        }
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            // "0.1234" is 6 wide; a value >= 10 cannot occur for these metrics
            widths[c] = Math.max(6, columns.get(c).length());
        }
        StringBuilder sb = new StringBuilder();
        pad(sb, "", labelWidth, false);
        for (int c = 0; c < columns.size(); c++) {
            sb.append("  ");
            pad(sb, columns.get(c), widths[c], true);
        }
        sb.append('\n');
        for (int r = 0; r < results.size(); r++) {
            pad(sb, labels.get(r), labelWidth, false);
            Map<String, Double> row = results.get(r).asMap();
            for (int c = 0; c < columns.size(); c++) {
                sb.append("  ");
                Double v = row.get(columns.get(c));
                pad(sb, v == null ? "-" : String.format(Locale.ROOT, "%.4f", v), widths[c], true);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void pad(StringBuilder sb, String text, int width, boolean right) {
        if (!right) {
            sb.append(text);
        }
        for (int i = text.length(); i < width; i++) {
            sb.append(' ');
        }
        if (right) {
            sb.append(text);
        }
    }

    private static String key(Metric m, int k) {
        return m.label() + "@" + k;
    }

    private String labels() {
        StringBuilder sb = new StringBuilder();
        for (Metric m : metrics) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(m.label());
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EvaluationResult)) {
            return false;
        }
        EvaluationResult other = (EvaluationResult) o;
        return users == other.users && metrics.equals(other.metrics) && Arrays.equals(ks, other.ks)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metrics, Arrays.hashCode(ks), Arrays.hashCode(values), users);
    }

    @Override
    public String toString() {
        return "EvaluationResult[users=" + users + ", " + asMap() + "]";
    }
}
