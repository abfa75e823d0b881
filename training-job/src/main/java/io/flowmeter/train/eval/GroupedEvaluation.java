package io.flowmeter.train.eval;

import io.flowmeter.train.stage.ClassifierSettings;
import io.flowmeter.train.stage.InMemoryClassifier;
import io.flowmeter.train.stage.LabeledVector;

import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Leave-one-group-out evaluation: for every group (a capture file, or an attack family), a model fitted on all the
 * other groups' flows scores that group's flows, so every flow's score comes from a model that never saw its group.
 * The pooled scores give the ROC curve, the recall at fixed false-positive rates and the threshold for a target
 * rate; per group and per family it counts flows, flagged flows and hosts (a host is caught when one of its
 * malicious flows is flagged).
 *
 * <p>By family, a fold holds out one family's malicious flows together with the benign flows of the captures they
 * are in; captures without malicious flows are dealt to the folds in turn, in name order.
 */
public final class GroupedEvaluation {

    /** What a group is. */
    public enum GroupBy {
        CAPTURE, FAMILY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One flow of the evaluation. */
    public static final class Example {
        final double[] features;
        final boolean malicious;
        final double bytes;
        final String source;
        final String family;
        final String host;

        public Example(double[] features, boolean malicious, double bytes, String source, String family, String host) {
            this.features = features;
            this.malicious = malicious;
            this.bytes = bytes;
            this.source = source;
            this.family = malicious && family.isEmpty() ? "unnamed" : family;
            this.host = host;
        }

        public boolean malicious() {
            return malicious;
        }
    }

    private final List<Example> examples;
    private final GroupBy groupBy;
    private final String[] groups;
    private final double[] scores;

    private GroupedEvaluation(List<Example> examples, GroupBy groupBy, String[] groups, double[] scores) {
        this.examples = examples;
        this.groupBy = groupBy;
        this.groups = groups;
        this.scores = scores;
    }

    /**
     * Fits one model per group and scores the group with it.
     *
     * @throws IllegalArgumentException with fewer than two groups, or no group whose complement holds both classes
     */
    public static GroupedEvaluation run(List<Example> examples, GroupBy groupBy, ClassifierSettings settings,
            PrintStream progress) {
        String[] groups = assignGroups(examples, groupBy);
        Set<String> names = new TreeSet<>(List.of(groups));
        if (names.size() < 2) {
            throw new IllegalArgumentException("a leave-one-" + groupBy.label() + "-out evaluation needs at least two "
                    + groupBy.label() + " groups; the inputs have " + names.size());
        }
        double[] scores = new double[examples.size()];
        int fold = 0;
        for (String held : names) {
            fold++;
            List<Example> kept = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (!groups[i].equals(held)) {
                    kept.add(examples.get(i));
                }
            }
            List<LabeledVector> training = new ArrayList<>(kept.size());
            boolean[] classes = new boolean[2];
            for (Example e : kept) {
                training.add(new LabeledVector(e.features, e.malicious ? 1.0 : 0.0));
                classes[e.malicious ? 1 : 0] = true;
            }
            if (!classes[0] || !classes[1]) {
                throw new IllegalArgumentException("without " + groupBy.label() + " " + held + " the flows left hold"
                        + " only one class: a grouped evaluation needs both classes outside every group");
            }
            long start = System.nanoTime();
            try (InMemoryClassifier model = InMemoryClassifier.fit(training, settings)) {
                for (int i = 0; i < examples.size(); i++) {
                    if (groups[i].equals(held)) {
                        scores[i] = model.probability(examples.get(i).features);
                    }
                }
            }
            progress.printf(Locale.ROOT, "flowmeter-train: fold %d of %d (%s held out) in %.1f s%n", fold,
                    names.size(), shortName(held), (System.nanoTime() - start) / 1e9);
        }
        return new GroupedEvaluation(examples, groupBy, groups, scores);
    }

