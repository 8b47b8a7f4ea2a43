package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.Column;
import io.mic.spi.ConfigException;
import io.mic.spi.FeatureBatch;
import io.mic.testkit.AugmenterContractTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequenceCropAugmenterTest extends AugmenterContractTest {

    @Override
    protected AugmenterFactory factory() {
        return new SequenceCropAugmenterFactory();
    }

    /** A sequence augmenter applies to batches that have its column: user batches, for the default 'history'. */
    @Override
    protected List<FeatureBatch> batches() {
        return List.of(data().users(256, 11), data().users(64, 13));
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("eta", "1.5"));
    }

    @Test
    void keepsAContiguousWindowOfFloorEtaN() {
        FeatureBatch in = Batches.users(500, 8);
        FeatureBatch out = create(Map.of("eta", "0.6")).augment(in, new SplittableRandom(3));
        Column.MultiIds before = in.multi(FeatureBatch.HISTORY);
        Column.MultiIds after = out.multi(FeatureBatch.HISTORY);
        for (int r = 0; r < in.size(); r++) {
            int[] orig = Batches.row(before, r);
            int[] got = Batches.row(after, r);
            int n = orig.length;
            int expected = n <= 1 ? n : Math.max(1, (int) Math.floor(0.6 * n + 1e-9));
            assertThat(got).as("row %d", r).hasSize(expected);
            assertThat(isWindowOf(got, orig)).as("row %d is a contiguous window", r).isTrue();
        }
        for (String other : new String[] {"id", "gender", "age", "title"}) {
            assertThat(out.column(other)).isSameAs(in.column(other));
        }
    }

    @Test
    void handWorkedLengths() {
        Column.MultiIds h = Batches.multi(new int[][] {{}, {7}, {1, 2}, {1, 2, 3, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}});
        FeatureBatch in = FeatureBatch.of(5, Map.of(FeatureBatch.HISTORY, h));
        Column.MultiIds out = create(Map.of("eta", "0.5")).augment(in, new SplittableRandom(1)).multi(FeatureBatch.HISTORY);
        assertThat(new int[] {out.length(0), out.length(1), out.length(2), out.length(3), out.length(4)})
                .containsExactly(0, 1, 1, 2, 5);
        assertThat(Batches.row(out, 1)).containsExactly(7);
    }

    @Test
    void windowStartIsUniform() {
        // one row of 10 ids, keep 6: starts 0..4, each with probability 1/5
        int reps = 10_000;
        FeatureBatch in = FeatureBatch.of(1, Map.of(FeatureBatch.HISTORY, Batches.multi(new int[][] {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}})));
        Augmenter a = create(Map.of("eta", "0.6"));
        SplittableRandom rnd = new SplittableRandom(12);
        int[] starts = new int[5];
        for (int i = 0; i < reps; i++) {
            starts[a.augment(in, rnd).multi(FeatureBatch.HISTORY).values()[0]]++;
        }
        // five standard errors of a Bernoulli(0.2) frequency over 10k draws: 0.02
        double tol = 5 * Math.sqrt(0.2 * 0.8 / reps);
        for (int s = 0; s < 5; s++) {
            assertThat((double) starts[s] / reps).as("start %d", s).isCloseTo(0.2, within(tol));
        }
    }

    @Test
    void etaOneKeepsEverything() {
        FeatureBatch in = Batches.users(100, 2);
        Batches.assertSameContent(create(Map.of("eta", "1")).augment(in, new SplittableRandom(1)), in);
    }

    @Test
    void badParametersAndColumnsAreErrors() {
        assertThatThrownBy(() -> create(Map.of("eta", "0"))).isInstanceOf(ConfigException.class).hasMessageContaining("'eta'");
        assertThatThrownBy(() -> create(Map.of("eta", "1.2"))).isInstanceOf(ConfigException.class).hasMessageContaining("'eta'");
        assertThatThrownBy(() -> create(Map.of("column", " "))).isInstanceOf(ConfigException.class).hasMessageContaining("'column'");
        Augmenter recent = create(Map.of("column", "recent_users"));
        assertThatThrownBy(() -> recent.augment(Batches.users(5, 1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence-crop")
                .hasMessageContaining("'recent_users'")
                .hasMessageContaining("[id, gender, age, history, title]");
        Augmenter gender = create(Map.of("column", "gender"));
        assertThatThrownBy(() -> gender.augment(Batches.users(5, 1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gender' is Ids");
    }

    static boolean isWindowOf(int[] window, int[] seq) {
        for (int s = 0; s + window.length <= seq.length; s++) {
            if (Arrays.equals(window, Arrays.copyOfRange(seq, s, s + window.length))) {
                return true;
            }
        }
        return false;
    }
}
