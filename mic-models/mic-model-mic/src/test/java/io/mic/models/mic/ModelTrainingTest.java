package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.spi.Model;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every encoder and both models really learn: on planted-group synthetic data (leave-one-out) each
 * must beat popularity's test Recall@10 by a factor of 2. Popularity gets 0.065 here; measured
 * values of the models are logged (0.25 to 0.36 when last measured, issue 17), so the threshold (0.13) leaves
 * room for run-to-run variation while a model that did not learn (~pop) fails.
 */
class ModelTrainingTest {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainingTest.class);
    private static Fixture fx;
    private static double popRecall;

    @BeforeAll
    static void data() {
        fx = Fixture.small(3);
        Model pop = fx.pop();
        pop.fit(fx.split);
        popRecall = fx.test(pop).get(io.mic.core.eval.Metric.RECALL, 10);
        LOG.info("pop recall@10 {}", popRecall);
        assertThat(popRecall).isBetween(0.01, 0.12);
    }

    private double fitAndRecall(String label, Model m) {
        long t0 = System.nanoTime();
        m.fit(fx.split);
        double r = fx.test(m).get(io.mic.core.eval.Metric.RECALL, 10);
        LOG.info("{}: test recall@10 {} (pop {}) in {} s", label, String.format("%.4f", r), String.format("%.4f", popRecall),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        return r;
    }

    @Test
    void mfBprLearns() {
        Model m = fx.model("two-tower", Map.of(), Fixture.Spec.of("mf-bpr", "dim", "32"), List.of(), List.of(),
                Fixture.trainer(8, 256, 0.01, null, false));
        assertThat(fitAndRecall("mf-bpr", m)).isGreaterThan(2 * popRecall);
    }

    @Test
    void simplexLearns() {
        Model m = fx.model("two-tower", Map.of("negatives", "32"), Fixture.Spec.of("simplex", "dim", "32", "history_length", "20"), List.of(),
                List.of(), Fixture.trainer(8, 256, 0.01, null, false));
        assertThat(fitAndRecall("simplex", m)).isGreaterThan(2 * popRecall);
    }

    @Test
    void dssmTwoTowerLearns() {
        Model m = fx.model("two-tower", Map.of(), Fixture.Spec.of("dssm", "dim", "32"), List.of(), List.of(),
                Fixture.trainer(5, 256, 0.003, null, false));
        assertThat(fitAndRecall("two-tower(dssm)", m)).isGreaterThan(2 * popRecall);
    }

    @Test
    void youtubeDnnTwoTowerLearns() {
        Model m = fx.model("two-tower", Map.of(), Fixture.Spec.of("youtube-dnn", "dim", "32", "history_length", "20"), List.of(), List.of(),
                Fixture.trainer(5, 256, 0.003, null, false));
        assertThat(fitAndRecall("two-tower(youtube-dnn)", m)).isGreaterThan(2 * popRecall);
    }

    @Test
    void micOverDssmWithEveryComponentLearns() {
        Model m = fx.model("mic", Map.of("w_bce", "0.1"), Fixture.Spec.of("dssm", "dim", "32", "recent_users", "10"),
                List.of(Fixture.Spec.of("field-mask", "p", "0.2"), Fixture.Spec.of("embedding-dropout", "p", "0.1")),
                List.of(Fixture.Spec.of("knn-positive", "target", "user", "refresh_every", "50"),
                        Fixture.Spec.of("kmeans-negative", "clusters", "8", "refresh_every", "50"),
                        Fixture.Spec.of("popularity-negative", "per_row", "4")),
                Fixture.trainer(5, 256, 0.003, null, false));
        assertThat(fitAndRecall("mic(dssm)", m)).isGreaterThan(2 * popRecall);
    }

    @Test
    void micOverYoutubeDnnLearnsWithTheU2iScore() {
        Model m = fx.model("mic", Map.of("score", "u2i"), Fixture.Spec.of("youtube-dnn", "dim", "32", "history_length", "20"),
                List.of(Fixture.Spec.of("field-mask", "p", "0.2")), List.of(), Fixture.trainer(5, 256, 0.003, null, false));
        assertThat(fitAndRecall("mic(youtube-dnn), u2i score", m)).isGreaterThan(2 * popRecall);
    }

    @Test
    void micWithTheBaseBprLossAndNoExtrasIsTheBaseBitForBit() {
        // u2i_loss: bpr with every extra off is two-tower mf-bpr: the same graph of u, v, n and the BPR term, same feeds
        Model base = fx.model("two-tower", Map.of("l2", "1e-4"), Fixture.Spec.of("mf-bpr", "dim", "16"), List.of(), List.of(),
                Fixture.trainer(2, 256, 0.01, null, false));
        // (the trainer's random stream of two-tower's context, so both shuffle and draw alike)
        Model mic = fx.model("mic", "two-tower", Map.of("u2i_loss", "bpr", "l2", "1e-4", "w_u2u", "0", "w_i2i", "0", "aux_normalize", "false",
                "score", "u2i"), Fixture.Spec.of("mf-bpr", "dim", "16"), List.of(), List.of(), Fixture.trainer(2, 256, 0.01, null, false));
        base.fit(fx.split);
        mic.fit(fx.split);
        assertThat(mic.userVectors().orElseThrow().values()).containsExactly(base.userVectors().orElseThrow().values());
        assertThat(mic.itemVectors().orElseThrow().values()).containsExactly(base.itemVectors().orElseThrow().values());
    }

    @Test
    void micKeepsTheBaseBprLossWithCrossChannelExtrasAndLearns() {
        Model m = fx.model("mic", Map.of("u2i_loss", "bpr", "w_bce", "0.1", "aux_temperature", "0.5"), Fixture.Spec.of("mf-bpr", "dim", "32"),
                List.of(Fixture.Spec.of("embedding-dropout", "p", "0.1")),
                List.of(Fixture.Spec.of("knn-positive", "target", "user", "refresh_every", "50"),
                        Fixture.Spec.of("kmeans-negative", "clusters", "8", "refresh_every", "50"),
                        Fixture.Spec.of("popularity-negative", "per_row", "4")),
                Fixture.trainer(8, 256, 0.01, null, false));
        assertThat(fitAndRecall("mic(mf-bpr), bpr u2i + extras", m)).isGreaterThan(2 * popRecall);
    }

    @Test
    void micKeepsTheCclLossWithCrossChannelExtrasAndLearns() {
        Model m = fx.model("mic", Map.of("u2i_loss", "ccl", "negatives", "32", "score", "u2i"),
                Fixture.Spec.of("mf-bpr", "dim", "32"), List.of(Fixture.Spec.of("embedding-dropout", "p", "0.1")),
                List.of(), Fixture.trainer(8, 256, 0.01, null, false));
        assertThat(fitAndRecall("mic(mf-bpr), ccl u2i + u2u/i2i", m)).isGreaterThan(2 * popRecall);
    }
}
