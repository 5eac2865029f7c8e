package com.intellipost.migrator.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds every {@code .sql} file, recursively, under {@code classpath:} and {@code filesystem:} locations
 * (a location without a prefix is a filesystem path).
 */
public final class ScriptScanner {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptScanner.class);
    private static final String CLASSPATH = "classpath:";
    private static final String FILESYSTEM = "filesystem:";

    private final ClassLoader classLoader;

    public ScriptScanner(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** The sources under all locations, in a stable order (location order, then path). */
    public List<ScriptSource> scan(List<String> locations) {
        List<ScriptSource> sources = new ArrayList<>();
        for (String location : locations) {
            if (location.startsWith(CLASSPATH)) {
                scanClasspath(trimSlashes(location.substring(CLASSPATH.length())), sources);
            } else {
                String path = location.startsWith(FILESYSTEM) ? location.substring(FILESYSTEM.length()) : location;
                scanDirectory(Paths.get(path), path.endsWith("/") ? path.substring(0, path.length() - 1) : path, sources);
            }
        }
        return sources;
    }

    /** The directory a new revision file goes to: the first filesystem location. */
    public static Path writableDirectory(List<String> locations) {
        for (String location : locations) {
            if (!location.startsWith(CLASSPATH)) {
                return Paths.get(location.startsWith(FILESYSTEM) ? location.substring(FILESYSTEM.length()) : location);
            }
        }
        throw new ScriptLoadException("No filesystem location to write a revision to (locations: " + locations
                + "); add one, e.g. intellipost.locations=filesystem:src/main/resources/db/migrations");
    }

    private void scanClasspath(String path, List<ScriptSource> sources) {
        try {
            Enumeration<URL> roots = classLoader.getResources(path);
            boolean found = false;
            while (roots.hasMoreElements()) {
                found = true;
                URL root = roots.nextElement();
                if ("file".equals(root.getProtocol())) {
                    scanDirectory(Paths.get(root.toURI()), path, sources);
                } else if ("jar".equals(root.getProtocol())) {
                    scanJar(root, path, sources);
                } else {
                    LOG.warn("Skipping classpath location {} with unsupported protocol {}", root, root.getProtocol());
                }
            }
            if (!found) {
                LOG.warn("Location classpath:{} does not exist; no scripts there", path);
            }
        } catch (IOException | URISyntaxException e) {
            throw new ScriptLoadException("Cannot scan classpath:" + path + ": " + e.getMessage());
        }
    }

    private void scanJar(URL root, String path, List<ScriptSource> sources) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        List<String> names = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            String prefix = path + "/";
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(prefix) && entry.getName().endsWith(".sql")) {
                    names.add(entry.getName());
                }
            }
        }
        names.sort(null);
        for (String name : names) {
            URL url = classLoader.getResource(name);
            if (url != null) {
                sources.add(ScriptSource.resource(url, name));
            }
        }
    }

    private static void scanDirectory(Path dir, String displayRoot, List<ScriptSource> sources) {
        if (!Files.isDirectory(dir)) {
            LOG.warn("Location {} does not exist; no scripts there", dir);
            return;
        }
        List<String> relative = new ArrayList<>();
        try {
            collect(dir, "", relative);
        } catch (IOException | UncheckedIOException e) {
            throw new ScriptLoadException("Cannot scan " + dir + ": " + e.getMessage());
        }
        relative.sort(null);
        for (String name : relative) {
            sources.add(ScriptSource.file(dir.resolve(name), displayRoot + "/" + name));
        }
    }

    /**
     * Lists {@code .sql} files under {@code dir} by name, recursively. Only entries whose name does not end in
     * {@code .sql} are checked for being directories: a location with thousands of scripts costs one listing,
     * not one {@code stat} per script.
     */
    private static void collect(Path dir, String prefix, List<String> out) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(".sql")) {
                    out.add(prefix + name);
                } else if (Files.isDirectory(entry)) {
                    collect(entry, prefix + name + "/", out);
                }
            }
        }
    }

    private static String trimSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
