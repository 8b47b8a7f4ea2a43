package io.mic.models.mic;

import io.mic.core.data.DataSplit;
import io.mic.core.data.UserItemSet;
import io.mic.core.data.WarmItems;
import io.mic.core.feature.FeatureBuilder;
import io.mic.core.feature.HistoryMode;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.SavedModelExportable;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.export.ExportSignature;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.LogQ;
import io.mic.models.tf.tower.Tower;
import io.mic.models.tf.tower.TowerEncoder;
import io.mic.models.tf.training.FitHarness;
import io.mic.models.tf.training.Trainer;
import io.mic.spi.Augmenter;
import io.mic.spi.Column;
import io.mic.spi.Encoder;
import io.mic.spi.FeatureBatch;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import io.mic.spi.Sampler;
import io.mic.spi.Samples;
import io.mic.spi.TrainerSettings;
import io.mic.spi.TrainingData;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * A two-tower model trained over any {@link TowerEncoder}: the {@code two-tower} base (u2i
 * InfoNCE, BPR, or SimpleX's CCL; BPR and CCL draw uniform negatives outside the user's training
 * items unless {@code exclude_train_items} is off) and the {@code mic} cross-channel objective
 * (u2i + u2u + i2i InfoNCE over augmented views with extended positives and hard negatives, + BCE),
 * per {@link Objective}.
 *
 * <p>Training examples are the training interactions (user, item) with leak-free features from
 * {@link FeatureBuilder}; the shared {@link FitHarness} runs the {@link Trainer} (epochs of seeded
 * shuffled batches, validation on {@code split.valid()} after every epoch by the trainer settings'
 * early-stopping metric, per-epoch checkpoints, resume, the best epoch restored at the end); this
 * class holds the graph, the feeding and the scoring.
 *
 * <p>Samplers are routed by their declared {@link Sampler#role()} (a sampler that declares none is a
 * configuration error naming it) and whether they refresh on embeddings: positives
 * of users extend u2u, positives of items extend i2i (and u2i with {@code knn_u2i}); negatives of
 * refreshing samplers (k-means hard negatives) are extra InfoNCE negatives of u2u (users) or of
 * u2i and i2i (items); item negatives of non-refreshing samplers (popularity, in-batch) are the
 * BCE term's negatives. Augmenters: every input-stage one is applied, in config order, to the
 * user and item batches to make the views ũ, ṽ; an embedding-stage one (embedding dropout) masks
 * the views' input embeddings.
 *
 * <p>Lifecycle per {@link Model}: {@link #fit} once on the caller's thread, then {@link #score}
 * from any number of threads.
 */
final class CrossChannelModel implements Model, SavedModelExportable {
    private static final Logger LOG = LoggerFactory.getLogger(CrossChannelModel.class);

    private final String plugin;
    private final TowerEncoder encoder;
    private final Objective obj;
    private final List<Augmenter> inputAugmenters = new ArrayList<>();
    private Augmenter dropout;
    private final List<Sampler> samplers;
    private final FitHarness harness;
    private volatile ScoreTable table;
    private long cappedNegatives;
    /** Test seam: sees every item id a training step feeds as a BPR/CCL negative or a sampler's item sample; null in production. */
    java.util.function.IntConsumer itemDrawProbe;

    CrossChannelModel(String plugin, TowerEncoder encoder, Objective obj, List<Augmenter> augmenters, List<Sampler> samplers,
            TrainerSettings settings, long seed, Progress progress) {
        this.plugin = plugin;
        this.encoder = encoder;
        this.obj = obj;
        for (Augmenter a : augmenters) {
            if (a.stage() == Augmenter.Stage.EMBEDDING) {
                if (dropout != null) {
                    throw new IllegalArgumentException("at most one embedding-stage augmenter");
                }
                dropout = a;
            } else {
                inputAugmenters.add(a);
            }
        }
        this.samplers = List.copyOf(samplers);
        this.harness = new FitHarness(plugin, settings, seed, progress);
    }

    /** BPR / CCL negatives of the last {@link #fit} accepted at the retry cap although in the user's training items. */
    long cappedNegatives() {
        return cappedNegatives;
    }

    /** The trainer's report of the last {@link #fit}. */
    Trainer.Report report() {
        return harness.report();
    }

    public Optional<Encoder> encoder() {
        return Optional.of(encoder);
    }

    @Override
    public Optional<Vectors> userVectors() {
        ScoreTable t = table;
        return t == null ? Optional.empty() : Optional.of(t.userVectors());
    }

    @Override
    public Optional<Vectors> itemVectors() {
        ScoreTable t = table;
        return t == null ? Optional.empty() : Optional.of(t.itemVectors());
    }

    /**
     * Exports the trained towers as a SavedModel: signature {@code serving_user} (output
     * {@code user_vector}) and {@code serving_item} (output {@code item_vector}), each fed the raw
     * int32 ids its tower reads: {@code id}, {@code f_<field>} per profile/attribute field
     * ({@code [B]}, or {@code [B, L]} with -1 padding for multi-valued fields), {@code history}
     * ({@code [B, L]} item ids, most recent first, -1 padding) and {@code recent_users}. The
     * vectors equal {@link #userVectors()}/{@link #itemVectors()} for the same inputs (tested).
     */
    @Override
    public boolean exportSavedModel(Path dir) throws IOException {
        if (table == null) {
            throw new IllegalStateException(plugin + ": exportSavedModel before fit");
        }
        harness.export(dir, plugin + "-" + encoder.name(), List.of(
                        ExportSignature.of("serving_user", "user_vector", gb -> encoder.userTower(gb, "", false).output()),
                        ExportSignature.of("serving_item", "item_vector", gb -> encoder.itemTower(gb, "", false).output())));
        return true;
    }

    @Override
    public void fit(TrainingData trainingData) {
        DataSplit split = DataSplit.of(trainingData);
        HistoryMode mode = obj.historyMode() != null ? obj.historyMode() : HistoryMode.defaultFor(split);
        FeatureBuilder fb = FeatureBuilder.of(split, encoder.historyLength(), encoder.recentUsers(), mode);
        harness.fit(split, this, encoder::prepare, new FitHarness.Fit() {
            @Override
            public FitHarness.Session open(long startStep) {
                LOG.info("{} over {} ({} parameters): {} examples, history {} ({}), {}", plugin, encoder, encoder.parameterCount(),
                        fb.numExamples(), encoder.historyLength(), mode, obj);
                return new Step(fb, split, startStep);
            }

            @Override
            public void snapshot() {
                table = CrossChannelModel.this.snapshot(fb);
            }

            @Override
            public String epochNote(FitHarness.Validation valid) {
                return obj.score() == Objective.Score.COMBINED
                        ? String.format(" (u2i score alone %.5f)", channel(Objective.Score.U2I, fb, valid)) : "";
            }

            @Override
            public void finished(Trainer.Report report, FitHarness.Validation valid) {
                if (cappedNegatives > 0) {
                    LOG.info("{}: {} sampled negatives were training items of their user, accepted after {} draws (users with nearly "
                            + "every item)", plugin, cappedNegatives, WarmItems.MODEL_MAX_DRAWS);
                }
                if (obj.score() == Objective.Score.COMBINED) {
                    LOG.info("{}: valid {} per channel: u2i {}, u2u {}, i2i {}", plugin, valid.label(),
                            String.format("%.5f", channel(Objective.Score.U2I, fb, valid)),
                            String.format("%.5f", channel(Objective.Score.U2U, fb, valid)),
                            String.format("%.5f", channel(Objective.Score.I2I, fb, valid)));
                }
            }
        });
    }

    /** Diagnostic: the validation metric of the current vectors under one channel's score alone. */
    private double channel(Objective.Score channel, FeatureBuilder fb, FitHarness.Validation valid) {
        ScoreTable t = table;
        ScoreTable u2i = new ScoreTable(t.userVectors(), t.itemVectors(), channel, obj.scoreTemperature(), fb, obj.scoreHistory(), obj.auxUnit());
        return valid.of(new Model() {
            @Override
            public void fit(TrainingData trainingData) {
                DataSplit s = DataSplit.of(trainingData);
            }

            @Override
            public void score(int user, float[] out) {
                u2i.scoreOne(user, out);
            }

            @Override
            public void score(int[] users, float[] out, int numItems) {
                u2i.score(users, out, numItems);
            }
        });
    }

    private ScoreTable snapshot(FeatureBuilder fb) {
        Vectors[] v = encodeAll(fb);
        return new ScoreTable(v[0], v[1], obj.score(), obj.scoreTemperature(), fb, obj.scoreHistory(), obj.auxUnit());
    }

    /** What embedding-aware samplers (kNN positives, k-means negatives) search: the vectors, unit-length under {@link Objective#auxUnit}. */
    private Vectors[] samplerVectors(FeatureBuilder fb) {
        Vectors[] v = encodeAll(fb);
        if (obj.auxUnit()) {
            for (int k = 0; k < v.length; k++) {
                v[k] = Vectors.of(ScoreTable.unitRows(v[k].values(), v[k].dim()), v[k].dim());
            }
        }
        return v;
    }

    private Vectors[] encodeAll(FeatureBuilder fb) {
        int[] us = FitHarness.range(fb.numUsers());
        int[] is = FitHarness.range(fb.numItems());
        return new Vectors[] {encoder.encodeUsers(fb.users(us)), encoder.encodeItems(fb.items(is))};
    }

    @Override
    public void score(int user, float[] out) {
        fitted().scoreOne(user, out);
    }

    @Override
    public void score(int[] users, float[] out, int numItems) {
        fitted().score(users, out, numItems);
    }

    private ScoreTable fitted() {
        ScoreTable t = table;
        if (t == null) {
            throw new IllegalStateException(plugin + ": fit() first");
        }
        return t;
    }

    /** Which loss term a sampler feeds. */
    private enum Role { USER_POSITIVE, ITEM_POSITIVE, USER_HARD_NEGATIVE, ITEM_HARD_NEGATIVE, BCE_NEGATIVE }

    private record Slot(Sampler sampler, Role role, Sampler.Role declared) {
        int perRow() {
            return declared.perRow();
        }
    }

    /** One sampler's part of the graph: a tower instance over the sampled ids and their mask. */
    private record Extra(Slot slot, Tower tower, Placeholder<TFloat32> mask, CrossChannelLoss.Extra<TFloat32> operand) {
    }

    /** The fed inputs of the graph beyond the user and item towers: one of the two objectives' parts. */
    private sealed interface Parts permits Pairwise, Contrastive {
    }

    /** BPR ({@code perRow} 1) or CCL: the item tower over uniformly drawn negatives, {@code perRow} per batch row. */
    private record Pairwise(Tower negatives, int perRow) implements Parts {
    }

    /** The augmented views ũ, ṽ. */
    private record Views(Tower users, Tower items) {
    }

    /** An in-batch {@code [B, B]} mask over the batch's user ({@code users}) or item ids; see {@link Step#pairMask}. */
    private record PairMask(Placeholder<TFloat32> input, boolean users, boolean keepDiagonal) {
    }

    /**
     * The contrastive objective's fed parts, each present exactly when its term or option is on: the views (u2u, i2i or
     * all-views u2i), the pair masks (item mask always; user mask with u2u; the self masks with all-views), log Q,
     * the low-rating row weights (u2i row weight, BCE label), and one {@link Extra} per sampler.
     */
    private record Contrastive(Optional<Views> views, List<PairMask> masks, Optional<Placeholder<TFloat32>> logQ,
            List<Placeholder<TFloat32>> rowWeights, List<Extra> extras, Optional<Pairwise> pairwise) implements Parts {
    }

    /** The training graph and the feeding of one step. */
    private final class Step implements FitHarness.Session {
        private final FeatureBuilder fb;
        private final LogQ logQ;
        private final float[] ratings;
        private final StepGraph graph;
        private final Tower u;
        private final Tower v;
        private final Parts parts;
        private final UserItemSet trainItems;
        private final WarmItems warm;
        private long capped;
        private long step;

        Step(FeatureBuilder fb, DataSplit split, long startStep) {
            this.fb = fb;
            this.step = startStep;
            this.logQ = FitHarness.itemLogQ(split.train());
            this.ratings = split.train().ratings();
            this.trainItems = obj.sampledNegatives() && obj.excludeTrainItems() ? UserItemSet.of(split.train()) : null;
            this.warm = WarmItems.of(split);
            List<Slot> slots = discoverSlots(fb);
            try (GraphBuilder gb = new GraphBuilder()) {
                Ops tf = gb.tf();
                u = encoder.userTower(gb, "u", false);
                v = encoder.itemTower(gb, "v", false);
                Map<String, Operand<TFloat32>> metrics = new LinkedHashMap<>();
                Operand<TFloat32> loss;
                if (obj.sampledNegatives() && !obj.pairwiseU2i()) {
                    PairwiseTerm p = pairwiseTerm(gb, tf);
                    loss = p.loss();
                    parts = p.parts();
                } else {
                    Built c = contrastive(gb, tf, slots, metrics);
                    loss = c.loss();
                    parts = c.parts();
                }
                Optional<Operand<TFloat32>> encoderLoss = encoder.auxiliaryLoss(gb, u, v);
                if (encoderLoss.isPresent()) {
                    metrics.put("encoder", encoderLoss.get());
                    loss = tf.math.add(loss, encoderLoss.get());
                }
                graph = gb.build(loss, metrics);
            }
        }

        /**
         * Routes every sampler by its declared {@link Sampler#role()} and refreshes the embedding-aware ones once, so that a
         * resumed run's samplers have state before the first refresh falls due.
         */
        private List<Slot> discoverSlots(FeatureBuilder fb) {
            List<Slot> slots = new ArrayList<>();
            if (samplers.isEmpty()) {
                return slots;
            }
            Vectors[] vecs = samplerVectors(fb);
            SplittableRandom r = new SplittableRandom(harness.seed());
            for (Sampler s : samplers) {
                Sampler.Role declared = s.role().orElseThrow(() -> new IllegalArgumentException(plugin + ": sampler " + s
                        + " declares no role(); the MIC objective routes a sampler's ids by its declared target, sign and per_row "
                        + "(override Sampler.role())"));
                if (s.refreshEvery() > 0) {
                    s.refresh(vecs[0], vecs[1], r);
                }
                boolean hard = s.refreshEvery() > 0;
                Role role;
                if (declared.positive()) {
                    role = declared.target() == Samples.Target.USER ? Role.USER_POSITIVE : Role.ITEM_POSITIVE;
                } else if (hard) {
                    role = declared.target() == Samples.Target.USER ? Role.USER_HARD_NEGATIVE : Role.ITEM_HARD_NEGATIVE;
                } else if (declared.target() == Samples.Target.ITEM) {
                    role = Role.BCE_NEGATIVE;
                } else {
                    throw new IllegalArgumentException(plugin + ": sampler " + s + " draws user negatives without refreshing; the MIC "
                            + "objective uses user negatives only as k-means hard negatives (kmeans-negative with target user)");
                }
                for (Slot other : slots) {
                    if (other.role() == role) {
                        throw new IllegalArgumentException(plugin + ": samplers " + other.sampler() + " and " + s + " both provide "
                                + role.name().toLowerCase() + "s; configure one");
                    }
                }
                checkUsed(role, s);
                slots.add(new Slot(s, role, declared));
            }
            return slots;
        }

        private void checkUsed(Role role, Sampler s) {
            boolean used = switch (role) {
                case USER_POSITIVE, USER_HARD_NEGATIVE -> obj.wU2u() > 0;
                case ITEM_POSITIVE -> obj.wI2i() > 0 || (obj.knnU2i() && obj.wU2i() > 0);
                case ITEM_HARD_NEGATIVE -> obj.wI2i() > 0 || (obj.wU2i() > 0 && !obj.pairwiseU2i());
                case BCE_NEGATIVE -> obj.wBce() > 0;
            };
            if (!used) {
                throw new IllegalArgumentException(plugin + ": sampler " + s + " provides " + role.name().toLowerCase()
                        + "s, but the loss term that uses them has weight 0; remove the sampler or raise the weight");
            }
        }

        /** BPR or CCL of (u, v) against a tower of uniformly drawn item negatives. */
        private record PairwiseTerm(Operand<TFloat32> loss, Pairwise parts) {
        }

        private PairwiseTerm pairwiseTerm(GraphBuilder gb, Ops tf) {
            Tower n = encoder.itemTower(gb, "n", false);
            if (obj.loss() == Objective.Loss.BPR) {
                return new PairwiseTerm(CrossChannelLoss.bpr(tf, u.output(), v.output(), n.output(), obj.l2()), new Pairwise(n, 1));
            }
            Operand<TFloat32> negs = tf.reshape(n.output(), tf.constant(new long[] {-1, obj.ccl().negatives(), encoder.dim()}));
            return new PairwiseTerm(CrossChannelLoss.ccl(tf, u.output(), v.output(), negs, obj.ccl().margin(), obj.ccl().weight()),
                    new Pairwise(n, obj.ccl().negatives()));
        }

        /** {@code x}, L2-normalised per row when the auxiliary terms read unit vectors ({@link Objective#auxUnit}). */
        private Operand<TFloat32> aux(Ops tf, Operand<TFloat32> x) {
            return obj.auxUnit() ? Layers.l2Normalize(tf, x, 1e-6) : x;
        }

        /** The contrastive graph's loss and fed parts. */
        private record Built(Operand<TFloat32> loss, Contrastive parts) {
        }

        private Built contrastive(GraphBuilder gb, Ops tf, List<Slot> slots, Map<String, Operand<TFloat32>> metrics) {
            boolean views = obj.usesViews();
            Tower ua = null;
            Tower va = null;
            if (views) {
                ua = encoder.userTower(gb, "ua", dropout != null);
                va = encoder.itemTower(gb, "va", dropout != null);
            }
            Map<Role, Extra> extras = new LinkedHashMap<>();
            for (Slot s : slots) {
                boolean userSide = s.role() == Role.USER_POSITIVE || s.role() == Role.USER_HARD_NEGATIVE;
                String scope = "x_" + s.role().name().toLowerCase();
                Tower t = userSide ? encoder.userTower(gb, scope, false) : encoder.itemTower(gb, scope, false);
                Placeholder<TFloat32> mask = gb.floatInput(scope + "/mask", -1, s.perRow());
                Operand<TFloat32> vec = tf.reshape(aux(tf, t.output()), tf.constant(new long[] {-1, s.perRow(), encoder.dim()}));
                extras.put(s.role(), new Extra(s, t, mask, new CrossChannelLoss.Extra<>(vec, mask)));
            }
            double tau = obj.temperature();
            boolean pairwise = obj.pairwiseU2i();
            Placeholder<TFloat32> itemMask = !pairwise || obj.wI2i() > 0 ? gb.floatInput("item_mask", -1, -1) : null;
            Placeholder<TFloat32> logQIn = obj.logQ() && !pairwise ? gb.floatInput("logq", -1) : null;
            Placeholder<TFloat32> rowWeight = obj.lowRating() > 0 ? gb.floatInput("row_weight", -1) : null;
            Placeholder<TFloat32> userMask = null;
            Placeholder<TFloat32> userSelf = null;
            Placeholder<TFloat32> itemSelf = null;
            Placeholder<TFloat32> bceLabel = null;
            Operand<TFloat32> total = null;
            Pairwise pairwiseParts = null;
            Operand<TFloat32> uAux = aux(tf, u.output());
            Operand<TFloat32> vAux = aux(tf, v.output());
            Operand<TFloat32> uaAux = views ? aux(tf, ua.output()) : null;
            Operand<TFloat32> vaAux = views ? aux(tf, va.output()) : null;
            if (pairwise && obj.wU2i() > 0) {
                PairwiseTerm p = pairwiseTerm(gb, tf);
                metrics.put("u2i", p.loss());
                total = add(tf, total, p.loss(), obj.wU2i());
                pairwiseParts = p.parts();
            } else if (obj.wU2i() > 0) {
                List<CrossChannelLoss.Candidates<TFloat32>> sets = new ArrayList<>();
                sets.add(new CrossChannelLoss.Candidates<>(v.output(), itemMask, logQIn, true));
                if (views && obj.allViews()) {
                    // the other rows' augmented items are extra negatives; the row's own ṽ is not a u2i positive
                    itemSelf = gb.floatInput("item_self", -1, -1);
                    sets.add(new CrossChannelLoss.Candidates<>(va.output(), itemSelf, logQIn, false));
                }
                Operand<TFloat32> t = CrossChannelLoss.multiViewNce(tf, u.output(), sets, obj.knnU2i() ? operand(extras, Role.ITEM_POSITIVE) : null,
                        operand(extras, Role.ITEM_HARD_NEGATIVE), tau, rowWeight);
                metrics.put("u2i", t);
                total = add(tf, total, t, obj.wU2i());
            }
            if (obj.wU2u() > 0) {
                userMask = gb.floatInput("user_mask", -1, -1);
                List<CrossChannelLoss.Candidates<TFloat32>> sets = new ArrayList<>();
                sets.add(new CrossChannelLoss.Candidates<>(uaAux, userMask, null, true));
                if (obj.allViews()) {
                    userSelf = gb.floatInput("user_self", -1, -1);
                    sets.add(new CrossChannelLoss.Candidates<>(uAux, userSelf, null, false));
                }
                Operand<TFloat32> t = CrossChannelLoss.multiViewNce(tf, uAux, sets, operand(extras, Role.USER_POSITIVE),
                        operand(extras, Role.USER_HARD_NEGATIVE), obj.auxTemperature(), null);
                metrics.put("u2u", t);
                total = add(tf, total, t, obj.wU2u());
            }
            if (obj.wI2i() > 0) {
                List<CrossChannelLoss.Candidates<TFloat32>> sets = new ArrayList<>();
                sets.add(new CrossChannelLoss.Candidates<>(vaAux, itemMask, null, true));
                if (obj.allViews()) {
                    if (itemSelf == null) {
                        itemSelf = gb.floatInput("item_self", -1, -1);
                    }
                    sets.add(new CrossChannelLoss.Candidates<>(vAux, itemSelf, null, false));
                }
                Operand<TFloat32> t = CrossChannelLoss.multiViewNce(tf, vAux, sets, operand(extras, Role.ITEM_POSITIVE),
                        operand(extras, Role.ITEM_HARD_NEGATIVE), obj.auxTemperature(), null);
                metrics.put("i2i", t);
                total = add(tf, total, t, obj.wI2i());
            }
            if (obj.wBce() > 0) {
                bceLabel = gb.floatInput("bce_label", -1);
                Operand<TFloat32> t = CrossChannelLoss.bce(tf, uAux, vAux, bceLabel, operand(extras, Role.BCE_NEGATIVE), tau);
                metrics.put("bce", t);
                total = add(tf, total, t, obj.wBce());
            }
            if (total == null) {
                throw new IllegalArgumentException(plugin + ": every loss weight is 0");
            }
            if (metrics.size() == 1) {
                // a lone term may be the loss operand itself, and a run cannot fetch one output twice
                metrics.clear();
            }
            List<PairMask> masks = new ArrayList<>();
            if (itemMask != null) {
                masks.add(new PairMask(itemMask, false, true));
            }
            if (userMask != null) {
                masks.add(new PairMask(userMask, true, true));
            }
            if (userSelf != null) {
                masks.add(new PairMask(userSelf, true, false));
            }
            if (itemSelf != null) {
                masks.add(new PairMask(itemSelf, false, false));
            }
            List<Placeholder<TFloat32>> rowWeights = new ArrayList<>();
            if (rowWeight != null) {
                rowWeights.add(rowWeight);
            }
            if (bceLabel != null) {
                rowWeights.add(bceLabel);
            }
            Optional<Views> vs = views ? Optional.of(new Views(ua, va)) : Optional.empty();
            return new Built(total, new Contrastive(vs, List.copyOf(masks), Optional.ofNullable(logQIn), List.copyOf(rowWeights),
                    List.copyOf(extras.values()), Optional.ofNullable(pairwiseParts)));
        }

        private static CrossChannelLoss.Extra<TFloat32> operand(Map<Role, Extra> extras, Role role) {
            Extra e = extras.get(role);
            return e == null ? null : e.operand();
        }

        private Operand<TFloat32> add(Ops tf, Operand<TFloat32> total, Operand<TFloat32> term, double w) {
            Operand<TFloat32> t = w == 1.0 ? term : tf.math.mul(term, tf.constant((float) w));
            return total == null ? t : tf.math.add(total, t);
        }

        @Override
        public StepGraph graph() {
            return graph;
        }

        @Override
        public int examples() {
            return fb.numExamples();
        }

        @Override
        public void feed(Feeds feeds, int[] order, int from, int to, SplittableRandom rng) {
            int b = to - from;
            int[] ex = java.util.Arrays.copyOfRange(order, from, to);
            FeatureBatch ub = fb.exampleUsers(ex);
            FeatureBatch ib = fb.exampleItems(ex);
            int[] users = ub.ids();
            int[] items = ib.ids();
            u.feed(feeds, ub, null);
            v.feed(feeds, ib, null);
            if (parts instanceof Pairwise p) {
                feedNegatives(feeds, p, users, items, rng);
                step++;
                return;
            }
            Contrastive c = (Contrastive) parts;
            if (c.pairwise().isPresent()) {
                feedNegatives(feeds, c.pairwise().get(), users, items, rng);
            }
            refreshDue(c.extras(), rng);
            if (c.views().isPresent()) {
                Views w = c.views().get();
                FeatureBatch uaug = ub;
                FeatureBatch iaug = ib;
                for (Augmenter a : inputAugmenters) {
                    uaug = a.augment(uaug, rng);
                    iaug = a.augment(iaug, rng);
                }
                w.users().feed(feeds, uaug, dropoutMask(b, w.users(), rng));
                w.items().feed(feeds, iaug, dropoutMask(b, w.items(), rng));
            }
            for (PairMask m : c.masks()) {
                feeds.floats(m.input(), pairMask(m.users() ? users : items, m.keepDiagonal()), b, b);
            }
            if (c.logQ().isPresent()) {
                float[] lq = new float[b];
                logQ.gather(items, lq);
                feeds.floats(c.logQ().get(), lq, b);
            }
            if (!c.rowWeights().isEmpty()) {
                float[] w = new float[b];
                for (int r = 0; r < b; r++) {
                    boolean low = obj.lowRating() > 0 && ratings != null && ratings[ex[r]] < obj.lowRating();
                    w[r] = low ? 0f : 1f;
                }
                for (Placeholder<TFloat32> p : c.rowWeights()) {
                    feeds.floats(p, w, b);
                }
            }
            for (Extra e : c.extras()) {
                Samples s = e.slot().sampler().sample(users, items, rng);
                int p = e.slot().perRow();
                if (!e.slot().declared().matches(s)) {
                    throw new IllegalStateException("sampler " + e.slot().sampler() + " declared " + e.slot().declared() + " but returned "
                            + "target=" + s.target() + ", positive=" + s.positive() + ", perRow=" + s.perRow());
                }
                int[] ids = s.ids();
                if (itemDrawProbe != null && s.target() == Samples.Target.ITEM) {
                    for (int id : ids) {
                        itemDrawProbe.accept(id);
                    }
                }
                float[] mask = new float[ids.length];
                int[] safe = new int[ids.length];
                for (int k = 0; k < ids.length; k++) {
                    mask[k] = ids[k] == Column.MISSING ? 0f : 1f;
                    safe[k] = ids[k] == Column.MISSING ? 0 : ids[k];
                }
                boolean userSide = e.slot().role() == Role.USER_POSITIVE || e.slot().role() == Role.USER_HARD_NEGATIVE;
                e.tower().feed(feeds, userSide ? fb.users(safe) : fb.items(safe), null);
                feeds.floats(e.mask(), mask, b, p);
            }
            step++;
        }

        /** BPR: one uniform negative per row; CCL: N per row, row-major [B, N]; never a cold item. */
        private void feedNegatives(Feeds feeds, Pairwise p, int[] users, int[] items, SplittableRandom rng) {
            int b = users.length;
            int per = p.perRow();
            int[] neg = new int[b * per];
            for (int r = 0, o = 0; r < b; r++) {
                for (int j = 0; j < per; j++, o++) {
                    neg[o] = trainItems == null ? warm.otherThan(items[r], rng) : notTrainItem(users[r], rng);
                }
            }
            if (itemDrawProbe != null) {
                for (int x : neg) {
                    itemDrawProbe.accept(x);
                }
            }
            p.negatives().feed(feeds, fb.items(neg), null);
        }

        /** A uniform warm item outside {@code user}'s training items; after the cap, the last draw (counted). */
        private int notTrainItem(int user, SplittableRandom rng) {
            int x = warm.uniform(rng);
            for (int k = 1; k < WarmItems.MODEL_MAX_DRAWS && trainItems.contains(user, x); k++) {
                x = warm.uniform(rng);
            }
            if (trainItems.contains(user, x)) {
                capped++;
            }
            return x;
        }

        private float[] dropoutMask(int b, Tower t, SplittableRandom rng) {
            if (!t.hasDropout()) {
                return null;
            }
            float[] m = new float[b * t.inputWidth()];
            dropout.embeddingMask(m, b, t.inputWidth(), rng);
            return m;
        }

        /** {@code keepDiagonal}: 1 on the diagonal and where ids differ; else 1 only off the diagonal where ids differ. */
        private float[] pairMask(int[] ids, boolean keepDiagonal) {
            int b = ids.length;
            float[] m = new float[b * b];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < b; j++) {
                    m[i * b + j] = i == j ? (keepDiagonal ? 1f : 0f) : (ids[i] != ids[j] ? 1f : 0f);
                }
            }
            return m;
        }

        private void refreshDue(List<Extra> extras, SplittableRandom rng) {
            Vectors[] vecs = null;
            for (Extra e : extras) {
                Sampler s = e.slot().sampler();
                int every = s.refreshEvery();
                if (every > 0 && step % every == 0) {
                    if (vecs == null) {
                        vecs = samplerVectors(fb);
                    }
                    s.refresh(vecs[0], vecs[1], rng);
                }
            }
        }

        @Override
        public void close() {
            cappedNegatives = capped;
            graph.close();
        }
    }

    @Override
    public String toString() {
        return plugin + "[" + encoder + ", " + obj + "]";
    }
}
