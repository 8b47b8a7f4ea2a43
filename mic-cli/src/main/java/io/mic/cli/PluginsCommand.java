package io.mic.cli;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.PluginContext;
import io.mic.spi.PluginFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists every discovered plugin per extension point, with version and origin. */
@Command(name = "plugins", description = "List discovered plugins per extension point (built-ins and jars in ./plugins or --plugin-path).")
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--origin", description = "Also print the jar or directory each plugin was loaded from.")
    boolean origin;

    @Override
    public Integer call() throws Exception {
        common.apply();
        PluginRegistry r = common.registry();
        System.out.println("SPI version " + PluginContext.SPI_VERSION);
        for (PluginKind<?> kind : PluginKind.all()) {
            print(r, kind);
        }
        return 0;
    }

    private <F extends PluginFactory<?, ?>> void print(PluginRegistry r, PluginKind<F> kind) {
        Map<String, F> fs = r.factories(kind);
        System.out.printf("%s (%s):%n", kind.label(), kind.factoryType().getSimpleName());
        if (fs.isEmpty()) {
            System.out.println("  (none)");
        }
        for (F f : fs.values()) {
            System.out.printf("  %-20s v%-3d %s%s%n", f.name(), f.version(), f.description(),
                    origin ? "  [" + shortOrigin(PluginRegistry.originOf(f)) + "]" : "");
        }
    }

    private static String shortOrigin(String url) {
        try {
            return Path.of(java.net.URI.create(url)).getFileName().toString();
        } catch (RuntimeException e) {
            return url;
        }
    }
}
