package io.mic.retrieval.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.data.InteractionMatrix;
import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.retrieval.proto.TablesManifest;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableFilesTest {

    static NeighborTables tables(long version, int users, int items, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nnz = users * 6;
        int[] u = new int[nnz];
        int[] it = new int[nnz];
        for (int k = 0; k < nnz; k++) {
            u[k] = k % users;
            it[k] = r.nextInt(items);
        }
        InteractionMatrix x = InteractionMatrix.fromColumns(users, items, u, it, null, null, null);
        return NeighborTableBuilder.build(Vectors.of(NeighborTableBuilderTest.random(users * 6, seed), 6),
                Vectors.of(NeighborTableBuilderTest.random(items * 6, seed + 1), 6), x,
                () -> new ExactIndex(Similarity.COSINE, 1, 64), "exact/1", version, new NeighborTableBuilder.Params(4, 5, 3, 1));
    }

    static void assertSameContent(TableReader a, TableReader b) {
        assertThat(b.rows()).isEqualTo(a.rows());
        assertThat(b.width()).isEqualTo(a.width());
        assertThat(b.entries()).isEqualTo(a.entries());
        for (int r = 0; r < a.rows(); r++) {
            assertThat(b.count(r)).isEqualTo(a.count(r));
            for (int j = 0; j < a.count(r); j++) {
                assertThat(b.id(r, j)).isEqualTo(a.id(r, j));
                assertThat(Float.compare(b.score(r, j), a.score(r, j))).isZero(); // NaN == NaN for id tables
            }
        }
    }

    @Test
    void roundTripOnHeapAndMemoryMapped(@TempDir Path root) throws IOException {
        NeighborTables t = tables(100, 50, 40, 1);
        Path dir = TableFiles.write(root, t);
        assertThat(dir).isEqualTo(root.resolve("v100"));
        assertThat(TableFiles.currentVersion(root)).isEqualTo(100);
        TablesManifest m = TableFiles.readManifest(dir);
        assertThat(m.getUsers()).isEqualTo(50);
        assertThat(m.getItems()).isEqualTo(40);
        assertThat(m.getUserDim()).isEqualTo(6);
        assertThat(m.getIndex()).isEqualTo("exact/1");
        assertThat(m.getFileCount()).isEqualTo(3);
        assertThat(m.getFile(0).getSha256()).hasSize(64);

        NeighborTables heap = TableFiles.open(root, Long.MAX_VALUE, true);
        NeighborTables mapped = TableFiles.open(dir, -1, true);
        assertThat(heap.userUser()).isInstanceOf(HeapTable.class);
        assertThat(mapped.userUser()).isInstanceOf(MappedTable.class);
        for (TableKind k : TableKind.values()) {
            assertSameContent(t.table(k), heap.table(k));
            assertSameContent(t.table(k), mapped.table(k));
        }
        assertThat(mapped.recent().score(0, 0)).isNaN();
        assertThat(mapped.userUser().count(-1)).isZero();
        assertThat(mapped.userUser().count(50)).isZero();
    }

    @Test
    void checksumMismatchNamesTheFile(@TempDir Path root) throws IOException {
        Path dir = TableFiles.write(root, tables(7, 30, 20, 2));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("item_item.tbl").toFile(), "rw")) {
            f.seek(f.length() - 3);
            f.write(0x55);
        }
        assertThatThrownBy(() -> TableFiles.open(root, Long.MAX_VALUE, true)).isInstanceOf(IOException.class)
                .hasMessageContaining("item_item.tbl").hasMessageContaining("SHA-256");
    }

    @Test
    void truncatedOrForeignFilesAreRejectedEvenWithoutVerification(@TempDir Path root) throws IOException {
        Path dir = TableFiles.write(root, tables(8, 30, 20, 3));
        Path f = dir.resolve("recent_items.tbl");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 4));
        assertThatThrownBy(() -> TableFiles.open(root, Long.MAX_VALUE, false)).hasMessageContaining("recent_items.tbl")
                .hasMessageContaining("bytes");
        Files.writeString(f, "hello, this is not a table file at all....");
        assertThatThrownBy(() -> TableFiles.open(root, -1, false)).hasMessageContaining("recent_items.tbl")
                .hasMessageContaining("magic");
    }

    @Test
    void newVersionMovesCurrentAndPruneKeepsTheLiveOne(@TempDir Path root) throws IOException {
        TableFiles.write(root, tables(1, 20, 10, 4));
        TableFiles.write(root, tables(2, 20, 10, 5));
        TableFiles.write(root, tables(3, 20, 10, 6));
        assertThat(TableFiles.open(root, Long.MAX_VALUE, true).version()).isEqualTo(3);
        assertThatThrownBy(() -> TableFiles.write(root, tables(3, 20, 10, 6))).hasMessageContaining("already exists");
        assertThat(TableFiles.prune(root, 1)).containsExactly(1L, 2L);
        assertThat(root.resolve("v3")).isDirectory();
        assertThat(root.resolve("v1")).doesNotExist();
        try (var s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("CURRENT", "v3");
        }
    }

    @Test
    void missingCurrentIsAClearError(@TempDir Path root) {
        assertThatThrownBy(() -> TableFiles.open(root, 0, true)).isInstanceOf(IOException.class).hasMessageContaining("CURRENT");
    }
}
