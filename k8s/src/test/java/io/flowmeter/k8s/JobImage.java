package io.flowmeter.k8s;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a manifest's image holds, as far as the tests need it: its JVMs and the file capabilities of their
 * launchers, the directories it adds to the loader's configuration, the Flink plugins it enables, and whom it runs
 * as. The job image ({@code flowmeter:*}) is read from {@code k8s/Dockerfile}: its {@code USER}, and its
 * {@code setcap}, {@code cp} (of a whole JVM, a launcher or a plugin jar), {@code ln -s} (of a launcher's
 * {@code lib}) and {@code echo DIR > /etc/ld.so.conf.d/...} commands. Its base, the official {@code flink} image, is
 * known as documented: eclipse-temurin's JVM at {@code JAVA_HOME=/opt/java/openjdk} with no file capabilities, Flink
 * at {@code /opt/flink} with every optional plugin in {@code opt/} and none in {@code plugins/}, started as root by
 * an entry point that runs Flink as {@code flink} (uid and gid 9999, with {@code gosu}) unless the container already
 * runs as another user.
 */
final class JobImage {

    /** The base image's environment, which k8s/Dockerfile builds on. */
    static final Map<String, String> BASE_ENV = Map.of("JAVA_HOME", "/opt/java/openjdk", "FLINK_HOME", "/opt/flink");
    /** The uid and gid of the official image's {@code flink} user. */
    static final long FLINK_USER = 9999;
    private static final String LOADER_CONFIG = "/etc/ld.so.conf.d/";
    private static final String FLINK_OPT = "/opt/flink/opt/";
    private static final String FLINK_PLUGINS = "/opt/flink/plugins/";
    private static final String LAUNCHER = "/bin/java";

    final String name;
    final String javaHome;
    /** The Flink version of the base image's tag ({@code flink:1.17.2-java11}: 1.17.2). */
    final String flinkVersion;
    /** The image's user by number; 0 (root) for the base image, whose entry point then runs Flink as flink. */
    final long user;
    /** The {@code setcap} text ({@code cap_net_raw,cap_net_admin+eip}) of each file that has one. */
    final Map<String, String> fileCapabilities = new LinkedHashMap<>();
    /** The directories the image adds to the loader's search (ld.so.conf.d). */
    final List<String> loaderDirectories = new ArrayList<>();
    /** The jars of {@code opt/} that the image enables as plugins. */
    final Set<String> pluginJars = new LinkedHashSet<>();
    /** JAVA_HOME and the JVMs copied whole from it. */
    private final Set<String> copiedJvms = new LinkedHashSet<>();
    /** The HOMEs of launchers copied to {@code HOME/bin/java}. */
    private final Set<String> launchers = new LinkedHashSet<>();
    /** The HOMEs of links to a JVM's libraries at {@code HOME/lib}. */
    private final Set<String> libraries = new LinkedHashSet<>();

    private JobImage(String name, String javaHome, String flinkVersion, long user) {
        this.name = name;
        this.javaHome = javaHome;
        this.flinkVersion = flinkVersion;
        this.user = user;
        copiedJvms.add(javaHome);
    }

    /** The image a manifest names: the job image (built from k8s/Dockerfile), or that Dockerfile's base. */
    static JobImage named(String image) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(Dockerfile.JOB_IMAGE, BASE_ENV);
        String flinkVersion = dockerfile.from.replaceAll("^flink:([0-9.]+).*$", "$1");
        if (image.equals(dockerfile.from)) {
            return new JobImage(image, BASE_ENV.get("JAVA_HOME"), flinkVersion, 0);
        }
        if (!image.startsWith("flowmeter:")) {
            throw new AssertionError("a manifest runs " + image + ", which is neither the job image (flowmeter:*,"
                    + " k8s/Dockerfile) nor its base " + dockerfile.from);
        }
        long user = dockerfile.user == null ? 0 : dockerfile.user.equals("flink") ? FLINK_USER
                : Long.parseLong(dockerfile.user);
        JobImage built = new JobImage(image, dockerfile.env.get("JAVA_HOME"), flinkVersion, user);
        dockerfile.commands.forEach(built::apply);
        return built;
    }

    /** The setcap text of the launcher {@code home/bin/java}, if it has file capabilities. */
    Optional<String> launcherCapabilities(String home) {
        return Optional.ofNullable(fileCapabilities.get(home + "/bin/java"));
    }

    /** JAVA_HOME, and every directory where the image lays out a whole JVM: a launcher and its libraries. */
    Set<String> jvmHomes() {
        Set<String> homes = new LinkedHashSet<>(copiedJvms);
        launchers.stream().filter(libraries::contains).forEach(homes::add);
        return homes;
    }

    private void apply(List<String> command) {
        List<String> args = operands(command);
        switch (command.get(0)) {
            case "setcap":
                args.subList(1, args.size()).forEach(file -> fileCapabilities.put(file, args.get(0)));
                break;
            case "cp":
                copy(command.stream().anyMatch(word -> word.matches("-[a-zA-Z]*[aRr][a-zA-Z]*")), args);
                break;
            case "ln":
                String link = args.get(args.size() - 1);
                if (link.endsWith("/lib")) {
                    libraries.add(link.substring(0, link.length() - "/lib".length()));
                }
                break;
            case "echo":
                int redirect = Math.max(command.indexOf(">"), command.indexOf(">>"));
                if (redirect > 0 && command.get(redirect + 1).startsWith(LOADER_CONFIG)) {
                    loaderDirectories.addAll(command.subList(1, redirect));
                }
                break;
            default:
                break;
        }
    }

    /** {@code cp [-a|-r] SOURCE... TARGET}: a JVM copied whole, a launcher, or a plugin jar enabled. */
    private void copy(boolean recursive, List<String> args) {
        String target = args.get(args.size() - 1);
        for (String source : args.subList(0, args.size() - 1)) {
            String copy = target.endsWith("/") ? target + source.substring(source.lastIndexOf('/') + 1) : target;
            if (recursive && jvmHomes().contains(source)) {
                copiedJvms.add(copy);
            } else if (copy.endsWith(LAUNCHER)) {
                launchers.add(copy.substring(0, copy.length() - LAUNCHER.length()));
            } else if (source.startsWith(FLINK_OPT) && copy.startsWith(FLINK_PLUGINS)) {
                pluginJars.add(source.substring(FLINK_OPT.length()));
            }
        }
    }

    /** The command's words after its name, options left out. */
    private static List<String> operands(List<String> command) {
        List<String> operands = new ArrayList<>();
        for (String word : command.subList(1, command.size())) {
            if (!word.startsWith("-")) {
                operands.add(word);
            }
        }
        return Collections.unmodifiableList(operands);
    }
}
