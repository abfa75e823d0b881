package io.flowmeter.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instructions of a Dockerfile that the tests read: {@code FROM}, {@code ENV}, {@code USER}, and the simple
 * commands of each {@code RUN} ({@link ShellWords}), with the variables the base image and earlier {@code ENV}s set.
 */
final class Dockerfile {

    /** k8s/Dockerfile, the job image's. */
    static final Path JOB_IMAGE = Manifests.MODULE.resolve("Dockerfile");

    final String from;
    /** The environment at the end, the base image's included. */
    final Map<String, String> env;
    /** The last USER, or null. */
    final String user;
    /** The simple commands of every RUN, in order. */
    final List<List<String>> commands;

    private Dockerfile(String from, Map<String, String> env, String user, List<List<String>> commands) {
        this.from = from;
        this.env = env;
        this.user = user;
        this.commands = commands;
    }

    /** Reads {@code file}, whose base image sets {@code baseEnv}. */
    static Dockerfile read(Path file, Map<String, String> baseEnv) throws IOException {
        String from = null;
        String user = null;
        Map<String, String> env = new LinkedHashMap<>(baseEnv);
        List<List<String>> commands = new ArrayList<>();
        for (String instruction : instructions(Files.readAllLines(file))) {
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase();
            String rest = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("FROM")) {
                from = rest.trim();
            } else if (keyword.equals("USER")) {
                user = rest.trim();
            } else if (keyword.equals("ENV")) {
                setEnv(env, rest);
            } else if (keyword.equals("RUN")) {
                commands.addAll(ShellWords.commands(rest, env));
            }
        }
        if (from == null) {
            throw new IllegalArgumentException(file + " has no FROM");
        }
        return new Dockerfile(from, env, user, commands);
    }

    /** The instructions, continuation lines joined and comment lines left out. */
    private static List<String> instructions(List<String> lines) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.trim().startsWith("#") || line.isBlank() && current.length() == 0) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                instructions.add(current.toString().trim());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            instructions.add(current.toString().trim());
        }
        return instructions;
    }

    /** {@code ENV NAME=VALUE ...}, values expanded as the shell would. */
    private static void setEnv(Map<String, String> env, String assignments) {
        for (List<String> words : ShellWords.commands(assignments, env)) {
            for (String word : words) {
                int equals = word.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("the tests read ENV NAME=VALUE only, not: ENV " + assignments);
                }
                env.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
    }
}
