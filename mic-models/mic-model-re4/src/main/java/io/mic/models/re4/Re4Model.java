package io.mic.models.re4;

import io.mic.core.data.DataSplit;
import io.mic.core.feature.FeatureBuilder;
import io.mic.core.feature.HistoryMode;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.SavedModelExportable;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.LogQ;
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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * {@code re4}: Re4 (forward flow of ComiRec-SA + Re-contrast, Re-attend, Re-construct), and
 * ComiRec-SA itself when every λ is 0.
 *
 * <p>Training examples are the training interactions (user, target item) whose leak-free history
 * ({@link FeatureBuilder}: strictly earlier items for time-ordered protocols) is not empty; the
 * history is the last N_x items. {@code L = L_rec + λ_CL L_CL + λ_ATT L_ATT + λ_CT L_CT}; L_rec is
 * the runtime's in-batch InfoNCE (logQ-corrected, other rows with the same target removed from the
 * negatives) of the interest ComiRec picks for the target (argmax ⟨z_k, e_target⟩) against the
 * target. Re-contrast's "items outside the sequence" are the batch's other targets that are not in
 * the user's sequence and differ from her own target. Training runs through the shared
 * {@link FitHarness}: early stopping on the validation metric with the best epoch restored,
 * per-epoch checkpoints and resume, per the trainer settings; this class holds the graph, the
 * feeding and the scoring.
 *
 * <p>Score (full ranking): {@code max_k <z_k, item>} (cosine when {@code normalize}), ComiRec's
 * rule. After fit the interest diversity (mean pairwise cosine between a user's K interests,
 * averaged over users; lower = more diverse) is logged and available from {@link #diversity()}.
 *
 * <p>Lifecycle per {@link Model}: {@link #fit} once on the caller's thread, then {@link #score} from
 * any number of threads.
 */
final class Re4Model implements Model, SavedModelExportable {
    private static final Logger LOG = LoggerFactory.getLogger(Re4Model.class);

    private final String label;
    private final Re4Encoder encoder;
    private final FitHarness harness;
    private volatile Vectors users;
    private volatile Vectors items;
    private double diversity = Double.NaN;

    Re4Model(String label, Re4Encoder encoder, TrainerSettings settings, long seed, Progress progress) {
        this.label = label;
        this.encoder = encoder;
        this.harness = new FitHarness(label, settings, seed, progress);
    }

    public Optional<Encoder> encoder() {
        return Optional.of(encoder);
    }

    /**
     * Every user's K interest vectors after {@link #fit} ({@code interests = K}; row
     * {@code u * K + k} is interest k of user u): what {@code mic index} builds serving artifacts
     * from, where the {@code u2i} and {@code multi-interest} channels query the index once per interest.
     */
    @Override
    public Optional<Vectors> userVectors() {
        return Optional.ofNullable(users);
    }

    /** Every item's vector after {@link #fit} (the item embedding scored against the interests). */
    @Override
    public Optional<Vectors> itemVectors() {
        return Optional.ofNullable(items);
    }

    /**
     * Exports the trained model as a SavedModel (signatures in {@link Re4Encoder#exportSignatures}):
     * a host computes a user's K interests from a fresh history without the training code.
     */
    @Override
    public boolean exportSavedModel(Path dir) throws IOException {
        if (users == null) {
            throw new IllegalStateException(label + ": exportSavedModel before fit");
        }
        harness.export(dir, "re4", encoder.exportSignatures());
        return true;
    }

    /** Mean pairwise cosine between a user's interests after {@link #fit} (NaN before, or with K = 1). */
    double diversity() {
        return diversity;
    }

    Trainer.Report report() {
        return harness.report();
    }

    @Override
    public void fit(TrainingData trainingData) {
        DataSplit split = DataSplit.of(trainingData);
        Re4Settings s = encoder.settings();
        HistoryMode mode = s.history() != null ? s.history() : HistoryMode.defaultFor(split);
        FeatureBuilder fb = FeatureBuilder.of(split, s.historyLength(), 0, mode);
        harness.fit(split, this, encoder::prepare, new FitHarness.Fit() {
            @Override
            public FitHarness.Session open(long startStep) {
                Step step = new Step(fb, split);
                LOG.info("{} ({} parameters): {} of {} training interactions have a history, {} ({})", encoder, encoder.parameterCount(),
                        step.examples(), fb.numExamples(), mode, s.comirec() ? "ComiRec-SA" : "Re4");
                return step;
            }

            @Override
            public void snapshot() {
                Re4Model.this.snapshot(fb);
            }

            @Override
            public String epochNote(FitHarness.Validation valid) {
                return ", interest cosine " + String.format("%.4f", diversity);
            }

            @Override
            public String summaryNote() {
                return "; interest diversity (mean pairwise cosine of a user's " + s.interests() + " interests) "
                        + String.format("%.4f", diversity);
            }
        });
    }

    private void snapshot(FeatureBuilder fb) {
        Vectors u = encoder.encodeUsers(fb.users(FitHarness.range(fb.numUsers())));
        items = encoder.encodeItems(fb.items(FitHarness.range(fb.numItems())));
        users = u;
        diversity = meanPairwiseCosine(u);
    }

    /** Mean over entities of the mean cosine over pairs of their interest vectors (NaN when K = 1). */
    static double meanPairwiseCosine(Vectors v) {
        int k = v.interests();
        if (k < 2) {
            return Double.NaN;
        }
        int d = v.dim();
        float[] x = v.values();
        double total = 0;
        int counted = 0;
        for (int e = 0; e < v.entities(); e++) {
            double sum = 0;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    int oa = (e * k + a) * d;
                    int ob = (e * k + b) * d;
                    double dot = 0;
                    double na = 0;
                    double nb = 0;
                    for (int c = 0; c < d; c++) {
                        dot += x[oa + c] * x[ob + c];
                        na += x[oa + c] * x[oa + c];
                        nb += x[ob + c] * x[ob + c];
                    }
                    sum += na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
                }
            }
            total += sum / (k * (k - 1) / 2.0);
            counted++;
        }
        return counted == 0 ? Double.NaN : total / counted;
    }

    @Override
    public void score(int user, float[] out) {
        score(new int[] {user}, out, ModelScores.singleUserItems(label, items, out));
    }

    /** {@code max_k <z_k(user), item>} for every item. */
    @Override
    public void score(int[] us, float[] out, int numItems) {
        Vectors u = users;
        Vectors it = items;
        if (u == null) {
            throw new IllegalStateException(label + ": fit() first");
        }
        int k = u.interests();
        int d = u.dim();
        float[] uv = u.values();
        float[] iv = it.values();
        int n = Math.min(numItems, it.rows());
        for (int r = 0; r < us.length; r++) {
            int base = r * numItems;
            Arrays.fill(out, base, base + numItems, Float.NEGATIVE_INFINITY);
            for (int q = 0; q < k; q++) {
                int qo = (us[r] * k + q) * d;
                for (int i = 0; i < n; i++) {
                    int io = i * d;
                    float s = 0f;
                    for (int c = 0; c < d; c++) {
                        s += uv[qo + c] * iv[io + c];
                    }
                    if (s > out[base + i]) {
                        out[base + i] = s;
                    }
                }
            }
        }
    }

    /** The training graph and the feeding of one step. */
    private final class Step implements FitHarness.Session {
        private final FeatureBuilder fb;
        private final LogQ logQ;
        private final int[] examples;
        private final StepGraph graph;
        private final Re4Encoder.Tower user;
        private final io.mic.models.tf.Lookup target;
        private final Placeholder<TFloat32> logQIn;
        private final Placeholder<TFloat32> sameTarget;
        private final Placeholder<TFloat32> outside;
        private final int[] stamp;

        Step(FeatureBuilder fb, DataSplit split) {
            this.fb = fb;
            Re4Settings s = encoder.settings();
            this.logQ = FitHarness.itemLogQ(split.train());
            this.examples = FitHarness.examplesWithHistory(fb);
            this.stamp = new int[Math.max(1, fb.numItems())];
            if (examples.length == 0) {
                throw new IllegalArgumentException("re4: no training interaction has a non-empty history");
            }
            try (GraphBuilder gb = new GraphBuilder()) {
                Ops tf = gb.tf();
                user = encoder.userTower(gb, "u");
                target = encoder.itemTower(user.table(), "target");
                var z = user.interests().z();
                var x = user.history().values();
                var mask = user.history().mask();
                Operand<TFloat32> chosen = Re4Graph.selectInterest(tf, z, target.values(), s.interests());
                Operand<TFloat32> q = chosen;
                Operand<TFloat32> c = target.values();
                if (s.normalize()) {
                    q = Layers.l2Normalize(tf, q, 1e-6);
                    c = Layers.l2Normalize(tf, c, 1e-6);
                }
                sameTarget = gb.floatInput("same_target", -1, -1);
                var nce = Losses.infoNce(q, c).temperature(s.temperature()).negativeMask(sameTarget);
                if (s.logQ()) {
                    logQIn = gb.floatInput("logq", -1);
                    nce.logQ(logQIn);
                } else {
                    logQIn = null;
                    nce.withoutLogQ();
                }
                Operand<TFloat32> loss = nce.build(tf);
                Map<String, Operand<TFloat32>> metrics = new LinkedHashMap<>();
                metrics.put("rec", loss);
                Operand<TFloat32> pos = s.lambdaCl() > 0 || s.lambdaCt() > 0 ? Re4Graph.positives(tf, user.interests().a(), mask) : null;
                if (s.lambdaCl() > 0) {
                    outside = gb.floatInput("outside", -1, -1);
                    Operand<TFloat32> t = Re4Graph.contrast(tf, z, x, mask, pos, target.values(), outside, s.interests(), s.clTemperature());
                    metrics.put("cl", t);
                    loss = tf.math.add(loss, tf.math.mul(t, tf.constant((float) s.lambdaCl())));
                } else {
                    outside = null;
                }
                if (s.lambdaAtt() > 0) {
                    Operand<TFloat32> t = Re4Graph.attend(tf, z, x, mask, user.interests().a(), s.historyLength());
                    metrics.put("att", t);
                    loss = tf.math.add(loss, tf.math.mul(t, tf.constant((float) s.lambdaAtt())));
                }
                if (s.lambdaCt() > 0) {
                    Operand<TFloat32> t = encoder.reconstruct(gb, user, pos);
                    metrics.put("ct", t);
                    loss = tf.math.add(loss, tf.math.mul(t, tf.constant((float) s.lambdaCt())));
                }
                if (metrics.size() == 1) {
                    metrics.clear(); // the lone term is the loss itself, and a run cannot fetch one output twice
                }
                graph = gb.build(loss, metrics);
            }
        }

        /** Training interactions whose history is not empty (an empty one has no interests to train). */

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
            int b = to - from;
            int n = encoder.settings().historyLength();
            int[] ex = new int[b];
            for (int r = 0; r < b; r++) {
                ex[r] = examples[order[from + r]];
            }
            Column.MultiIds h = (Column.MultiIds) fb.exampleUsers(ex).column(FeatureBatch.HISTORY);
            int[] hist = Re4Encoder.padHistories(h, b, n);
            int[] items = new int[b];
            for (int r = 0; r < b; r++) {
                items[r] = fb.exampleItem(ex[r]);
            }
            feeds.ids(user.history(), hist, b, n);
            feeds.ids(target, items);
            float[] same = new float[b * b];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < b; j++) {
                    same[i * b + j] = i == j || items[i] != items[j] ? 1f : 0f;
                }
            }
            feeds.floats(sameTarget, same, b, b);
            if (logQIn != null) {
                float[] lq = new float[b];
                logQ.gather(items, lq);
                feeds.floats(logQIn, lq, b);
            }
            if (outside != null) {
                // stamp[item] = r + 1 marks row r's sequence; the array is reused across rows and steps
                float[] o = new float[b * b];
                for (int r = 0; r < b; r++) {
                    int mark = -(r + 1); // negative marks cannot collide with the cleared state 0
                    for (int j = 0; j < n; j++) {
                        int it = hist[r * n + j];
                        if (it >= 0) {
                            stamp[it] = mark;
                        }
                    }
                    for (int c = 0; c < b; c++) {
                        o[r * b + c] = c != r && items[c] != items[r] && stamp[items[c]] != mark ? 1f : 0f;
                    }
                    for (int j = 0; j < n; j++) {
                        int it = hist[r * n + j];
                        if (it >= 0) {
                            stamp[it] = 0;
                        }
                    }
                }
                feeds.floats(outside, o, b, b);
            }
        }

        @Override
        public void close() {
            graph.close();
        }
    }

    @Override
    public String toString() {
        return label + "[" + encoder + "]";
    }
}
