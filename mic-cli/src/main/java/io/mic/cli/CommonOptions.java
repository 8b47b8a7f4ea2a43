package io.mic.cli;

import ch.qos.logback.classic.Level;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.google.inject.multibindings.OptionalBinder;
import io.mic.core.registry.PluginJars;
import io.mic.core.registry.PluginModule;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options every command shares: quiet mode and where third-party plugin jars live. */
final class CommonOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress bars, warnings only on stderr.")
    boolean quiet;

    @Option(names = "--plugin-path", paramLabel = "DIR", description = "Directory of plugin jars (default: ./plugins when it exists).")
    Path pluginPath;

    /** Applies logging level; call first. */
    void apply() {
        if (quiet) {
            var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.WARN);
        }
    }

    Progress progress() {
        return !quiet && ConsoleProgress.interactive() ? new ConsoleProgress() : Progress.NOOP;
    }

    /**
     * The composition root: discovers built-in plugins plus jars from the plugin directory once,
     * and wires them with Guice in production stage (eager singletons, errors at start-up).
     */
    Injector injector() throws IOException {
        Progress progress = progress();
        return Guice.createInjector(Stage.PRODUCTION, new PluginModule(discover()), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), Progress.class).setBinding().toInstance(progress);
            }
        });
    }

    /** The registry as wired by {@link #injector()}. */
    PluginRegistry registry() throws IOException {
        return injector().getInstance(PluginRegistry.class);
    }

    private PluginRegistry discover() throws IOException {
        Path dir = pluginPath != null ? pluginPath : Path.of("plugins");
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        if (pluginPath != null && !Files.isDirectory(pluginPath)) {
            throw new IllegalArgumentException("--plugin-path " + pluginPath + " is not a directory");
        }
        if (!Files.isDirectory(dir)) {
            return PluginRegistry.builder().discover(parent).build();
        }
        // each plugin (a jar, or a sub-directory of jars) in its own class loader that sees only the JDK and the SPI
        PluginRegistry.Builder b = PluginRegistry.builder().discover(parent);
        for (PluginJars.Plugin p : PluginJars.load(dir, parent)) {
            b.discover(p.loader());
        }
        return b.build();
    }
}
