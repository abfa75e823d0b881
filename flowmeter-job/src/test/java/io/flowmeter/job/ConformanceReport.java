package io.flowmeter.job;

import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The conformance comparison of {@code SharedCapturesConformanceTest}, on any captures that have tshark oracle
 * files ({@code F.streams.tsv}, as {@code benchmarks/conformance.sh} makes them): for measuring on traffic the
 * project was not tuned on. Each capture is its own job, with timeouts that never fire, as tshark has none.
 *
 * <p>Arguments: {@code LINGER_SECONDS DIR [--details]}. Prints one line per capture with a difference, and the
 * totals.
 */
public final class ConformanceReport {

    private static final Duration NEVER = Duration.ofSeconds(1_000_000_000L);

    private ConformanceReport() {}

    public static void main(String[] args) throws Exception {
        Duration linger = Duration.ofMillis(Math.round(Double.parseDouble(args[0]) * 1000));
        java.nio.file.Path dir = java.nio.file.Path.of(args[1]);
        boolean details = args.length > 2 && args[2].equals("--details");
        List<java.nio.file.Path> captures;
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            captures = files.filter(f -> Files.exists(f.resolveSibling(f.getFileName() + ".streams.tsv")))
                    .sorted().collect(Collectors.toList());
        }
        TsharkComparison total = new TsharkComparison();
        int failed = 0;
        for (java.nio.file.Path capture : captures) {
            TsharkComparison one = new TsharkComparison();
            try {
                one.add(TsharkConversation.read(capture), flows(capture, linger), Pcap4jFragments.of(capture));
            } catch (Exception e) {
                failed++;
                System.out.println(capture.getFileName() + ": not compared: " + e);
                continue;
            }
            total.add(one);
            if (!one.unexplainedConversations.isEmpty() || !one.flowsInNoConversation.isEmpty()) {
                System.out.println(capture.getFileName() + ": " + one);
                if (details) {
                    one.unexplainedConversations.forEach(c -> System.out.println("    " + c));
                    one.flowsInNoConversation.forEach(f -> System.out.println("    in no conversation: " + f));
                }
            }
        }
        System.out.printf("%d captures (%d not compared), --tcp-linger %s s: %s%n", captures.size(), failed,
                args[0], total);
    }

    private static List<FlowRecord> flows(java.nio.file.Path capture, Duration linger) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        Path path = new Path(capture.toUri());
        List<FlowRecord> flows = new ArrayList<>();
        CaptureFlows.flows(env, List.of(path), Set.of(path), new FlowSettings(NEVER, NEVER, 0).withTcpLinger(linger),
                Duration.ofSeconds(1)).executeAndCollect().forEachRemaining(flows::add);
        return flows;
    }
}
