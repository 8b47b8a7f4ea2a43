package io.mic.cli;

import io.mic.core.registry.PluginRegistry;
import io.mic.retrieval.proto.ServingManifest;
import io.mic.retrieval.serve.ServingArtifacts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The batch job: a run's model vectors → item index + neighbour and history tables. */
@Command(name = "index", description = "Build a model's serving artifacts (item index, similar users/items, histories) from a run's vectors.")
final class IndexCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    RunModelOptions target;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset path, when it moved since the run.")
    Path data;

    @Option(names = "--m1", defaultValue = "50", paramLabel = "M1", description = "Similar users kept per user (default 50).")
    int m1;

    @Option(names = "--m3", defaultValue = "50", paramLabel = "M3", description = "Similar items kept per item (default 50).")
    int m3;

    @Option(names = "--threads", paramLabel = "N", description = "Neighbour-search threads (default: CPUs).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        common.apply();
        RunModelOptions.Target t = target.open();
        RunDirectory rd = t.run();
        String label = t.label();
        PluginRegistry registry = common.registry();
        IndexJob.Loaded l = IndexJob.load(rd, registry, data);
        ServingArtifacts a = IndexJob.build(l, label, registry, m1, m3, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        print(a);
        return 0;
    }

    static void print(ServingArtifacts a) {
        ServingManifest m = a.manifest();
        System.out.printf("serving artifacts of %s (%s): %s%n", m.getModel(), m.getModelPlugin(), a.dir());
        System.out.printf("  %d users, %d items, dim %d; index %s; M1 %d similar users, M3 %d similar items, history up to %d items"
                + " (%s, %s)%n", m.getUsers(), m.getItems(), m.getDim(), m.getIndex(), m.getSimilarUsers(), m.getSimilarItems(),
                m.getHistory(), m.getHistorySource(), m.getHistoryOrder());
    }
}
