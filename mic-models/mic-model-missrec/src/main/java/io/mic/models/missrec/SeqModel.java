package io.mic.models.missrec;

import io.mic.core.data.DataSplit;
import io.mic.core.data.WarmItems;
import io.mic.core.feature.FeatureBuilder;
import io.mic.core.feature.HistoryMode;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.SavedModelExportable;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.layers.Dropout;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.training.FitHarness;
import io.mic.models.tf.training.ModelScores;
import io.mic.models.tf.training.Trainer;
import io.mic.spi.Column;
import io.mic.spi.Encoder;
import io.mic.spi.FeatureBatch;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import io.mic.spi.TrainingData;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@code sasrec} and {@code missrec}: next-item models over time-ordered histories.
 *
 * <p>Training examples are the training interactions whose leak-free history (the last N training
 * items strictly before them, {@link FeatureBuilder} with {@link HistoryMode#BEFORE} on time-ordered
 * splits) is not empty: on a UniSRec-format dataset exactly the rows of its train file, one per
 * prefix. Loss: {@code L = L_seq-item + lambda_seq L_seq-seq + gamma L_ortho}, where
 * <ul>
 *   <li>{@code L_seq-item}: softmax cross-entropy of the user (the last position of a dropout view)
 *       against its target among the batch's targets and {@code negatives} uniformly sampled items
 *       (cosine / tau; other rows' identical targets and samples equal to the target are removed
 *       from the negatives);</li>
 *   <li>{@code L_seq-seq}: symmetric in-batch InfoNCE between the users of two independent dropout
 *       views of the same sequences (MISSRec's sequence-sequence contrast);</li>
 *   <li>{@code L_ortho}: {@link SeqLayers#orthogonality} of the encoded interests (MISSRec).</li>
 * </ul>
 * Candidates with several modalities are fused per user ({@link SeqLayers#fuse}). Early stopping on
 * the validation metric, best epoch restored. Score: cosine of the user vector (from the last N
 * training items) with every item; with several modalities the fusion is applied per user and item
 * in {@link #score(int[], float[], int)}.
 */
final class SeqModel implements Model, SavedModelExportable {
    private static final Logger LOG = LoggerFactory.getLogger(SeqModel.class);

    private final String label;
    private final SeqEncoder encoder;
    private volatile Vectors users;
    private volatile Vectors items;
    /** Raw per-modality item vectors and id rows (several modalities only: exact fused scoring). */
    private volatile float[][] raw;
    private final FitHarness harness;

    SeqModel(String label, SeqEncoder encoder, TrainerSettings settings, long seed, Progress progress) {
        this.label = label;
        this.encoder = encoder;
        this.harness = new FitHarness(encoder.settings().plugin(), settings, seed, progress);
    }

    public Optional<Encoder> encoder() {
        return Optional.of(encoder);
    }

    @Override
    public Optional<Vectors> userVectors() {
        return Optional.ofNullable(users);
    }

    @Override
    public Optional<Vectors> itemVectors() {
        return Optional.ofNullable(items);
    }

    Trainer.Report report() {
        return harness.report();
    }

    SeqEncoder seqEncoder() {
        return encoder;
    }

    @Override
    public boolean exportSavedModel(Path dir) throws IOException {
        if (users == null) {
            throw new IllegalStateException(label + ": exportSavedModel before fit");
        }
        harness.export(dir, encoder.settings().plugin(), encoder.exportSignatures());
        return true;
    }

    @Override
    public void fit(TrainingData trainingData) {
        DataSplit split = DataSplit.of(trainingData);
        SeqSettings s = encoder.settings();
        FeatureBuilder fb = FeatureBuilder.of(split, s.historyLength(), 0, HistoryMode.defaultFor(split));
        harness.fit(split, this, encoder::prepare, new FitHarness.Fit() {
            @Override
            public FitHarness.Session open(long startStep) {
                Step step = new Step(fb, WarmItems.of(split));
                LOG.info("{} ({} parameters, {} modalities): {} of {} training interactions have a history ({})", encoder, encoder.parameterCount(),
                        encoder.features().size(), step.examples(), fb.numExamples(), fb.mode());
                return step;
            }

            @Override
            public void snapshot() {
                SeqModel.this.snapshot(fb);
            }

            @Override
            public void finished(Trainer.Report report, FitHarness.Validation validation) {
                if (s.saveTo() != null) {
                    try {
                        encoder.saveCheckpoint(Path.of(s.saveTo()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(label + ": cannot write the parameters to " + s.saveTo(), e);
                    }
                    LOG.info("{}: parameters written to {} (init_from of a later run)", label, s.saveTo());
                }
                if (s.testHistory()) {
                    users = encoder.encodeHistories(trainThenValid(fb, split), fb.numUsers());
                    LOG.warn("{}: user vectors now read each user's validation items after her training items (test_history = train-valid): "
                            + "test metrics follow the papers' protocol, validation metrics computed from now on are not held out", label);
                }
            }
        });
    }

    private void snapshot(FeatureBuilder fb) {
        int[] all = FitHarness.range(fb.numItems());
        Vectors it = encoder.encodeItemIds(all);
        float[][] r = encoder.features().size() > 1 ? encoder.rawModalities() : null;
        Vectors u = encoder.encodeUsers(fb.users(FitHarness.range(fb.numUsers())));
        raw = r;
        items = it;
        users = u;
    }

    /** Each user's last N items of training followed by validation, as a padded {@code [users, N]} block. */
    private int[] trainThenValid(FeatureBuilder fb, DataSplit split) {
        int n = encoder.settings().historyLength();
        int users = fb.numUsers();
        Column.MultiIds h = (Column.MultiIds) fb.users(FitHarness.range(users)).column(FeatureBatch.HISTORY);
        io.mic.core.data.InteractionMatrix valid = split.valid();
        int[] validItems = valid.items();
        int[] out = new int[users * n];
        Arrays.fill(out, -1);
        int[] seq = new int[n + 1];
        for (int u = 0; u < users; u++) {
            int w = 0;
            int[] off = h.offsets();
            for (int p = off[u]; p < off[u + 1]; p++) {
                seq[w++] = h.values()[p];
            }
            if (u < valid.numUsers()) {
                for (int p = valid.start(u); p < valid.end(u); p++) {
                    if (w == n) {
                        System.arraycopy(seq, 1, seq, 0, n - 1);
                        w--;
                    }
                    seq[w++] = validItems[p];
                }
            }
            System.arraycopy(seq, 0, out, u * n + n - w, w); // right-aligned
        }
        return out;
    }

    @Override
    public void score(int user, float[] out) {
        score(new int[] {user}, out, ModelScores.singleUserItems(label, items, out));
    }

    @Override
    public void score(int[] us, float[] out, int numItems) {
        Vectors u = users;
        Vectors it = items;
        float[][] r = raw;
        if (u == null) {
            throw new IllegalStateException(label + ": fit() first");
        }
        int d = u.dim();
        int n = Math.min(numItems, it.rows());
        float[] uv = u.values();
        for (int q = 0; q < us.length; q++) {
            int base = q * numItems;
            Arrays.fill(out, base, base + numItems, Float.NEGATIVE_INFINITY);
            int uo = us[q] * d;
            if (r == null) {
                float[] iv = it.values();
                for (int i = 0; i < n; i++) {
                    float s = 0f;
                    for (int c = 0; c < d; c++) {
                        s += uv[uo + c] * iv[i * d + c];
                    }
                    out[base + i] = s;
                }
            } else {
                fusedScores(uv, uo, r, encoder.settings().alpha(), d, n, out, base);
            }
        }
    }

    /**
     * Exact dynamic fusion for one user: {@code v = sum_m softmax_m(alpha <u, x^m>) x^m (+ id)},
     * score = {@code <u, v> / ||v||} ({@code u} is unit length), as in training.
     */
    static void fusedScores(float[] uv, int uo, float[][] raw, double alpha, int d, int n, float[] out, int base) {
        int mods = raw.length - 1;
        float[] idRows = raw[mods];
        double[] w = new double[mods];
        double[] v = new double[d];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < mods; m++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += uv[uo + c] * raw[m][i * d + c];
                }
                w[m] = alpha * s;
                max = Math.max(max, w[m]);
            }
            double z = 0;
            for (int m = 0; m < mods; m++) {
                w[m] = Math.exp(w[m] - max);
                z += w[m];
            }
            Arrays.fill(v, 0);
            for (int m = 0; m < mods; m++) {
                for (int c = 0; c < d; c++) {
                    v[c] += w[m] / z * raw[m][i * d + c];
                }
            }
            if (idRows != null) {
                for (int c = 0; c < d; c++) {
                    v[c] += idRows[i * d + c];
                }
            }
            double dot = 0;
            double norm = 0;
            for (int c = 0; c < d; c++) {
                dot += uv[uo + c] * v[c];
                norm += v[c] * v[c];
            }
            out[base + i] = (float) (dot / Math.max(Math.sqrt(norm), 1e-6));
        }
    }

    /** The training graph and the feeding of one step. */
    private final class Step implements FitHarness.Session {
        private final FeatureBuilder fb;
        private final int[] examples;
        private final StepGraph graph;
        private final SeqEncoder.In in;
        private final Placeholder<TFloat32> keep1;
        private final Placeholder<TFloat32> keep2;
        private final Placeholder<TFloat32> usable;
        private final Placeholder<TFloat32> labels;
        private final Placeholder<TFloat32> eye;
        private final Dropout blockDropout;
        /**
         * The items negatives are drawn from: never a cold item, which must not enter training at all (a
         * cold negative would train its id row and push its text away from every user).
         */
        private final WarmItems negativePool;

        Step(FeatureBuilder fb, WarmItems negativePool) {
            this.fb = fb;
            this.negativePool = negativePool;
            SeqSettings s = encoder.settings();
            this.examples = FitHarness.examplesWithHistory(fb);
            if (examples.length == 0) {
                throw new IllegalArgumentException(s.plugin() + ": no training interaction has a non-empty history");
            }
            int n = s.historyLength();
            int d = s.dim();
            try (GraphBuilder gb = new GraphBuilder()) {
                Ops tf = gb.tf();
                in = encoder.new In(gb, true);
                SeqNet net = encoder.net();
                Operand<TFloat32> x = in.historyTokens(gb);
                keep1 = s.dropout() > 0 ? gb.floatInput("keep1", -1, n, d) : null;
                blockDropout = s.blockDropout() > 0 ? Dropout.input(gb, "block_dropout_seed") : Dropout.off();
                SeqNet.User u1 = net.user(gb, x, in.histMask, keep1, blockDropout);
                Operand<TFloat32> q = Layers.l2Normalize(tf, u1.user(), 1e-6);
                Operand<TFloat32> v = encoder.candidates(tf, q, in.candidateModalities(gb), in.candidateIds());
                Operand<TFloat32> logits = v.shape().numDimensions() == 2 ? Layers.pairwiseDot(tf, q, v)
                        : tf.reduceSum(tf.math.mul(tf.expandDims(q, tf.constant(1)), v), tf.constant(-1));
                logits = tf.math.mul(logits, tf.constant((float) (1 / s.temperature())));
                usable = gb.floatInput("usable", -1, -1);
                labels = gb.floatInput("labels", -1, -1);
                Operand<TFloat32> loss = Losses.softmaxCrossEntropy(tf, Layers.maskLogits(tf, logits, usable), labels);
                Map<String, Operand<TFloat32>> metrics = new LinkedHashMap<>();
                metrics.put("seq_item", loss);
                if (s.lambdaSeq() > 0) {
                    keep2 = gb.floatInput("keep2", -1, n, d);
                    Operand<TFloat32> q2 = Layers.l2Normalize(tf, net.user(gb, x, in.histMask, keep2, blockDropout).user(), 1e-6);
                    eye = gb.floatInput("eye", -1, -1);
                    Operand<TFloat32> t = seqSeq(tf, q, q2, eye, s.temperature());
                    metrics.put("seq_seq", t);
                    loss = tf.math.add(loss, tf.math.mul(t, tf.constant((float) s.lambdaSeq())));
                } else {
                    keep2 = null;
                    eye = null;
                }
                if (s.missrec() && s.gamma() > 0) {
                    Operand<TFloat32> t = SeqLayers.orthogonality(tf, u1.interests(), u1.interestMask());
                    metrics.put("ortho", t);
                    loss = tf.math.add(loss, tf.math.mul(t, tf.constant((float) s.gamma())));
                }
                if (metrics.size() == 1) {
                    metrics.clear();
                }
                graph = gb.build(loss, metrics);
            }
        }

        @Override
        public StepGraph graph() {
            return graph;
        }

        @Override
        public int examples() {
            return examples.length;
        }

        @Override
        public void feed(Feeds feeds, int[] order, int from, int to, SplittableRandom rng) {
            SeqSettings s = encoder.settings();
            int b = to - from;
            int n = s.historyLength();
            int[] ex = new int[b];
            for (int r = 0; r < b; r++) {
                ex[r] = examples[order[from + r]];
            }
            int[] hist = SeqEncoder.padHistories((Column.MultiIds) fb.exampleUsers(ex).column(FeatureBatch.HISTORY), b, n);
            int neg = s.negatives();
            int c = b + neg;
            int[] cands = new int[c];
            for (int r = 0; r < b; r++) {
                cands[r] = fb.exampleItem(ex[r]);
            }
            for (int j = b; j < c; j++) {
                cands[j] = negativePool.uniform(rng);
            }
            in.feed(feeds, hist, b, cands);
            float[] use = new float[b * c];
            float[] lab = new float[b * c];
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < c; j++) {
                    use[r * c + j] = j == r || cands[j] != cands[r] ? 1f : 0f;
                }
                lab[r * c + r] = 1f;
            }
            feeds.floats(usable, use, b, c);
            feeds.floats(labels, lab, b, c);
            if (blockDropout.seedInput() != null) {
                feeds.ints(blockDropout.seedInput(), Dropout.seedFor(harness.seed(), rng.nextLong()), 2);
            }
            if (keep1 != null) {
                feeds.floats(keep1, keepMask(rng, b * n * s.dim(), s.dropout()), b, n, s.dim());
            }
            if (keep2 != null) {
                feeds.floats(keep2, keepMask(rng, b * n * s.dim(), s.dropout()), b, n, s.dim());
                float[] e = new float[b * b];
                for (int r = 0; r < b; r++) {
                    e[r * b + r] = 1f;
                }
                feeds.floats(eye, e, b, b);
            }
        }

        @Override
        public void close() {
            graph.close();
        }

    }

    /** 0/1 keep mask with keep probability {@code 1 - drop}. */
    static float[] keepMask(SplittableRandom rng, int size, double drop) {
        float[] k = new float[size];
        for (int i = 0; i < size; i++) {
            k[i] = rng.nextDouble() >= drop ? 1f : 0f;
        }
        return k;
    }

    /** Symmetric in-batch InfoNCE between two views {@code a, b [B, d]} (unit rows): row i's positive is row i of the other view. */
    static <T extends org.tensorflow.types.family.TFloating> Operand<T> seqSeq(Ops tf, Operand<T> a, Operand<T> b, Operand<T> eye, double tau) {
        Operand<T> ab = tf.math.mul(Layers.pairwiseDot(tf, a, b), Layers.scalar(tf, 1 / tau, a));
        Operand<T> ba = tf.linalg.transpose(ab, tf.constant(new int[] {1, 0}));
        return tf.math.mul(tf.math.add(Losses.softmaxCrossEntropy(tf, ab, eye), Losses.softmaxCrossEntropy(tf, ba, eye)), Layers.scalar(tf, 0.5, a));
    }

    @Override
    public String toString() {
        return label + "[" + encoder + "]";
    }
}
