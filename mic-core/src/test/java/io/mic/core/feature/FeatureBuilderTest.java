package io.mic.core.feature;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.FieldData;
import io.mic.core.data.IdMap;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureBuilderTest {

    /**
     * Two users, five items. User 0 watches items 0,1,2,3,4 at times 10,20,30,40,50 (so 3 is valid
     * and 4 test under leave-last-out); user 1 watches 2 (t=15), 0 (t=25), 1 (t=25, a tie), 3 (t=60), 4 (t=70).
     */
    private static DataSplit split() {
        int[] users = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        int[] items = {0, 1, 2, 3, 4, 2, 0, 1, 3, 4};
        long[] times = {10, 20, 30, 40, 50, 15, 25, 25, 60, 70};
        float[] ratings = {5, 4, 3, 2, 1, 1, 2, 3, 4, 5};
        FieldData gender = new FieldData.Categorical("gender", new int[] {1, 0}, IdMap.range(2));
        FieldData title = new FieldData.Text("title", new String[] {"a", "b", "c", "d", "e"});
        FieldData genres = new FieldData.MultiCategorical("genres", new int[] {0, 1, 3, 3, 4, 5}, new int[] {0, 1, 2, 0, 1},
                IdMap.range(3));
        Dataset d = new Dataset("tiny", IdMap.range(2), IdMap.range(5), users, items, ratings, times, null, List.of(gender),
                List.of(genres, title));
        return Splitter.leaveLastOut(d);
    }

    private static int[] row(Column.MultiIds c, int r) {
        return Arrays.copyOfRange(c.values(), c.offsets()[r], c.offsets()[r + 1]);
    }

    @Test
    void inferenceBatchesCarryFieldsLastHistoryAndRecentUsers() {
        FeatureBuilder fb = FeatureBuilder.of(split(), 2, 5, HistoryMode.BEFORE);
        FeatureBatch u = fb.users(new int[] {1, 0});
        assertThat(u.names()).containsExactly("id", "gender", "history");
        assertThat(u.ids()).containsExactly(1, 0);
        assertThat(u.ids("gender").values()).containsExactly(0, 1);
        // user 1 trains on 2, 0, 1 (0 and 1 tie at t=25, source order kept); last two
        assertThat(row(u.multi("history"), 0)).containsExactly(0, 1);
        assertThat(row(u.multi("history"), 1)).containsExactly(1, 2);

        FeatureBatch it = fb.items(new int[] {2, 4, 1});
        assertThat(it.names()).containsExactly("id", "genres", "recent_users").doesNotContain("title");
        assertThat(row(it.multi("genres"), 0)).isEmpty(); // item 2 has no genre
        assertThat(row(it.multi("genres"), 2)).containsExactly(1, 2);
        // item 2: user 1 at t=15, user 0 at t=30 -> oldest first
        assertThat(row(it.multi("recent_users"), 0)).containsExactly(1, 0);
        assertThat(it.multi("recent_users").length(1)).isZero(); // item 4 is only in test
        assertThat(row(it.multi("recent_users"), 2)).containsExactly(0, 1);
    }

    @Test
    void beforeModeHistoryIsStrictlyEarlierInTime() {
        DataSplit s = split();
        FeatureBuilder fb = FeatureBuilder.of(s, 10, 10, HistoryMode.BEFORE);
        assertThat(fb.numExamples()).isEqualTo(6);
        int[] all = {0, 1, 2, 3, 4, 5};
        FeatureBatch u = fb.exampleUsers(all);
        FeatureBatch it = fb.exampleItems(all);
        // user 0's training examples are items 0, 1, 2 at positions 0..2
        assertThat(u.ids()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(it.ids()).containsExactly(0, 1, 2, 2, 0, 1);
        assertThat(row(u.multi("history"), 0)).isEmpty();
        assertThat(row(u.multi("history"), 2)).containsExactly(0, 1);
        // user 1: item 2 (t=15), then 0 and 1 tie at t=25: neither sees the other
        assertThat(row(u.multi("history"), 3)).isEmpty();
        assertThat(row(u.multi("history"), 4)).containsExactly(2);
        assertThat(row(u.multi("history"), 5)).containsExactly(2);
        // recent users of item 2 before user 0's t=30: user 1 (t=15); before user 1's t=15: nobody
        assertThat(row(it.multi("recent_users"), 2)).containsExactly(1);
        assertThat(row(it.multi("recent_users"), 3)).isEmpty();
        // the target never appears in its own history or among its own recent users
        for (int r = 0; r < 6; r++) {
            assertThat(row(u.multi("history"), r)).doesNotContain(it.ids()[r]);
            assertThat(row(it.multi("recent_users"), r)).doesNotContain(u.ids()[r]);
        }
        assertThat(fb.exampleRating(2)).isEqualTo(3f);
    }

    @Test
    void othersModeUsesEveryOtherTrainingInteraction() {
        FeatureBuilder fb = FeatureBuilder.of(split(), 10, 10, HistoryMode.OTHERS);
        int[] all = {0, 1, 2, 3, 4, 5};
        FeatureBatch u = fb.exampleUsers(all);
        FeatureBatch it = fb.exampleItems(all);
        assertThat(row(u.multi("history"), 0)).containsExactly(1, 2);
        assertThat(row(u.multi("history"), 1)).containsExactly(0, 2);
        assertThat(row(u.multi("history"), 4)).containsExactly(2, 1);
        assertThat(row(it.multi("recent_users"), 0)).containsExactly(1); // item 0: the other user
        // with L = 1 the most recent other item is kept
        FeatureBuilder one = FeatureBuilder.of(split(), 1, 1, HistoryMode.OTHERS);
        assertThat(row(one.exampleUsers(new int[] {2}).multi("history"), 0)).containsExactly(1);
    }

    @Test
    void recentHelpersAndDefaults() {
        DataSplit s = split();
        FeatureBuilder fb = FeatureBuilder.of(s, 2, 1, HistoryMode.defaultFor(s));
        assertThat(fb.mode()).isEqualTo(HistoryMode.BEFORE);
        int[] out = new int[2];
        assertThat(fb.recentItemsOf(0, out)).isEqualTo(2);
        assertThat(out).containsExactly(1, 2);
        int[] one = new int[1];
        assertThat(fb.recentUsersOf(2, one)).isEqualTo(1);
        assertThat(one).containsExactly(0);
        assertThat(fb.itemCount(4)).isZero();
        DataSplit random = Splitter.randomRatio(SyntheticDataset.generate(new SyntheticSpec(50, 40, 4, 10, 0.8, 1.0), 1),
                new double[] {0.8, 0.1, 0.1}, 1);
        assertThat(HistoryMode.defaultFor(random)).isEqualTo(HistoryMode.OTHERS);
        assertThat(HistoryMode.parse(" Before ")).isEqualTo(HistoryMode.BEFORE);
    }

    @Test
    void noHistoryOrRecentColumnsWhenLengthsAreZero() {
        FeatureBuilder fb = FeatureBuilder.of(split(), 0, 0, HistoryMode.OTHERS);
        assertThat(fb.users(new int[] {0}).names()).containsExactly("id", "gender");
        assertThat(fb.exampleItems(new int[] {0}).names()).containsExactly("id", "genres");
    }
}
