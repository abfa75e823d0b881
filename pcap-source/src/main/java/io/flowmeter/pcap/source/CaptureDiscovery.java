package io.flowmeter.pcap.source;

import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which files of the inputs are captures, decided in one place for the sources, the progress count, training and
 * replay. In a directory (read recursively): names ending in {@code .pcap}, {@code .pcapng}, {@code .cap} or
 * {@code .dmp}, optionally followed by a rotation number ({@code trace.pcap3}, as {@code tcpdump -C} writes) and by
 * {@code .gz}; files and directories whose names start with {@code .} or {@code _} are skipped (hidden files, and
 * the in-progress files of tools and of Flink's own file sinks). An input named directly is always read, whatever
 * its name, so that a mistaken input is reported rather than silently ignored.
 *
 * <p>As a {@link Predicate} it is the file filter of the Flink sources' enumerators; {@link #captures} lists the
 * same files of local inputs before a job starts.
 */
public final class CaptureDiscovery implements Predicate<Path>, Serializable {

    private static final long serialVersionUID = 1L;

    private static final Pattern CAPTURE_NAME =
            Pattern.compile(".*\\.(pcap|pcapng|cap|dmp)[0-9]*(\\.gz|\\.gzip)?", Pattern.CASE_INSENSITIVE);

    private final Set<String> namedInputs;
    private final long settleMillis;

    /** @param namedInputs the inputs as given (files and directories), by their {@link Path#toString()} */
    public CaptureDiscovery(Set<String> namedInputs) {
        this(namedInputs, 0);
    }

    /**
     * For directories under watch: files modified less than {@code settleMillis} ago are passed over (a capture tool
     * may still be writing them) and come up again at a later scan.
     */
    public CaptureDiscovery(Set<String> namedInputs, long settleMillis) {
        this.namedInputs = new HashSet<>();
        namedInputs.forEach(input -> this.namedInputs.add(withoutTrailingSlash(input)));
        this.settleMillis = settleMillis;
    }

    /** A directory's URI ends in a slash; the enumerator's status of it does not. */
    private static String withoutTrailingSlash(String path) {
        return path.endsWith("/") && !path.endsWith(":/") && path.length() > 1
                ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public boolean test(Path path) {
        if (namedInputs.contains(path.toString())) {
            return true;
        }
        String name = path.getName();
        if (isSkipped(name)) {
            return false;
        }
        // Directories have to pass too: the enumerator asks before it descends.
        if (isCaptureName(name)) {
            return settleMillis == 0 || settled(path);
        }
        return isDirectory(path);
    }

    /** Whether a file name looks like a capture. */
    public static boolean isCaptureName(String name) {
        return CAPTURE_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** Hidden files and directories, and those of tools writing them ({@code _temporary}, {@code _SUCCESS}). */
    static boolean isSkipped(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    /**
     * The capture files of local {@code inputs}, as the sources read them: a file input itself, and the captures
     * under a directory input in path order.
     *
     * @throws UncheckedIOException when a directory cannot be listed
     */
    public static List<java.nio.file.Path> captures(List<java.nio.file.Path> inputs) {
        List<java.nio.file.Path> files = new ArrayList<>();
        for (java.nio.file.Path input : inputs) {
            if (Files.isDirectory(input)) {
                files.addAll(capturesUnder(input));
            } else {
                files.add(input);
            }
        }
        return files;
    }

    private static List<java.nio.file.Path> capturesUnder(java.nio.file.Path directory) {
        List<java.nio.file.Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<java.nio.file.Path>() {
                @Override
                public FileVisitResult preVisitDirectory(java.nio.file.Path dir, BasicFileAttributes attributes) {
                    return dir.equals(directory) || !isSkipped(dir.getFileName().toString())
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    if (attributes.isRegularFile() && !isSkipped(name) && isCaptureName(name)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Collections.sort(files);
        return files;
    }

    private boolean settled(Path path) {
        try {
            long modified = path.getFileSystem().getFileStatus(path).getModificationTime();
            return System.currentTimeMillis() - modified >= settleMillis;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isDirectory(Path path) {
        try {
            return path.getFileSystem().getFileStatus(path).isDir();
        } catch (IOException e) {
            return false;
        }
    }
}
