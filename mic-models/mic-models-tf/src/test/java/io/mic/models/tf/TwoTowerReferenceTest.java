package io.mic.models.tf;

import io.mic.models.tf.training.Trainer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End to end: the reference two-tower model must learn the planted groups. Popularity can only
 * recommend the globally popular items (the heads of every group), so a model that learned each
 * user's group wins by a wide margin; one that learned nothing scores near popularity or below.
 */
class TwoTowerReferenceTest {
    private static final Logger LOG = LoggerFactory.getLogger(TwoTowerReferenceTest.class);

    @Test
    void learnsPlantedGroupsAndBeatsPopularity() {
        PlantedData data = new PlantedData(1500, 600, 6, 24, 0.85, 11);
        try (TwoTowerReference m = new TwoTowerReference(data, 32, 0.1, true, Optimizer.adagrad(), 5)) {
            Feeds probe = m.graph().newFeeds();
            int[] order = new int[m.examples()];
            Trainer.shuffle(order, 99, 0);
            m.feed(probe, order, 0, 256, new java.util.SplittableRandom(1));
            double initial = m.graph().forward(probe, m.loss)[0][0];
            double untrained = data.recallAt(10, m::score);
            Trainer.Report r = new Trainer(Trainer.Config.of(3, 256, 7, 1.0)).fit(m);
            double pop = data.recallAt(10, (u, s) -> {
                for (int i = 0; i < data.items; i++) {
                    s[i] = data.itemCounts[i];
                }
            });
            double model = data.recallAt(10, m::score);
            LOG.info("initial loss {}, epoch losses {}, recall@10 model {} pop {} untrained {}", initial, r.epochLoss(), model, pop, untrained);
            assertThat(r.steps()).isEqualTo(3L * ((data.pairUser.length + 255) / 256));
            assertThat(r.epochLoss().get(2)).as("loss falls substantially (measured 7.24 -> 4.33)").isLessThan(0.7 * initial);
            assertThat(r.epochLoss().get(2)).isLessThan(r.epochLoss().get(0));
            // random vectors rank the held-out item among ~580 candidates: recall@10 ~ 0.017
            assertThat(untrained).isLessThan(0.05);
            // knowing only the group gives ~0.85 * 10 / 80 ~ 0.1; 0.18 needs group + within-group popularity
            // (measured 0.22 with this seed, pop 0.014)
            assertThat(model).as("recall@10 model vs pop %.3f", pop).isGreaterThan(0.18).isGreaterThan(3 * pop);
        }
    }
}
