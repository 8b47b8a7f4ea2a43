package io.mic.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemNeighborsFileTest {
    @TempDir
    Path tmp;

    @Test
    void roundTrips() throws IOException {
        int[][] lists = {{2, 1}, {}, {0}, {2, 0, 1}};
        Path f = tmp.resolve("n/m.txt");
        ItemNeighborsFile.write(f, lists);
        assertThat(ItemNeighborsFile.read(f, 4)).isDeepEqualTo(lists);
        try (var s = Files.list(f.getParent())) {
            assertThat(s).containsExactly(f); // no temporary left behind
        }
    }

    @Test
    void refusesOutOfRangeIdsNamingFileAndLine() throws IOException {
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, "# item-neighbors items=3\n1 2\n0 7\n\n");
        assertThatThrownBy(() -> ItemNeighborsFile.read(f, 3)).isInstanceOf(IOException.class)
                .hasMessageContaining(f + ":3:").hasMessageContaining("neighbour id 7 out of range [0, 3)");
        assertThatThrownBy(() -> ItemNeighborsFile.write(tmp.resolve("w.txt"), new int[][] {{1}, {-1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neighbour id -1 out of range");
        assertThat(tmp.resolve("w.txt")).doesNotExist();
    }

    @Test
    void refusesWrongCountsSelfLoopsAndGarbage() throws IOException {
        Path f = tmp.resolve("c.txt");
        Files.writeString(f, "# item-neighbors items=2\n1\n0\n");
        assertThatThrownBy(() -> ItemNeighborsFile.read(f, 3)).hasMessageContaining("lists for 2 items, the data has 3");
        Files.writeString(f, "# item-neighbors items=2\n0\n\n");
        assertThatThrownBy(() -> ItemNeighborsFile.read(f, 2)).hasMessageContaining(":2: item 0: lists itself");
        Files.writeString(f, "# item-neighbors items=2\n1 x\n\n");
        assertThatThrownBy(() -> ItemNeighborsFile.read(f, 2)).hasMessageContaining(":2: 'x' is not an item id");
        Files.writeString(f, "# item-neighbors items=2\n1\n");
        assertThatThrownBy(() -> ItemNeighborsFile.read(f, 2)).hasMessageContaining("1 item lines, the header says 2");
    }
}
