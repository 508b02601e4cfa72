package io.deltad.signaling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The browser client and demo page, served from the classpath folder {@value #ROOT} (the build copies
 * {@code tools/client} there), so the appliance needs no web server beside it and the page always matches the
 * endpoint it talks to.
 *
 * <p>Only names that cannot climb out of the folder are looked up: path segments of letters, digits, {@code . _ -}
 * that do not start with a dot (so no {@code ..}, no hidden files), no percent-encoding at all (nothing served needs
 * it, and decoding is where {@code %2e%2e} traversal hides), and a known extension, which also picks the
 * {@code Content-Type}. Anything else is "not found", the same as a missing file.
 */
final class StaticFiles {
    /** Classpath folder of the files. */
    static final String ROOT = "io/deltad/signaling/web/";
    private static final int MAX_NAME_CHARS = 200;
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
        Map.entry("html", "text/html; charset=utf-8"),
        Map.entry("js", "text/javascript"),
        Map.entry("mjs", "text/javascript"),
        Map.entry("css", "text/css"),
        Map.entry("json", "application/json"),
        Map.entry("map", "application/json"),
        Map.entry("svg", "image/svg+xml"),
        Map.entry("png", "image/png"),
        Map.entry("ico", "image/x-icon"),
        Map.entry("txt", "text/plain; charset=utf-8"),
        Map.entry("wasm", "application/wasm"));

    private final ClassLoader loader;

    /** A file found: its bytes and type. */
    record File(byte[] body, String contentType) {
    }

    StaticFiles(final ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * @param name the path below the folder, still percent-encoded as it came in the request.
     * @return the file, or null when there is none (or the name is not one that is looked up).
     */
    File find(final String name) {
        if (name.length() > MAX_NAME_CHARS || !SAFE_PATH.matcher(name).matches()) {
            return null;
        }
        final int dot = name.lastIndexOf('.');
        final String contentType = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (contentType == null) {
            return null;
        }
        final URL url = loader.getResource(ROOT + name);
        if (url == null) {
            return null;
        }
        try {
            if (!isRegularFile(url)) {
                return null;
            }
            try (InputStream in = url.openStream()) {
                return new File(in.readAllBytes(), contentType);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot read " + url + ": " + ex.getMessage(), ex);
        }
    }

    /** A folder is a resource too (and reading one from a directory lists it): serve files only. */
    private static boolean isRegularFile(final URL url) throws IOException {
        if ("file".equals(url.getProtocol())) {
            try {
                return Files.isRegularFile(Path.of(url.toURI()));
            } catch (final URISyntaxException ex) {
                return false;
            }
        }
        final URLConnection connection = url.openConnection();
        return !(connection instanceof JarURLConnection jar) || !jar.getJarEntry().isDirectory();
    }
}
