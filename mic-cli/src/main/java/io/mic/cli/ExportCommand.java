package io.mic.cli;

import io.mic.core.io.EmbeddingExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Copies a run's model vectors out as a standalone embedding export (docs/export.md), checking
 * every checksum on the way: what a host or another tool (numpy) reads without the run directory.
 */
@Command(name = "export", description = "Write a run's model vectors as a standalone embedding export (users, items; docs/export.md).")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    RunModelOptions target;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to create (must not exist unless --replace).")
    Path out;

    @Option(names = "--replace", description = "Replace an existing --out directory.")
    boolean replace;

    @Option(names = "--saved-model", description = "Not available from a finished run: use `mic train --saved-model DIR`.")
    boolean savedModel;

    @Override
    public Integer call() throws Exception {
        common.apply();
        if (savedModel) {
            throw new IllegalArgumentException("--saved-model: a SavedModel is built from the live training graph and a finished run "
                    + "keeps only its vectors: export it at training time with `mic train -c CONFIG --saved-model DIR` (docs/export.md)");
        }
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is an existing file; it must name a directory to create");
        }
        if (java.nio.file.Files.isDirectory(out) && !replace) {
            throw new IllegalArgumentException("--out " + out + " already exists; pass --replace to overwrite it");
        }
        RunModelOptions.Target t = target.open();
        RunDirectory rd = t.run();
        String label = t.label();
        EmbeddingExport in = EmbeddingExport.open(rd.vectorsDir(label), true);
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(out, in.manifest().getModelName(), in.manifest().getModelVersion())
                .replaceExisting(replace)) {
            for (String set : in.names()) {
                w.add(set, in.vectors(set), in.ids(set));
            }
            w.commit();
        }
        EmbeddingExport done = EmbeddingExport.open(out, true);
        for (String set : done.names()) {
            var s = done.set(set);
            System.out.printf("%s: %d x %d (dim %d)%n", set, s.getEntities(), s.getInterests(), s.getDim());
        }
        System.out.println("embedding export of " + label + ": " + out);
        return 0;
    }
}
