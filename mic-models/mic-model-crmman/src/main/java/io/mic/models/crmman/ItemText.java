package io.mic.models.crmman;

import io.mic.core.data.DataFiles;
import io.mic.core.data.DataFormatException;
import io.mic.core.data.Dataset;
import io.mic.core.data.FieldData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where CRM-MAN's item text vectors (the input of {@code s = linear(text)}) come from: one
 * {@code [numItems, dim]} row-major block per dataset. Two sources ship here; the framework's
 * item-feature SPI can replace them behind this interface.
 */
interface ItemText {
    Logger LOG = LoggerFactory.getLogger(ItemText.class);

    /** Text vectors of every item of {@code d} (row = internal item id); a fresh array owned by the caller. */
    float[] vectors(Dataset d);

    /** Width of the vectors. */
    int dim();

    /**
     * The item's text: every TEXT field (the title in MovieLens) followed by the values of every
     * multi-valued categorical field (the genres), space-separated.
     */
    static String[] texts(Dataset d) {
        String[] out = new String[d.numItems()];
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < out.length; i++) {
            b.setLength(0);
            for (FieldData f : d.itemFields()) {
                if (f instanceof FieldData.Text t) {
                    b.append(t.values()[i]).append(' ');
                } else if (f instanceof FieldData.MultiCategorical m) {
                    for (int k = m.offsets()[i]; k < m.offsets()[i + 1]; k++) {
                        b.append(m.vocab().external(m.values()[k])).append(' ');
                    }
                }
            }
            out[i] = b.toString().strip();
        }
        return out;
    }

    /**
     * The dependency-free encoder: words and character trigrams of each word (lower-cased), TF-IDF
     * weighted, each token projected by a seeded Gaussian vector derived from its hash (a random
     * projection of the hashed bag of n-grams), L2-normalised. Deterministic in {@code seed}.
     */
    record Hashed(int dim, long seed) implements ItemText {
        @Override
        public float[] vectors(Dataset d) {
            String[] texts = texts(d);
            int n = texts.length;
            List<Map<String, Integer>> bags = new ArrayList<>(n);
            Map<String, Integer> df = new HashMap<>();
            int empty = 0;
            for (String t : texts) {
                Map<String, Integer> bag = new HashMap<>();
                for (String w : t.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                    if (w.isEmpty()) {
                        continue;
                    }
                    bag.merge("w:" + w, 1, Integer::sum);
                    String padded = "<" + w + ">";
                    for (int k = 0; k + 3 <= padded.length(); k++) {
                        bag.merge("c:" + padded.substring(k, k + 3), 1, Integer::sum);
                    }
                }
                if (bag.isEmpty()) {
                    empty++;
                }
                for (String tok : bag.keySet()) {
                    df.merge(tok, 1, Integer::sum);
                }
                bags.add(bag);
            }
            float[] out = new float[n * dim];
            double[] v = new double[dim];
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(v, 0);
                for (Map.Entry<String, Integer> e : bags.get(i).entrySet()) {
                    double w = (1 + Math.log(e.getValue())) * Math.log((1.0 + n) / (1.0 + df.get(e.getKey())));
                    long h = e.getKey().hashCode() * 0x9E3779B97F4A7C15L ^ seed;
                    java.util.SplittableRandom r = new java.util.SplittableRandom(h);
                    for (int c = 0; c < dim; c++) {
                        v[c] += w * r.nextGaussian();
                    }
                }
                double norm = 0;
                for (double x : v) {
                    norm += x * x;
                }
                norm = Math.sqrt(norm);
                for (int c = 0; c < dim; c++) {
                    out[i * dim + c] = norm == 0 ? 0f : (float) (v[c] / norm);
                }
            }
            LOG.info("hashed n-gram text vectors: {} items, dim {}, {} tokens, {} items without text", n, dim, df.size(), empty);
            return out;
        }
    }

    /**
     * Precomputed vectors (e.g. BERT [CLS] exported elsewhere): one line per item,
     * {@code itemId<TAB>v1 v2 ... vD} (values separated by spaces or commas); items of the dataset
     * missing from the file get a zero vector (counted in the log).
     */
    record File(Path path) implements ItemText {
        @Override
        public int dim() {
            return read().dim;
        }

        private record Parsed(Map<String, float[]> rows, int dim) {
        }

        private Parsed read() {
            Map<String, float[]> rows = new HashMap<>();
            int dim = -1;
            try (BufferedReader in = DataFiles.reader(path, StandardCharsets.UTF_8)) {
                String line;
                long no = 0;
                while ((line = in.readLine()) != null) {
                    no++;
                    if (line.isBlank()) {
                        continue;
                    }
                    int tab = line.indexOf('\t');
                    if (tab <= 0) {
                        throw new DataFormatException(path, no, "expected 'itemId<TAB>values', got no tab");
                    }
                    String[] f = line.substring(tab + 1).strip().split("[ ,]+");
                    if (dim < 0) {
                        dim = f.length;
                    } else if (f.length != dim) {
                        throw new DataFormatException(path, no, "expected " + dim + " values (as on the first line), got " + f.length);
                    }
                    float[] v = new float[dim];
                    for (int c = 0; c < dim; c++) {
                        try {
                            v[c] = Float.parseFloat(f[c]);
                        } catch (NumberFormatException e) {
                            throw new DataFormatException(path, no, "value " + (c + 1), "expected a number, got '" + f[c] + "'");
                        }
                    }
                    rows.put(line.substring(0, tab).strip(), v);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read item text vectors " + path, e);
            }
            if (dim < 0) {
                throw new DataFormatException(path, 0, "no vectors");
            }
            return new Parsed(rows, dim);
        }

        @Override
        public float[] vectors(Dataset d) {
            Parsed p = read();
            float[] out = new float[d.numItems() * p.dim];
            int missing = 0;
            for (int i = 0; i < d.numItems(); i++) {
                float[] v = p.rows.get(d.items().external(i));
                if (v == null) {
                    missing++;
                } else {
                    System.arraycopy(v, 0, out, i * p.dim, p.dim);
                }
            }
            LOG.info("item text vectors from {}: dim {}, {} of {} items found ({} missing: zero vectors)", path, p.dim, d.numItems() - missing,
                    d.numItems(), missing);
            return out;
        }
    }
}
