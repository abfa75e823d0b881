package io.flowmeter.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An image's JVMs on the real kernel, in a temporary folder: at each JVM home of the image, a copy of the running
 * JDK's {@code java} launcher ({@code HOME/bin/java}) next to a link to that JDK's libraries ({@code HOME/lib}), as
 * the image lays its capture JVM out, given the file capabilities the image gives that launcher ({@code setcap}).
 * A JVM is started as a pod's entry point starts it: by root, through {@code setpriv} with the pod's user, groups,
 * bounding set and {@code no_new_privs} ({@link PodProcess}), then a shell that execs the JVM, as Flink's scripts
 * do. When the image adds directories to the loader's configuration, the JVM runs in a private mount namespace
 * whose {@code /etc/ld.so.cache} also holds them, as the image's {@code ldconfig} makes it: a launcher with file
 * capabilities runs in secure-execution mode, where the loader ignores the launcher's own library path
 * ({@code $ORIGIN/../lib}).
 */
final class JvmSandbox {

    private static final Path RUNNING_JDK = Path.of(System.getProperty("java.home"));
    private static final long TIMEOUT_SECONDS = 120;

    private final Path root;
    private final Path loaderCache;

    private JvmSandbox(Path root, Path loaderCache) {
        this.root = root;
        this.loaderCache = loaderCache;
    }

    /** Lays {@code image}'s JVMs out under {@code dir}, which every user may enter. */
    static JvmSandbox of(JobImage image, Path dir) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        JvmSandbox sandbox = new JvmSandbox(dir, image.loaderDirectories.isEmpty() ? null : dir.resolve("ld.so.cache"));
        for (String home : image.jvmHomes()) {
            sandbox.layOut(home, image.launcherCapabilities(home).orElse(null));
        }
        if (sandbox.loaderCache != null) {
            sandbox.writeLoaderCache(image.loaderDirectories);
        }
        sandbox.writeProbe();
        return sandbox;
    }

    /** Runs the launcher of {@code home} with {@code args} as {@code process}. */
    Outcome run(String home, PodProcess process, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (loaderCache != null) {
            command.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                    "mount --bind \"$0\" /etc/ld.so.cache && exec \"$@\"", loaderCache.toString()));
        }
        command.add("setpriv");
        command.addAll(process.setprivOptions());
        // Like Flink's scripts, a shell execs the JVM: having no file capabilities, it has no permitted capability
        // left (setpriv keeps root's while it changes user), as a pod's entry point has none.
        command.addAll(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\""));
        command.add(inside(home + "/bin/java").toString());
        command.addAll(args);
        return Outcome.of(command, root);
    }

    /** The JVM's arguments that run {@link CapabilityProbe}. */
    List<String> probeArguments() {
        return List.of("-cp", root.resolve("probe").toString(), CapabilityProbe.class.getName());
    }

    private void layOut(String home, String fileCapabilities) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(inside(home + "/bin"));
        Path launcher = Files.copy(RUNNING_JDK.resolve("bin/java"), bin.resolve("java"));
        Files.createSymbolicLink(inside(home + "/lib"), RUNNING_JDK.resolve("lib"));
        openUpTo(bin);
        if (fileCapabilities != null) {
            Outcome.of(List.of("setcap", fileCapabilities, launcher.toString()), root).requireSuccess();
        }
    }

    private void writeLoaderCache(List<String> directories) throws IOException, InterruptedException {
        StringBuilder config = new StringBuilder("include /etc/ld.so.conf\n");
        directories.forEach(directory -> config.append(inside(directory)).append('\n'));
        Path file = Files.writeString(root.resolve("ld.so.conf"), config.toString());
        // -X: no links made in the directories, which lead into the running JDK.
        Outcome.of(List.of("ldconfig", "-X", "-C", loaderCache.toString(), "-f", file.toString()), root)
                .requireSuccess();
    }

    private void writeProbe() throws IOException {
        String resource = CapabilityProbe.class.getName().replace('.', '/') + ".class";
        Path target = root.resolve("probe").resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = CapabilityProbe.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        openUpTo(target.getParent());
    }

    /** Lets every user enter the directories from the root down to {@code dir}. */
    private void openUpTo(Path dir) throws IOException {
        for (Path at = dir; at.startsWith(root) && !at.equals(root); at = at.getParent()) {
            Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private Path inside(String imagePath) {
        return root.resolve(imagePath.substring(1));
    }

    /** A finished command: its exit status and what it wrote (stdout and stderr together). */
    static final class Outcome {
        final List<String> command;
        final int exitStatus;
        final String output;

        private Outcome(List<String> command, int exitStatus, String output) {
            this.command = command;
            this.exitStatus = exitStatus;
            this.output = output;
        }

        static Outcome of(List<String> command, Path directory) throws IOException, InterruptedException {
            Path output = Files.createTempFile("command", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().clear();
                builder.environment().put("PATH", Prerequisites.PATH);
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("timed out: " + command);
                }
                return new Outcome(command, process.exitValue(),
                        Files.readString(output, StandardCharsets.UTF_8).trim());
            } finally {
                Files.delete(output);
            }
        }

        Outcome requireSuccess() throws IOException {
            if (exitStatus != 0) {
                throw new IOException(this.toString());
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\n  -> exit status " + exitStatus + (output.isEmpty() ? ""
                    : "\n  " + output.replace("\n", "\n  "));
        }
    }
}