    static String[] assignGroups(List<Example> examples, GroupBy groupBy) {
        String[] groups = new String[examples.size()];
        if (groupBy == GroupBy.CAPTURE) {
            for (int i = 0; i < groups.length; i++) {
                groups[i] = examples.get(i).source;
            }
            return groups;
        }
        Map<String, String> familyOfCapture = new TreeMap<>();
        Set<String> families = new TreeSet<>();
        Set<String> captures = new TreeSet<>();
        for (Example e : examples) {
            captures.add(e.source);
            if (e.malicious) {
                families.add(e.family);
                familyOfCapture.merge(e.source, e.family, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<String> familyList = new ArrayList<>(families);
        int next = 0;
        for (String capture : captures) {
            if (!familyOfCapture.containsKey(capture) && !familyList.isEmpty()) {
                familyOfCapture.put(capture, familyList.get(next++ % familyList.size()));
            }
        }
        for (int i = 0; i < groups.length; i++) {
            Example e = examples.get(i);
            groups[i] = e.malicious ? e.family : familyOfCapture.getOrDefault(e.source, "");
        }
        return groups;
    }

    public GroupBy groupBy() {
        return groupBy;
    }

    /** The pooled out-of-group scores and labels. */
    public BinaryMetrics pooled() {
        boolean[] labels = new boolean[examples.size()];
        double[] bytes = new double[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).malicious;
            bytes[i] = examples.get(i).bytes;
        }
        return new BinaryMetrics(scores.clone(), labels, bytes);
    }

    /** The out-of-group probability of each example, in input order. */
    public double[] scores() {
        return scores.clone();
    }

    /** A row per group: its flows, how many of each class were flagged at {@code threshold}, and its hosts. */
    public List<Map<String, Object>> byGroup(double threshold) {
        Map<String, Tally> tallies = new TreeMap<>();
        for (int i = 0; i < groups.length; i++) {
            tallies.computeIfAbsent(groups[i], Tally::new).add(examples.get(i), scores[i] >= threshold);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Tally t : tallies.values()) {
            rows.add(t.row(groupBy == GroupBy.CAPTURE ? "capture" : "family", shortName(t.name)));
        }
        return rows;
    }

    /** A row per attack family (over its malicious flows): flows, flagged flows, hosts and hosts caught. */
    public List<Map<String, Object>> byFamily(double threshold) {
        Map<String, Tally> tallies = new TreeMap<>();
        for (int i = 0; i < groups.length; i++) {
            Example e = examples.get(i);
            if (e.malicious) {
                tallies.computeIfAbsent(e.family, Tally::new).add(e, scores[i] >= threshold);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Tally t : tallies.values()) {
            rows.add(t.row("family", t.name));
        }
        return rows;
    }

    /** Hosts with malicious flows, and of them those with at least one flagged: overall. */
    public Map<String, Object> hostRecall(double threshold) {
        Tally all = new Tally("all");
        for (int i = 0; i < groups.length; i++) {
            if (examples.get(i).malicious) {
                all.add(examples.get(i), scores[i] >= threshold);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maliciousHosts", (long) all.hosts.size());
        m.put("caughtHosts", (long) all.caughtHosts.size());
        m.put("hostRecall", all.hosts.isEmpty() ? 0.0 : all.caughtHosts.size() / (double) all.hosts.size());
        return m;
    }

    /** Captures with malicious flows none of which is flagged at {@code threshold}. */
    public List<String> capturesWithoutFlaggedHost(double threshold) {
        Map<String, Boolean> caught = new TreeMap<>();
        for (int i = 0; i < groups.length; i++) {
            Example e = examples.get(i);
            if (e.malicious) {
                caught.merge(shortName(e.source), scores[i] >= threshold, Boolean::logicalOr);
            }
        }
        List<String> missed = new ArrayList<>();
        caught.forEach((capture, any) -> {
            if (!any) {
                missed.add(capture);
            }
        });
        return missed;
    }

    /**
     * Writes every flow's out-of-group score as CSV ({@code capture,family,host,malicious,probability}), in input
     * order, for analyses of one's own.
     */
    public void writeScores(java.nio.file.Path file) throws java.io.IOException {
        try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(file)) {
            w.write("capture,family,host,malicious,probability\n");
            for (int i = 0; i < scores.length; i++) {
                Example e = examples.get(i);
                w.write(shortName(e.source) + "," + e.family + "," + e.host + "," + (e.malicious ? 1 : 0) + ","
                        + scores[i] + "\n");
            }
        }
    }

    static String shortName(String source) {
        try {
            return Paths.get(source).getFileName().toString();
        } catch (RuntimeException e) {
            return source;
        }
    }

    /** Counts of one group or family. */
    private static final class Tally {
        final String name;
        long flows;
        long malicious;
        long flaggedMalicious;
        long flaggedBenign;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> caughtHosts = new LinkedHashSet<>();

        Tally(String name) {
            this.name = name;
        }

        void add(Example e, boolean flagged) {
            flows++;
            if (e.malicious) {
                malicious++;
                flaggedMalicious += flagged ? 1 : 0;
                String host = e.source + "|" + e.host;
                hosts.add(host);
                if (flagged) {
                    caughtHosts.add(host);
                }
            } else {
                flaggedBenign += flagged ? 1 : 0;
            }
        }

        Map<String, Object> row(String kind, String label) {
            Map<String, Object> m = new LinkedHashMap<>();
            long benign = flows - malicious;
            m.put(kind, label);
            m.put("flows", flows);
            m.put("maliciousFlows", malicious);
            m.put("flaggedMalicious", flaggedMalicious);
            m.put("recall", malicious == 0 ? null : flaggedMalicious / (double) malicious);
            m.put("benignFlows", benign);
            m.put("flaggedBenign", flaggedBenign);
            m.put("falsePositiveRate", benign == 0 ? null : flaggedBenign / (double) benign);
            m.put("maliciousHosts", (long) hosts.size());
            m.put("caughtHosts", (long) caughtHosts.size());
            return m;
        }
    }
}
