package com.intellipost.migrator.script;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.ScriptLocation;
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
 * (a location without a prefix is a filesystem path). A location that does not exist is a
 * {@link ConfigurationException}: a mistyped path must not read as "no scripts", which passes {@code check} and
 * lets {@code migrate} apply nothing. Only {@code new} may find its directory missing: it creates it.
 */
public final class ScriptScanner {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptScanner.class);
    private static final String SETTING = "locations";

    private final ClassLoader classLoader;

    public ScriptScanner(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** The sources under all locations, in a stable order (location order, then path); each must exist. */
    public List<ScriptSource> scan(List<String> locations) {
        return scan(locations, null);
    }

    /**
     * As {@link #scan}, for {@code new}: the directory the new revision goes to ({@link #writableDirectory}) may not
     * exist yet, for the first revision of a project; every other location must.
     */
    public List<ScriptSource> scanBeforeWriting(List<String> locations) {
        return scan(locations, writableDirectory(locations));
    }

    private List<ScriptSource> scan(List<String> locations, Path mayBeMissing) {
        List<ScriptSource> sources = new ArrayList<>();
        for (String entry : locations) {
            ScriptLocation location = ScriptLocation.parse(entry, SETTING);
            if (location.classpath()) {
                scanClasspath(location.path(), sources);
            } else {
                String path = location.path();
                Path dir = Paths.get(path);
                if (!Files.isDirectory(dir) && !dir.equals(mayBeMissing)) {
                    throw missing(location, dir);
                }
                scanDirectory(dir, path.endsWith("/") ? path.substring(0, path.length() - 1) : path, sources);
            }
        }
        return sources;
    }

    /** The directory a new revision file goes to: the first filesystem location. */
    public static Path writableDirectory(List<String> locations) {
        for (String entry : locations) {
            ScriptLocation location = ScriptLocation.parse(entry, SETTING);
            if (!location.classpath()) {
                return Paths.get(location.path());
            }
        }
        throw new ScriptLoadException("No filesystem location to write a revision to (locations: " + locations
                + "); add one, e.g. intellipost.locations=filesystem:src/main/resources/db/migrations");
    }

    private static ConfigurationException missing(ScriptLocation location, Path dir) {
        String where = dir.isAbsolute() ? "" : " (" + dir.toAbsolutePath().normalize() + ")";
        return new ConfigurationException("The location " + location.display() + where + " of the setting "
                + SETTING + (Files.exists(dir) ? " is not a directory" : " does not exist") + ": correct the path,"
                + " or create the directory (new creates it for a project's first revision)");
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
                throw new ConfigurationException("The location classpath:" + path + " of the setting " + SETTING
                        + " is on no classpath entry: correct the path (the scripts are packaged under it), or"
                        + " name the directory with filesystem:<path>");
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
            LOG.warn("Location {} does not exist; no scripts there", dir); // new's directory, created on writing
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
}
