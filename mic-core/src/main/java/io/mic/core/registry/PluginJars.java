package io.mic.core.registry;

import io.mic.spi.PluginContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Loads third-party plugins from a plugin directory, each in its own class loader (as Trino and
 * Elasticsearch do), so two plugins' dependencies cannot clash:
 * <ul>
 *   <li>every {@code *.jar} directly in the directory is one plugin;</li>
 *   <li>every sub-directory is one plugin made of all the jars in it (the plugin and its own libraries);</li>
 *   <li>each plugin's loader is child-first, and its parent exposes only the JDK and the SPI
 *       ({@code java.*}, {@code javax.*}, {@code jdk.*}, {@code io.mic.spi.*}, plus the slf4j API), never the
 *       engine or the host's libraries;</li>
 *   <li>each plugin carries a descriptor, {@value #DESCRIPTOR} ({@code name}, {@code version},
 *       {@code spi-version}), checked at load: a missing file or field, an SPI version older than
 *       {@link #OLDEST_SPI_VERSION} (built against the pre-{@code io.mic.spi} package) or newer than the host's
 *       {@link PluginContext#SPI_VERSION} (it may call methods this host lacks) is an error naming the jar and the
 *       field. Versions in between load: the SPI grows only by additions with defaults.</li>
 * </ul>
 */
public final class PluginJars {
    /** The plugin descriptor every plugin jar carries. */
    public static final String DESCRIPTOR = "META-INF/mic-plugin.properties";

    /** The oldest SPI version a plugin may be built against: 2, when the SPI became {@code io.mic.spi} (module mic-spi). */
    public static final int OLDEST_SPI_VERSION = 2;

    private PluginJars() {
    }

    /** One loaded plugin: its descriptor fields and its class loader. */
    public record Plugin(String name, String version, int spiVersion, Path source, ClassLoader loader) {
    }

    /**
     * A class loader per plugin of {@code dir} (sorted by file name), each checked against its descriptor.
     *
     * @throws IllegalArgumentException naming the jar (and the field) that is unreadable or has a bad descriptor
     */
    public static List<Plugin> load(Path dir, ClassLoader host) throws IOException {
        List<Plugin> out = new ArrayList<>();
        List<Path> entries;
        try (var files = Files.list(dir)) {
            entries = files.sorted().toList();
        }
        for (Path p : entries) {
            if (Files.isDirectory(p)) {
                List<Path> jars;
                try (var files = Files.list(p)) {
                    jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
                }
                if (!jars.isEmpty()) {
                    out.add(plugin(p, jars, host));
                }
            } else if (p.toString().endsWith(".jar")) {
                out.add(plugin(p, List.of(p), host));
            }
        }
        return out;
    }

    private static Plugin plugin(Path source, List<Path> jars, ClassLoader host) {
        Properties descriptor = null;
        Path descriptorJar = null;
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("plugin path: " + jar + " is not a file (a directory named .jar?)");
            }
            try (JarFile j = new JarFile(jar.toFile())) {
                ZipEntry e = j.getEntry(DESCRIPTOR);
                if (e != null) {
                    if (descriptor != null) {
                        throw new IllegalArgumentException("plugin " + source + ": both " + descriptorJar + " and " + jar + " carry "
                                + DESCRIPTOR + "; a plugin has one");
                    }
                    descriptor = new Properties();
                    descriptorJar = jar;
                    try (InputStream in = j.getInputStream(e)) {
                        descriptor.load(in);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("plugin path: " + jar + " is not a readable jar (" + e.getMessage() + "); remove or replace it");
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad plugin jar path " + jar, e);
            }
        }
        if (descriptor == null) {
            throw new IllegalArgumentException("plugin " + source + " has no " + DESCRIPTOR + " (name, version, spi-version): "
                    + "add it to the plugin jar (docs/plugin-guide.md, 'The plugin descriptor')");
        }
        String name = field(descriptor, descriptorJar, "name");
        String version = field(descriptor, descriptorJar, "version");
        String spi = field(descriptor, descriptorJar, "spi-version");
        int spiVersion;
        try {
            spiVersion = Integer.parseInt(spi.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(descriptorJar + ": " + DESCRIPTOR + ": spi-version '" + spi + "' is not an integer");
        }
        if (spiVersion < OLDEST_SPI_VERSION) {
            throw new IllegalArgumentException(descriptorJar + ": " + DESCRIPTOR + ": spi-version " + spiVersion + " (plugin '" + name
                    + "' " + version + ") predates this host's SPI (versions " + OLDEST_SPI_VERSION + " to " + PluginContext.SPI_VERSION
                    + "); rebuild the plugin against mic-spi of this release");
        }
        if (spiVersion > PluginContext.SPI_VERSION) {
            throw new IllegalArgumentException(descriptorJar + ": " + DESCRIPTOR + ": spi-version " + spiVersion + " (plugin '" + name
                    + "' " + version + ") is newer than this host's SPI version " + PluginContext.SPI_VERSION
                    + "; run it on a MIC release with SPI version " + spiVersion + " or later");
        }
        return new Plugin(name, version, spiVersion, source, new IsolatingLoader(urls.toArray(new URL[0]), host, name));
    }

    private static String field(Properties p, Path jar, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(jar + ": " + DESCRIPTOR + " has no '" + key + "' (needs name, version, spi-version)");
        }
        return v.trim();
    }

    /** Whether {@code className} comes from the host: the JDK, the SPI and the logging API. */
    static boolean shared(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("io.mic.spi.") || className.startsWith("org.slf4j.");
    }

    /** Child-first; the host is consulted only for {@link #shared} classes and for resources under them. */
    private static final class IsolatingLoader extends URLClassLoader {
        private final ClassLoader host;

        IsolatingLoader(URL[] urls, ClassLoader host, String plugin) {
            super("mic-plugin-" + plugin, urls, ClassLoader.getPlatformClassLoader());
            this.host = host;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    if (shared(name)) {
                        try {
                            c = host.loadClass(name);
                        } catch (ClassNotFoundException e) {
                            c = findClass(name);
                        }
                    } else {
                        try {
                            c = findClass(name);
                        } catch (ClassNotFoundException e) {
                            c = super.loadClass(name, false); // the platform loader (JDK modules outside java.*)
                        }
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL u = findResource(name);
            return u != null ? u : (shared(name.replace('/', '.')) ? host.getResource(name) : null);
        }

        /** Only the plugin's own resources: its META-INF/services files, never the host's (no duplicate built-ins). */
        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Enumeration<URL> own = findResources(name);
            return own == null ? Collections.emptyEnumeration() : own;
        }
    }
}
