package io.mic.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.spi.PluginContext;
import io.mic.spi.RerankerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two plugin jars built here bundle two different versions of the same helper class
 * ({@code com.acme.Helper}); each plugin must see its own, and neither may see the engine.
 */
class PluginJarsTest {
    @TempDir
    Path tmp;

    /** A jar with a reranker factory {@code name} whose description is the bundled Helper's version. */
    private Path pluginJar(Path dir, String name, String helperVersion, String descriptor) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + name));
        Path classes = Files.createDirectories(tmp.resolve("classes-" + name));
        String pkg = "com.acme." + name.replace("-", "");
        Path helper = Files.createDirectories(src.resolve("com/acme")).resolve("Helper.java");
        Files.writeString(helper, "package com.acme; public final class Helper { public static String version() { return \""
                + helperVersion + "\"; } }");
        Path factory = Files.createDirectories(src.resolve(pkg.replace('.', '/'))).resolve("Factory.java");
        Files.writeString(factory, "package " + pkg + ";\n"
                + "public final class Factory implements io.mic.spi.RerankerFactory {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"helper \" + com.acme.Helper.version(); }\n"
                + "  public io.mic.spi.Reranker create(io.mic.spi.PluginConfig c, io.mic.spi.RerankerContext x) {\n"
                + "    return (q, in, out) -> out.clear();\n  }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String spi = Path.of(RerankerFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-classpath", spi, helper.toString(), factory.toString());
        assertThat(rc).as("javac").isZero();
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
            put(out, "META-INF/services/" + RerankerFactory.class.getName(), (pkg + ".Factory\n").getBytes(StandardCharsets.UTF_8));
            if (descriptor != null) {
                put(out, PluginJars.DESCRIPTOR, descriptor.getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static void put(OutputStream jar, String name, byte[] bytes) throws IOException {
        JarOutputStream j = (JarOutputStream) jar;
        j.putNextEntry(new JarEntry(name));
        j.write(bytes);
        j.closeEntry();
    }

    private static String descriptor(String name) {
        return "name=" + name + "\nversion=1.0\nspi-version=" + PluginContext.SPI_VERSION + "\n";
    }

    @Test
    void twoPluginsBundlingTwoVersionsOfOneClassEachSeeTheirOwn() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plugins"));
        pluginJar(dir, "boost-a", "1.0", descriptor("boost-a"));
        // a plugin directory: the plugin jar and (here, in it) its own library
        pluginJar(Files.createDirectories(dir.resolve("boost-b")), "boost-b", "2.0", descriptor("boost-b"));

        ClassLoader host = getClass().getClassLoader();
        List<PluginJars.Plugin> plugins = PluginJars.load(dir, host);
        assertThat(plugins).extracting(PluginJars.Plugin::name).containsExactly("boost-a", "boost-b");
        PluginRegistry.Builder b = PluginRegistry.builder().discover(host);
        for (PluginJars.Plugin p : plugins) {
            b.discover(p.loader());
        }
        PluginRegistry registry = b.build();
        Map<String, RerankerFactory> rerankers = registry.factories(PluginKind.RERANKER);
        assertThat(rerankers.get("boost-a").description()).isEqualTo("helper 1.0");
        assertThat(rerankers.get("boost-b").description()).isEqualTo("helper 2.0");
        // the SPI is shared with the host (so the factories are RerankerFactory at all); the engine is not visible
        Class<?> a = plugins.get(0).loader().loadClass("com.acme.Helper");
        Class<?> bHelper = plugins.get(1).loader().loadClass("com.acme.Helper");
        assertThat(a).isNotSameAs(bHelper);
        assertThat(plugins.get(0).loader().loadClass(RerankerFactory.class.getName())).isSameAs(RerankerFactory.class);
        assertThatThrownBy(() -> plugins.get(0).loader().loadClass(PluginRegistry.class.getName()))
                .isInstanceOf(ClassNotFoundException.class);
        // each built-in once: the plugin loaders do not hand the host's services files out again
        List<String> names = new ArrayList<>(registry.names(PluginKind.RERANKER));
        assertThat(names).doesNotHaveDuplicates().contains("boost-a", "boost-b");
    }

    @Test
    void theDescriptorIsCheckedNamingTheJarAndTheField() throws Exception {
        Path none = Files.createDirectories(tmp.resolve("none"));
        pluginJar(none, "no-descriptor", "1", null);
        assertThatThrownBy(() -> PluginJars.load(none, getClass().getClassLoader()))
                .hasMessageContaining("no-descriptor.jar").hasMessageContaining(PluginJars.DESCRIPTOR);

        Path old = Files.createDirectories(tmp.resolve("old"));
        pluginJar(old, "old-spi", "1", "name=old-spi\nversion=0.9\nspi-version=1\n");
        assertThatThrownBy(() -> PluginJars.load(old, getClass().getClassLoader()))
                .hasMessageContaining("old-spi.jar").hasMessageContaining("spi-version 1").hasMessageContaining("rebuild");

        Path noName = Files.createDirectories(tmp.resolve("noname"));
        pluginJar(noName, "anon", "1", "version=1\nspi-version=" + PluginContext.SPI_VERSION + "\n");
        assertThatThrownBy(() -> PluginJars.load(noName, getClass().getClassLoader()))
                .hasMessageContaining("anon.jar").hasMessageContaining("'name'");

        Path newer = Files.createDirectories(tmp.resolve("newer"));
        pluginJar(newer, "future", "1", "name=future\nversion=9\nspi-version=" + (PluginContext.SPI_VERSION + 1) + "\n");
        assertThatThrownBy(() -> PluginJars.load(newer, getClass().getClassLoader()))
                .hasMessageContaining("future.jar").hasMessageContaining("spi-version " + (PluginContext.SPI_VERSION + 1))
                .hasMessageContaining("newer than this host's SPI version " + PluginContext.SPI_VERSION);
    }

    @Test
    void aPluginBuiltAgainstAnOlderCompatibleSpiLoads() throws Exception {
        // the SPI grows by default methods only, so a jar built against the first io.mic.spi version runs on this host
        Path dir = Files.createDirectories(tmp.resolve("older"));
        pluginJar(dir, "older", "1", "name=older\nversion=1.0\nspi-version=" + PluginJars.OLDEST_SPI_VERSION + "\n");
        List<PluginJars.Plugin> plugins = PluginJars.load(dir, getClass().getClassLoader());
        assertThat(plugins).extracting(PluginJars.Plugin::name).containsExactly("older");
        assertThat(plugins.get(0).spiVersion()).isEqualTo(PluginJars.OLDEST_SPI_VERSION).isLessThan(PluginContext.SPI_VERSION);
    }
}
