package io.mic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import io.mic.core.config.proto.FileEntry;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.ItemNeighborsFile;
import io.mic.core.run.RunWriter;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.retrieval.table.TableReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mic index} builds the similar-items table from a model's own neighbour lists when the run
 * holds them ({@code neighbors/<label>.txt}, checksummed in the manifest), from vector kNN otherwise.
 */
class ModelItemNeighborsIndexTest {
    @TempDir
    Path tmp;

    /** Lists for {@code items} items: item i's neighbours i+1, i+2, ... (mod items), item 0 none. */
    private static int[][] lists(int items, int len) {
        int[][] l = new int[items][];
        l[0] = new int[0];
        for (int i = 1; i < items; i++) {
            l[i] = new int[len];
            for (int j = 0; j < len; j++) {
                l[i][j] = (i + 1 + j) % items;
            }
        }
        return l;
    }

    /** Stores {@code body} as the run's neighbour lists of model {@code mf} and lists it in the run manifest. */
    private static void addLists(Path run, String body) throws Exception {
        Path f = RunWriter.itemNeighborsFile(run, "mf");
        Files.createDirectories(f.getParent());
        Files.writeString(f, body);
        FileEntry fe = AtomicFiles.entry(run, f);
        Path mf = run.resolve("manifest.textproto");
        Files.writeString(mf, Files.readString(mf) + "file {\n" + TextFormat.printer().printToString(fe) + "}\n");
    }

    private static int items(Path run) throws Exception {
        return (int) ServingArtifacts.open(run.resolve("serving").resolve("mf"), false).manifest().getItems();
    }

    @Test
    void indexUsesTheModelsListsAndRecordsIt() throws Exception {
        Path run = TrainedRun.copy(tmp.resolve("run"));
        int n = items(run);
        assertThat(ServingArtifacts.open(run.resolve("serving").resolve("mf"), true).manifest().getItemNeighbors())
                .isEqualTo(ServingArtifacts.ITEM_NEIGHBORS_KNN);
        int[][] want = lists(n, 8);
        Path staged = tmp.resolve("lists.txt");
        ItemNeighborsFile.write(staged, want);
        addLists(run, Files.readString(staged));
        CliTest.Run idx = CliTest.run("index", "--quiet", "--run", run.toString(), "--m1", "5", "--m3", "5");
        assertThat(idx.code()).as(idx.err()).isZero();
        ServingArtifacts a = ServingArtifacts.open(run.resolve("serving").resolve("mf"), true);
        assertThat(a.manifest().getItemNeighbors()).isEqualTo(ServingArtifacts.ITEM_NEIGHBORS_MODEL);
        NeighborTables t = TableFiles.open(a.tablesDir(), Long.MAX_VALUE, true);
        TableReader ii = t.itemItem();
        assertThat(ii.rows()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            int c = ii.count(i);
            int[] got = new int[c];
            for (int j = 0; j < c; j++) {
                got[j] = ii.id(i, j);
                assertThat(ii.score(i, j)).isEqualTo(1f / (1 + j));
            }
            assertThat(got).as("item %d", i).containsExactly(java.util.Arrays.copyOf(want[i], Math.min(5, want[i].length)));
        }
    }

    @Test
    void anOutOfRangeItemIdIsRefused() throws Exception {
        Path run = TrainedRun.copy(tmp.resolve("run"));
        int n = items(run);
        StringBuilder sb = new StringBuilder("# item-neighbors items=" + n + "\n");
        for (int i = 0; i < n; i++) {
            sb.append(i == 3 ? "1 " + (n + 4) : "").append('\n');
        }
        addLists(run, sb.toString());
        CliTest.Run idx = CliTest.run("index", "--quiet", "--run", run.toString(), "--m1", "5", "--m3", "5");
        assertThat(idx.code()).isNotZero();
        assertThat(idx.err()).contains("mf.txt:5:").contains("neighbour id " + (n + 4) + " out of range [0, " + n + ")");
    }
}
