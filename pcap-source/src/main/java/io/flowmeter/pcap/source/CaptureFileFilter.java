package io.flowmeter.pcap.source;

import org.apache.flink.core.fs.Path;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which files of an input directory are captures: names ending in {@code .pcap}, {@code .pcapng}, {@code .cap}
 * or {@code .dmp}, optionally followed by a rotation number ({@code trace.pcap3}, as {@code tcpdump -C} writes)
 * and by {@code .gz}. Hidden files are skipped. A file named explicitly as an input is always read, whatever its
 * name, so that a mistaken input is reported rather than silently ignored.
 */
public final class CaptureFileFilter implements Predicate<Path>, java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final Pattern CAPTURE_NAME =
            Pattern.compile(".*\\.(pcap|pcapng|cap|dmp)[0-9]*(\\.gz|\\.gzip)?", Pattern.CASE_INSENSITIVE);

    private final Set<String> explicitFiles;

    /** @param explicitFiles the inputs given as files, by their {@link Path#toString()} */
    public CaptureFileFilter(Set<String> explicitFiles) {
        this.explicitFiles = new HashSet<>(explicitFiles);
    }

    @Override
    public boolean test(Path path) {
        if (explicitFiles.contains(path.toString())) {
            return true;
        }
        String name = path.getName();
        if (name.startsWith(".") || name.startsWith("_")) {
            return false;
        }
        // Directories have to pass too: the enumerator asks before it descends.
        return isCaptureName(name) || isDirectory(path);
    }

    /** Whether a file name looks like a capture. */
    public static boolean isCaptureName(String name) {
        return CAPTURE_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    private static boolean isDirectory(Path path) {
        try {
            return path.getFileSystem().getFileStatus(path).isDir();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
