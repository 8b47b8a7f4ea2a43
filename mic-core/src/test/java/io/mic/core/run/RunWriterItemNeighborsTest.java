package io.mic.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.config.proto.FileEntry;
import io.mic.core.config.proto.RunManifest;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.ItemNeighborsFile;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.MetricsSink;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's own item neighbour lists go into the run directory, checksummed, and read back unchanged. */
class RunWriterItemNeighborsTest {
    @TempDir
    Path tmp;

    @Test
    void listsRoundTripThroughTheRunDirectory() throws Exception {
        LoadedConfig lc = RunConfigLoader.parse("name: \"nb\"\nseed: 5\ndataset { format: SYNTHETIC synthetic { users: 60 items: 30 } }\n"
                + "protocol: LEAVE_ONE_OUT\nmodel { label: \"a\" plugin: \"pop\" }\nmodel { label: \"b\" plugin: \"pop\" }\n"
                + "evaluation { k: 10 metric: \"recall\" }\n", "run.textproto", Path.of("."));
        Experiment.Result r = new Experiment(lc, PluginRegistry.discover(), Progress.NOOP, MetricsSink.NOOP).run(null);
        int users = r.split().dataset().numUsers();
        int items = r.split().dataset().numItems();
        int[][] lists = new int[items][];
        for (int i = 0; i < items; i++) {
            lists[i] = i % 3 == 0 ? new int[0] : new int[] {(i + 1) % items, (i + 2) % items};
        }
        List<Experiment.ModelResult> ms = new ArrayList<>();
        for (Experiment.ModelResult m : r.models()) {
            ms.add(new Experiment.ModelResult(m.label(), m.plugin(), m.valid(), m.test(), 0, 0, Vectors.of(new float[users * 2], 2),
                    Vectors.of(new float[items * 2], 2), null, List.of(), null, null, m.label().equals("a") ? lists : null));
        }
        Path run = RunWriter.write(tmp, lc, new Experiment.Result(r.name(), r.seed(), r.raw(), r.filtered(), r.split(), ms));
        Path fa = RunWriter.itemNeighborsFile(run, "a");
        assertThat(fa).isRegularFile();
        assertThat(RunWriter.itemNeighborsFile(run, "b")).doesNotExist();
        assertThat(ItemNeighborsFile.read(fa, items)).isDeepEqualTo(lists);
        RunManifest.Builder mb = RunManifest.newBuilder();
        TextFormat.merge(Files.readString(run.resolve("manifest.textproto")), mb);
        assertThat(mb.getFileList()).extracting(FileEntry::getPath).contains("neighbors/a.txt");
        AtomicFiles.verify(run, mb.getFileList());
    }
}
