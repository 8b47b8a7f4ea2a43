package io.mic.cli;

import io.mic.core.config.LoadedConfig;
import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.DatasetStats;
import io.mic.core.data.FieldData;
import io.mic.core.run.DatasetSource;
import io.mic.core.run.Experiment;
import io.mic.core.run.Protocols;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Loads the config's dataset and prints its statistics, fields, and the protocol's split sizes. */
@Command(name = "inspect-data", description = "Load a config's dataset and print statistics, fields and split sizes.")
final class InspectDataCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Run config (.textproto).")
    Path config;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset directory, overriding dataset.path.")
    Path data;

    @Override
    public Integer call() throws Exception {
        common.apply();
        LoadedConfig lc = ExperimentCommand.load(config);
        long seed = lc.config().hasSeed() ? lc.config().getSeed() : Experiment.DEFAULT_SEED;
        long t0 = System.nanoTime();
        DatasetSource.Report report = DatasetSource.loadReport(lc, seed, data);
        Dataset ds = report.dataset();
        double loadMs = (System.nanoTime() - t0) / 1e6;
        PrintStream out = System.out;
        out.printf("%s (loaded in %.0f ms)%n", DatasetStats.of(ds), loadMs);
        out.printf("%d duplicate (user, item) rows%s%n", report.duplicates(), report.duplicates() == 0 ? ""
                : report.dropped() > 0 ? " removed (dataset.duplicates: the latest of each pair kept)" : " kept (dataset.duplicates)");
        out.printf("ratings: %s, timestamps: %s, given split: %s%n", ds.hasRatings() ? "yes" : "no (implicit)",
                ds.hasTimestamps() ? "yes" : "no", ds.hasGivenSplit() ? "yes" : "no");
        fields(out, "user", ds.userFields());
        fields(out, "item", ds.itemFields());
        DataSplit split = Protocols.split(lc, ds, seed);
        out.printf("protocol %s: %s%n", split.protocol(), DatasetStats.of(split.dataset()));
        out.printf("split: train %d, valid %d (%d users), test %d (%d users)%n", split.train().nnz(), split.valid().nnz(),
                split.valid().activeUsers(), split.test().nnz(), split.test().activeUsers());
        return 0;
    }

    private static void fields(PrintStream out, String what, List<FieldData> fields) {
        if (fields.isEmpty()) {
            out.printf("%s fields: (none)%n", what);
            return;
        }
        out.printf("%s fields:%n", what);
        for (FieldData f : fields) {
            var spec = f.spec();
            String size = switch (f.kind()) {
                case CATEGORICAL, MULTI_CATEGORICAL -> spec.cardinality() + " values";
                case DENSE -> "dim " + spec.dim();
                case TEXT -> "text";
            };
            out.printf("  %-14s %-18s %s%n", f.name(), f.kind(), size);
        }
    }
}
