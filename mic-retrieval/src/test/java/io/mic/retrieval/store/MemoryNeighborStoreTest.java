package io.mic.retrieval.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.retrieval.table.HeapTable;
import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.spi.NeighborStore.Table;
import io.mic.spi.Neighbors;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryNeighborStoreTest {

    /**
     * Three users, four items. Scores encode the version (v + 0.1 * rank) so a test can tell which
     * version answered.
     */
    static NeighborTables handBuilt(long v) {
        float b = v;
        HeapTable uu = new HeapTable(3, 2, new int[] {0, 2, 3, 3}, new int[] {1, 2, 0}, new float[] {b + .9f, b + .5f, b + .8f});
        HeapTable ii = new HeapTable(4, 2, new int[] {0, 2, 4, 5, 5}, new int[] {1, 2, 0, 3, 0},
                new float[] {b + .7f, b + .6f, b + .7f, b + .2f, b + .4f});
        HeapTable recent = new HeapTable(3, 3, new int[] {0, 2, 5, 5}, new int[] {0, 2, 3, 1, 0}, null);
        return new NeighborTables(v, 3, 4, 2, 2, "exact/1", uu, ii, recent);
    }

    @Test
    void servesTablesAndLimits() {
        MemoryNeighborStore s = new MemoryNeighborStore(handBuilt(1));
        Neighbors n = s.neighbors(Table.USER_USER, 0, 10);
        assertThat(n.ids()).containsExactly(1, 2);
        assertThat(n.scores()).containsExactly(1.9f, 1.5f);
        assertThat(s.neighbors(Table.ITEM_ITEM, 1, 1).ids()).containsExactly(0);
        assertThat(s.neighbors(Table.ITEM_ITEM, 3, 5).size()).isZero();
        assertThat(s.neighbors(Table.ITEM_ITEM, 99, 5).size()).isZero();
        assertThat(s.recentItems(1, 2)).containsExactly(3, 1);
        assertThat(s.recentItems(-4, 2)).isEmpty();
        assertThat(s.recentItems(new int[] {0, 1, 2}, 3, 5)).isDeepEqualTo(new int[][] {{0, 2}, {3, 1, 0}, {}});
    }

    @Test
    void reloadSwapsToTheNewCurrentVersion(@TempDir Path root) throws IOException {
        TableFiles.write(root, handBuilt(1));
        MemoryNeighborStore s = new MemoryNeighborStore(root, 0, true); // everything memory-mapped
        assertThat(s.neighbors(Table.USER_USER, 0, 1).scores()).containsExactly(1.9f);
        TableFiles.write(root, handBuilt(2));
        assertThat(s.reload()).isTrue();
        assertThat(s.tables().version()).isEqualTo(2);
        assertThat(s.neighbors(Table.USER_USER, 0, 1).scores()).containsExactly(2.9f);
        assertThat(s.reload()).isFalse();
    }
}
