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
    private final long settleMillis;

    /** @param explicitFiles the inputs given as files, by their {@link Path#toString()} */
    public CaptureFileFilter(Set<String> explicitFiles) {
        this(explicitFiles, 0);
    }

    /**
     * A filter for directories under watch: files modified less than {@code settleMillis} ago are passed over (a
     * capture tool may still be writing them) and come up again at a later scan.
     */
    public CaptureFileFilter(Set<String> explicitFiles, long settleMillis) {
        this.explicitFiles = new HashSet<>(explicitFiles);
        this.settleMillis = settleMillis;
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
        if (isCaptureName(name)) {
            return settleMillis == 0 || settled(path);
        }
        return isDirectory(path);
    }

    private boolean settled(Path path) {
        try {
            long modified = path.getFileSystem().getFileStatus(path).getModificationTime();
            return System.currentTimeMillis() - modified >= settleMillis;
        } catch (java.io.IOException e) {
            return false;
        }
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
