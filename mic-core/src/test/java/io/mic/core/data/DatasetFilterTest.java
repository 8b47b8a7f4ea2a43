package io.mic.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetFilterTest {
    /**
     * Users A, B, C, D; items x, y, z. A: x y; B: x y; C: x z; D: z. With 2-cores for both:
     * pass 1 drops D (1 interaction), which leaves z with 1, pass 2 drops z, which leaves C with 1,
     * pass 3 drops C; what remains is A, B × x, y. One pass only drops D.
     */
    private static Dataset kcoreExample() {
        IdMap users = IdMap.of(List.of("A", "B", "C", "D"));
        IdMap items = IdMap.of(List.of("x", "y", "z"));
        int[] u = {0, 0, 1, 1, 2, 2, 3};
        int[] i = {0, 1, 0, 1, 0, 2, 2};
        float[] r = {5, 4, 3, 2, 1, 5, 4};
        long[] t = {10, 11, 20, 21, 30, 31, 40};
        byte[] tags = {0, 2, 0, 2, 0, 2, 2};
        FieldData gender = new FieldData.Categorical("gender", new int[] {0, 1, 0, 1}, IdMap.of(List.of("F", "M")));
        FieldData title = new FieldData.Text("title", new String[] {"X", "Y", "Z"});
        return new Dataset("toy", users, items, u, i, r, t, tags, List.of(gender), List.of(title));
    }

    @Test
    void iterativeFilterReachesTheKCore() {
        Dataset d = new DatasetFilter(null, 2, 2, true).apply(kcoreExample());
        assertThat(d.users().externals()).containsExactly("A", "B");
        assertThat(d.items().externals()).containsExactly("x", "y");
        assertThat(d.userColumn()).containsExactly(0, 0, 1, 1);
        assertThat(d.itemColumn()).containsExactly(0, 1, 0, 1);
        assertThat(d.ratings()).containsExactly(5f, 4f, 3f, 2f);
        assertThat(d.timestamps()).containsExactly(10L, 11L, 20L, 21L);
        assertThat(d.splitTags()).containsExactly(0, 2, 0, 2);
        assertThat(((FieldData.Categorical) d.userFields().get(0)).values()).containsExactly(0, 1);
        assertThat(((FieldData.Text) d.itemFields().get(0)).values()).containsExactly("X", "Y");
        assertThat(d.name()).isEqualTo("toy");
    }

    @Test
    void singlePassOnlyDropsWhatFailsTheFirstCounts() {
        Dataset d = new DatasetFilter(null, 2, 2, false).apply(kcoreExample());
        assertThat(d.users().externals()).containsExactly("A", "B", "C");
        assertThat(d.items().externals()).containsExactly("x", "y", "z");
        assertThat(d.numInteractions()).isEqualTo(6);
        assertThat(d.itemColumn()).containsExactly(0, 1, 0, 1, 0, 2);
    }

    @Test
    void minRatingDropsLowRatingsBeforeCounting() {
        // ratings >= 4 keep A-x, A-y, C-z, D-z: then with 2-cores z has 2, C and D have 1 -> dropped -> z has 0
        Dataset d = new DatasetFilter(4.0, 2, 1, true).apply(kcoreExample());
        assertThat(d.users().externals()).containsExactly("A");
        assertThat(d.items().externals()).containsExactly("x", "y");
        assertThat(d.ratings()).containsExactly(5f, 4f);
    }

    @Test
    void minimumZeroKeepsUsersLeftWithoutInteractions() {
        Dataset d = new DatasetFilter(4.5, 0, 0, false).apply(kcoreExample());
        assertThat(d.numInteractions()).isEqualTo(2);
        assertThat(d.numUsers()).isEqualTo(4);
        assertThat(d.numItems()).isEqualTo(3);
        Dataset dropped = new DatasetFilter(4.5, 1, 1, false).apply(kcoreExample());
        assertThat(dropped.users().externals()).containsExactly("A", "C");
        assertThat(dropped.items().externals()).containsExactly("x", "z");
    }

    @Test
    void minRatingOnImplicitDataIsAnError() {
        Dataset d = kcoreExample();
        Dataset implicit = new Dataset("clicks", d.users(), d.items(), d.userColumn(), d.itemColumn(), null, null, null, List.of(), List.of());
        assertThatThrownBy(() -> new DatasetFilter(3.0, 0, 0, false).apply(implicit)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset 'clicks' has no ratings");
    }

    @Test
    void noneReturnsTheSameDataset() {
        Dataset d = kcoreExample();
        assertThat(DatasetFilter.none().apply(d)).isSameAs(d);
    }

    @Test
    void negativeMinimumIsRejected() {
        assertThatThrownBy(() -> new DatasetFilter(null, -1, 0, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statsSummariseInOneLine() {
        DatasetStats s = DatasetStats.of(kcoreExample());
        assertThat(s.users()).isEqualTo(4);
        assertThat(s.items()).isEqualTo(3);
        assertThat(s.interactions()).isEqualTo(7);
        assertThat(s.density()).isEqualTo(7.0 / 12);
        assertThat(s.avgPerUser()).isEqualTo(1.75);
        assertThat(s.toString()).isEqualTo("toy: 4 users, 3 items, 7 interactions, density 58.3333%, 1.8 per user, ratings, timestamps");
    }
}
