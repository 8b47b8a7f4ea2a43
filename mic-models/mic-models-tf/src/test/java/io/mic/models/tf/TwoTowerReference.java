package io.mic.models.tf;

import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.LogQ;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.training.TrainStep;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The usage example for paper modules: an ID-only two-tower model trained with in-batch InfoNCE
 * (temperature, logQ correction, duplicate items in a batch removed from each other's negatives).
 *
 * <p>Parameters (two {@link EmbeddingTable}s) are created once; the training graph reads them
 * through lookups; inference reads the tables directly (an ID-only tower is its embedding).
 */
final class TwoTowerReference implements TrainStep, AutoCloseable {
    final PlantedData data;
    final EmbeddingTable users;
    final EmbeddingTable items;
    final LogQ logQ;
    private final StepGraph graph;
    private final Lookup user;
    private final Lookup item;
    private final Placeholder<TFloat32> logQInput;
    private final Placeholder<TFloat32> negMask;
    final Operand<TFloat32> loss;
    // per-step scratch (the trainer calls feed from one thread)
    private int[] u = new int[0];
    private int[] it = new int[0];
    private float[] lq = new float[0];
    private float[] mask = new float[0];

    TwoTowerReference(PlantedData data, int dim, double temperature, boolean useLogQ, Optimizer optimizer, long seed) {
        this.data = data;
        this.users = EmbeddingTable.create("users", data.users, dim, optimizer, Initializer.embedding(dim), seed);
        this.items = EmbeddingTable.create("items", data.items, dim, optimizer, Initializer.embedding(dim), seed);
        this.logQ = LogQ.fromCounts(data.itemCounts, 0.5);
        try (GraphBuilder gb = new GraphBuilder()) {
            Ops tf = gb.tf();
            user = gb.table(users).lookup("user");
            item = gb.table(items).lookup("item");
            logQInput = gb.floatInput("logq", -1);
            negMask = gb.floatInput("negmask", -1, -1);
            Operand<TFloat32> q = Layers.l2Normalize(tf, user.values(), 1e-6);
            Operand<TFloat32> c = Layers.l2Normalize(tf, item.values(), 1e-6);
            Losses.InfoNce<TFloat32> nce = Losses.infoNce(q, c).temperature(temperature).negativeMask(negMask);
            loss = (useLogQ ? nce.logQ(logQInput) : nce.withoutLogQ()).build(tf);
            if (!useLogQ) {
                // keep the input used so the feeds stay uniform
                graph = gb.build(tf.math.add(loss, tf.math.mul(tf.constant(0f), tf.reduceSum(logQInput, tf.constant(0)))));
            } else {
                graph = gb.build(loss);
            }
        }
    }

    @Override
    public StepGraph graph() {
        return graph;
    }

    @Override
    public int examples() {
        return data.pairUser.length;
    }

    @Override
    public void feed(Feeds feeds, int[] order, int from, int to, SplittableRandom rng) {
        int b = to - from;
        if (u.length != b) {
            u = new int[b];
            it = new int[b];
            lq = new float[b];
            mask = new float[b * b];
        }
        for (int i = 0; i < b; i++) {
            u[i] = data.pairUser[order[from + i]];
            it[i] = data.pairItem[order[from + i]];
        }
        logQ.gather(it, lq);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                mask[i * b + j] = (i == j || it[i] != it[j]) ? 1f : 0f;
            }
        }
        feeds.ids(user, u).ids(item, it).floats(logQInput, lq, b).floats(negMask, mask, b, b);
    }

    /** Dot products of the (normalised) user vector with every item vector. */
    void score(int userId, float[] out) {
        int d = users.dim();
        float[] uv = new float[d];
        float[] iv = new float[d];
        users.read(userId, uv, 0);
        normalize(uv);
        for (int i = 0; i < data.items; i++) {
            items.read(i, iv, 0);
            normalize(iv);
            float s = 0;
            for (int j = 0; j < d; j++) {
                s += uv[j] * iv[j];
            }
            out[i] = s;
        }
    }

    private static void normalize(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = (float) (1 / Math.max(Math.sqrt(n), 1e-6));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }

    @Override
    public void close() {
        graph.close();
    }
}
