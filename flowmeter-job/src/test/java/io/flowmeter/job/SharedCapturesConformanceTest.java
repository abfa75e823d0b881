package io.flowmeter.job;

import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.flow.FeatureSet;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.job.sink.FlowColumns;
import io.flowmeter.testing.SharedData;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The flows of every capture in {@code ../shared/pcaps} against tshark's conversations ({@code *.streams.tsv}),
 * with timeouts long enough to never fire, as tshark has none. Each capture is its own job, as tshark read each
 * file alone. Every conversation is matched exactly by one flow (packets and bytes per direction, first and last
 * timestamp to the microsecond), or its difference is one of those explained in docs/conformance.md; anything
 * else fails the test.
 *
 * <p>The size and inter-arrival statistics of the matched flows of eight Ethernet captures are also recomputed
 * from the packets as libpcap reads and pcap4j decodes them, with commons-math3.
 */
class SharedCapturesConformanceTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    private static final Duration NEVER = Duration.ofSeconds(1_000_000_000L);
    private static final List<String> STATISTICS_CAPTURES = List.of("joy__firefox58.pcap",
            "chrissanders__http_espn.pcapng", "slips__ssh-bruteforce.pcap", "chrissanders__ratinfected.pcapng",
            "malcolm__eternalblue-success-unpatched-win7.pcap", "pcpp__DnsPackets.pcap",
            "zeek__quic_chromium_google-de_ipv6.pcap", "slips__test-cc-capture-2_periodic.pcap");

    private static final Duration ACTIVITY_TIMEOUT = Duration.ofSeconds(5);
    private static final int FIRST_PACKETS = 10;

    private static final Map<java.nio.file.Path, List<FlowRecord>> FLOWS = new LinkedHashMap<>();
    /**
     * The flows are computed with every plugin: the extended set, and the columns of the CIC mapping and of the IP
     * TTL plugin; {@link #CIC} reads the same layout's values as CICFlowMeter's columns.
     */
    private static final FlowSettings SETTINGS = new FlowSettings(NEVER, NEVER, 0)
            .withFeatures(FeatureSet.EXTENDED, ACTIVITY_TIMEOUT, FIRST_PACKETS)
            .withExtraColumns(List.of("Flow Duration", "fwdTtlMin"));
    private static final FlowSettings CIC = new FlowSettings(NEVER, NEVER, 0)
            .withFeatures(FeatureSet.CIC, ACTIVITY_TIMEOUT, FIRST_PACKETS)
            .withExtraColumns(List.of("firstPacketSize1", "fwdTtlMin"));

    /** The value of {@code column} in a flow of {@link #SETTINGS}. */
    private static double value(FlowRecord flow, String column) {
        int index = SETTINGS.layout().indexOf(column);
        assertThat(index).as(column).isNotNegative();
        return flow.values[index];
    }

    @BeforeAll
    static void runEveryCapture() throws Exception {
        for (java.nio.file.Path capture : SharedData.sharedCaptures()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            Path path = new Path(capture.toUri());
            List<FlowRecord> flows = new ArrayList<>();
            CaptureFlows.flows(env, List.of(path), Set.of(path), SETTINGS,
                            Duration.ofSeconds(1)).executeAndCollect().forEachRemaining(flows::add);
            FLOWS.put(capture, flows);
        }
    }

    @Test
    void flowsMatchTsharkConversationsBothWays() throws Exception {
        TsharkComparison comparison = new TsharkComparison();
        for (Map.Entry<java.nio.file.Path, List<FlowRecord>> entry : FLOWS.entrySet()) {
            comparison.add(TsharkConversation.read(entry.getKey()), entry.getValue(),
                    Pcap4jFragments.of(entry.getKey()));
        }
        System.out.println("conformance: " + comparison);
        assertThat(comparison.conversations).isEqualTo(41_903);
        assertThat(comparison.unexplainedConversations)
                .as("conversations no flow matches, which docs/conformance.md does not explain").isEmpty();
        assertThat(comparison.flowsInNoConversation)
                .as("flows that match no conversation (split, duplicated or extra flows)").isEmpty();
        assertThat(comparison.explained).containsOnlyKeys(TsharkComparison.FRAGMENTS,
                TsharkComparison.WRAPPED_TIMESTAMPS);
        assertThat(comparison.exactShare()).isGreaterThanOrEqualTo(0.9995);
    }

    /**
     * Every flow's Community ID is the one tshark's dissector gives its packets: the TCP and UDP flows of each
     * capture have exactly the IDs of its TCP and UDP packets, and each ICMP flow the ID of one of its messages (a
     * flow holds all ICMP between two hosts, and takes the ID of its first message, as Zeek does). Not compared:
     * ICMP flows that start with an error message (unreachable, time exceeded, ...) quoting an ICMP message, for
     * which tshark 4.0 hashes the quoted message's type where the specification takes the outer one
     * ({@code CommunityIdTest} checks the specification's vectors for those, "unidirectional ICMP").
     */
    @Test
    void everyFlowHasTsharksCommunityId(@TempDir java.nio.file.Path scratch) throws Exception {
        int captures = 0;
        int compared = 0;
        int icmpErrors = 0;
        for (Map.Entry<java.nio.file.Path, List<FlowRecord>> entry : FLOWS.entrySet()) {
            TsharkCommunityIds tshark = TsharkCommunityIds.of(entry.getKey(), scratch);
            Set<String> tcpAndUdp = new TreeSet<>();
            Set<String> icmp = new TreeSet<>();
            for (FlowRecord flow : entry.getValue()) {
                if (flow.protocol == 6 || flow.protocol == 17) {
                    tcpAndUdp.add(flow.communityId);
                } else if (flow.protocol == 1 || flow.protocol == 58) {
                    if (ICMP_ERRORS.contains((int) value(flow, "icmpType") + ":" + flow.protocol)) {
                        icmpErrors++;
                    } else {
                        icmp.add(flow.communityId);
                    }
                }
            }
            String capture = entry.getKey().getFileName().toString();
            assertThat(tcpAndUdp).as("TCP and UDP Community IDs of " + capture).isEqualTo(tshark.tcpAndUdp);
            assertThat(tshark.icmp).as("ICMP Community IDs of " + capture).containsAll(icmp);
            captures++;
            compared += tcpAndUdp.size() + icmp.size();
        }
        System.out.println("community IDs: " + compared + " distinct IDs of " + captures + " captures equal tshark's; "
                + icmpErrors + " ICMP flows starting with an error message not compared");
        assertThat(captures).isEqualTo(FLOWS.size()).isPositive();
        assertThat(compared).isGreaterThan(40_000);
    }

    /** ICMP error messages (type:protocol), which quote the packet they answer. */
    private static final Set<String> ICMP_ERRORS = Set.of("3:1", "4:1", "5:1", "11:1", "12:1", "1:58", "2:58",
            "3:58", "4:58");

    @Test
    void aSplitConversationIsCaughtBothWays() {
        List<TsharkConversation> conversations = TsharkConversation.parse("test.pcap",
                List.of("tcp\t0\t10.0.0.1\t40000\t10.0.0.2\t80\t2\t120\t1\t60\t1.000000000\t2.000000000"));
        FlowRecord handshake = flow("10.0.0.1", 40000, "10.0.0.2", 80, 2, 120, 1, 60, 1_000_000_000L, 1_500_000_000L);
        FlowRecord appendix = flow("10.0.0.1", 40000, "10.0.0.2", 80, 1, 60, 0, 0, 2_000_000_000L, 2_000_000_000L);
        FlowRecord whole = flow("10.0.0.1", 40000, "10.0.0.2", 80, 2, 120, 1, 60, 1_000_000_000L, 2_000_000_000L);

        assertThat(new TsharkComparison().add(conversations, List.of(whole), Map.of()).exact).isEqualTo(1);
        TsharkComparison split = new TsharkComparison().add(conversations, List.of(handshake, appendix), Map.of());
        assertThat(split.unexplainedConversations).hasSize(1);
        assertThat(split.flowsInNoConversation).hasSize(2);
        FlowRecord again = flow("10.0.0.1", 40000, "10.0.0.2", 80, 2, 120, 1, 60, 1_000_000_000L, 2_000_000_000L);
        TsharkComparison twice = new TsharkComparison().add(conversations, List.of(whole, again), Map.of());
        assertThat(twice.exact).isEqualTo(1);
        assertThat(twice.flowsInNoConversation).as("the duplicate").hasSize(1);
    }

    private static FlowRecord flow(String src, int srcPort, String dst, int dstPort, long fwdPackets, long fwdBytes,
            long bwdPackets, long bwdBytes, long startNs, long endNs) {
        FlowRecord f = new FlowRecord();
        f.srcIp = src;
        f.srcPort = srcPort;
        f.dstIp = dst;
        f.dstPort = dstPort;
        f.protocol = 6;
        f.flowStartNs = startNs;
        f.flowEndNs = endNs;
        f.endReason = "fin";
        f.values = new double[FlowFeature.values().length];
        f.values[FlowFeature.fwdFlowLength.ordinal()] = fwdPackets;
        f.values[FlowFeature.fwdPacketSizeTotal.ordinal()] = fwdBytes;
        f.values[FlowFeature.bwdFlowLength.ordinal()] = bwdPackets;
        f.values[FlowFeature.bwdPacketSizeTotal.ordinal()] = bwdBytes;
        return f;
    }

    @Test
    void statisticsMatchARecomputationFromLibpcapAndPcap4j() throws Exception {
        int compared = 0;
        for (String name : STATISTICS_CAPTURES) {
            java.nio.file.Path capture = SharedData.sharedPcaps().resolve(name);
            Map<String, List<Pcap4jPackets.Pcap4jPacket>> packetsByTuple = Pcap4jPackets.byTuple(capture);
            Map<String, List<FlowRecord>> flowsByTuple = Pcap4jPackets.flowsByTuple(FLOWS.get(capture));
            for (Map.Entry<String, List<FlowRecord>> entry : flowsByTuple.entrySet()) {
                List<Pcap4jPackets.Pcap4jPacket> packets = packetsByTuple.get(entry.getKey());
                if (entry.getValue().size() != 1 || packets == null
                        || packets.size() != (int) entry.getValue().get(0).get(FlowFeature.flowLength)) {
                    continue; // Split flows, or packets pcap4j could not decode: compare only one-to-one flows.
                }
                compareStatistics(name, entry.getValue().get(0), packets);
                compared++;
            }
        }
        System.out.printf("statistics: %d flows recomputed from pcap4j packets with commons-math3%n", compared);
        assertThat(compared).isGreaterThan(400);
    }

    @Test
    void extendedFeaturesMatchARecomputationFromLibpcapAndPcap4j() throws Exception {
        int compared = 0;
        assertThat(CIC.layout().stateVersions()).isEqualTo(SETTINGS.layout().stateVersions());
        Map<String, Integer> nonZero = new java.util.LinkedHashMap<>();
        for (java.nio.file.Path capture : FLOWS.keySet()) {
            Map<String, List<Pcap4jPackets.Pcap4jPacket>> packetsByTuple = Pcap4jPackets.byTuple(capture);
            for (Map.Entry<String, List<FlowRecord>> entry : Pcap4jPackets.flowsByTuple(FLOWS.get(capture)).entrySet()) {
                List<Pcap4jPackets.Pcap4jPacket> packets = packetsByTuple.get(entry.getKey());
                if (entry.getValue().size() != 1 || packets == null
                        || packets.size() != (int) entry.getValue().get(0).get(FlowFeature.flowLength)) {
                    continue; // Split flows, or packets pcap4j could not decode: compare only one-to-one flows.
                }
                FlowRecord flow = entry.getValue().get(0);
                ReferenceFeatures expected =
                        new ReferenceFeatures(packets, Pcap4jPackets.sourceIsA(flow), FIRST_PACKETS);
                String what = capture.getFileName() + " " + flow.fiveTuple() + " ";
                for (Map.Entry<String, Double> feature : expected.values.entrySet()) {
                    double value = feature.getValue();
                    assertThat(value(flow, feature.getKey())).as(what + feature.getKey())
                            .isCloseTo(value, within(1e-6 * Math.max(1, value)));
                    nonZero.merge(feature.getKey(), value != 0 ? 1 : 0, Integer::sum);
                }
                int first = SETTINGS.layout().indexOf("firstPacketSize1");
                assertThat(java.util.Arrays.copyOfRange(flow.values, first, first + 3 * FIRST_PACKETS))
                        .as(what + "first packets").containsExactly(expected.firstPackets, within(1e-9));
                assertCicColumns(what, flow, expected);
                compared++;
            }
        }
        System.out.printf("extended features: %d flows of %d captures recomputed from pcap4j packets; flows with a"
                + " non-zero value per feature: %s%n", compared, FLOWS.size(), nonZero);
        assertThat(compared).isGreaterThan(40_000);
        // the reference recomputes every column but FlowMeter's own (the test above), the first packets (compared
        // as a whole) and the CIC mapping (below)
        List<String> recomputable = new ArrayList<>(List.of("IATSampleStd", "fwdIATSampleStd", "bwdIATSampleStd"));
        SETTINGS.layout().plugins().stream()
                .filter(plugin -> !List.of("flowmeter", "first-packets", "cic").contains(plugin.name()))
                .forEach(plugin -> plugin.columns().forEach(column -> recomputable.add(column.name())));
        assertThat(nonZero.keySet()).as("columns recomputed").containsExactlyInAnyOrderElementsOf(recomputable);
        // Each feature is exercised by the captures, not only ever 0 (ICMP ones are -1: TCP and UDP flows here),
        // but for flags no packet of them carries: URG, and CWR from a responder (ExtendedFeaturesTest has those).
        Set<String> absent = Set.of("fwdUrgFlags", "bwdUrgFlags", "bwdCwrFlags");
        nonZero.forEach((feature, flows) -> {
            if (absent.contains(feature)) {
                assertThat(flows).as("flows with %s != 0", feature).isZero();
            } else {
                assertThat(flows).as("flows with %s != 0", feature).isPositive();
            }
        });
    }

    /** The CICFlowMeter columns that combine features, against the recomputed features. */
    private static void assertCicColumns(String what, FlowRecord flow, ReferenceFeatures expected) {
        Map<String, Double> cic = new HashMap<>();
        for (FlowColumns.Column<FlowRecord> column : FlowColumns.of(CIC).columns()) {
            if (column.kind != FlowColumns.Kind.TEXT) {
                cic.put(column.name, column.kind == FlowColumns.Kind.WHOLE ? column.whole(flow) : column.decimal(flow));
            }
        }
        double seconds = (flow.flowEndNs - flow.flowStartNs) / 1e9;
        double bytesPerSecond = seconds == 0 ? 0 : expected.values.get("payloadTotal") / seconds;
        assertThat(cic.get("Flow Bytes/s")).as(what + "Flow Bytes/s").isCloseTo(bytesPerSecond,
                within(1e-6 * Math.max(1, bytesPerSecond)));
        assertThat(cic.get("FIN Flag Count")).as(what + "FIN Flag Count").isEqualTo(
                expected.values.get("fwdFinFlags") + expected.values.get("bwdFinFlags"));
        assertThat(cic.get("Packet Length Variance")).as(what + "Packet Length Variance").isCloseTo(
                expected.values.get("payloadSampleVariance"), within(1e-6 * Math.max(1,
                        expected.values.get("payloadSampleVariance"))));
        assertThat(cic.get("Total TCP Flow Time")).as(what + "Total TCP Flow Time")
                .isEqualTo(flow.protocol == 6 ? (flow.flowEndNs - flow.flowStartNs) / 1000.0 : 0);
    }

    @Test
    void noFeatureIsNegativeNaNOrInfiniteOnAnyCapture() {
        List<FlowColumns.Column<FlowRecord>> cic = FlowColumns.of(CIC).columns();
        List<FlowColumns.Column<FlowRecord>> extended = FlowColumns.of(SETTINGS).columns();
        long checked = 0;
        for (Map.Entry<java.nio.file.Path, List<FlowRecord>> capture : FLOWS.entrySet()) {
            for (FlowRecord flow : capture.getValue()) {
                String what = capture.getKey().getFileName() + " " + flow.fiveTuple() + " ";
                for (List<FlowColumns.Column<FlowRecord>> columns : List.of(extended, cic)) {
                    for (FlowColumns.Column<FlowRecord> column : columns) {
                        if (column.kind == FlowColumns.Kind.TEXT) {
                            continue;
                        }
                        double value = column.kind == FlowColumns.Kind.WHOLE ? column.whole(flow) : column.decimal(flow);
                        // the only signed values: directions (-1 backward) and CICFlowMeter's ICMP -1 for "not ICMP"
                        double floor = column.name.startsWith("firstPacketDirection") || column.name.startsWith("ICMP")
                                ? -1 : 0;
                        assertThat(value).as(what + column.name).isFinite().isGreaterThanOrEqualTo(floor);
                        checked++;
                    }
                }
            }
        }
        System.out.printf("feature values checked finite and in range: %,d%n", checked);
    }

    /** Recomputes the documented statistics from the packets. */
    private static void compareStatistics(String capture, FlowRecord flow, List<Pcap4jPackets.Pcap4jPacket> packets) {
        boolean forwardIsA = Pcap4jPackets.sourceIsA(flow);
        DescriptiveStatistics[] sizes = {new DescriptiveStatistics(), new DescriptiveStatistics(), new DescriptiveStatistics()};
        DescriptiveStatistics[] gaps = {new DescriptiveStatistics(), new DescriptiveStatistics(), new DescriptiveStatistics()};
        long[] last = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        for (Pcap4jPackets.Pcap4jPacket p : packets) {
            int direction = p.fromA == forwardIsA ? 1 : 2;
            for (int series : new int[] {0, direction}) {
                sizes[series].addValue(p.wireLength);
                if (last[series] != Long.MIN_VALUE) {
                    gaps[series].addValue(Math.max(0, p.nanos - last[series]) / 1000.0);
                }
                last[series] = Math.max(last[series], p.nanos);
            }
        }
        String what = capture + " " + flow.fiveTuple() + " ";
        assertStats(what + "size", flow, sizes[0], FlowFeature.packetSizeTotal, FlowFeature.packetSizeMean,
                FlowFeature.packetSizeStd, FlowFeature.packetSizeMin, FlowFeature.packetSizeMax);
        assertStats(what + "fwd size", flow, sizes[1], FlowFeature.fwdPacketSizeTotal, FlowFeature.fwdPacketSizeMean,
                FlowFeature.fwdPacketSizeStd, FlowFeature.fwdPacketSizeMin, FlowFeature.fwdPacketSizeMax);
        assertStats(what + "bwd size", flow, sizes[2], FlowFeature.bwdPacketSizeTotal, FlowFeature.bwdPacketSizeMean,
                FlowFeature.bwdPacketSizeStd, FlowFeature.bwdPacketSizeMin, FlowFeature.bwdPacketSizeMax);
        assertStats(what + "IAT", flow, gaps[0], null, FlowFeature.IATMean, FlowFeature.IATStd, FlowFeature.IATMin,
                FlowFeature.IATMax);
        assertStats(what + "fwd IAT", flow, gaps[1], FlowFeature.fwdIATTotal, FlowFeature.fwdIATMean,
                FlowFeature.fwdIATStd, FlowFeature.fwdIATMin, FlowFeature.fwdIATMax);
        assertStats(what + "bwd IAT", flow, gaps[2], FlowFeature.bwdIATTotal, FlowFeature.bwdIATMean,
                FlowFeature.bwdIATStd, FlowFeature.bwdIATMin, FlowFeature.bwdIATMax);
        assertThat(flow.get(FlowFeature.flowLength)).isEqualTo(sizes[0].getN());
    }

    private static void assertStats(String what, FlowRecord flow, DescriptiveStatistics expected, FlowFeature total,
            FlowFeature mean, FlowFeature std, FlowFeature min, FlowFeature max) {
        boolean empty = expected.getN() == 0;
        if (total != null) {
            assertThat(flow.get(total)).as(what + " total").isCloseTo(empty ? 0 : expected.getSum(), within(1e-6));
        }
        assertThat(flow.get(mean)).as(what + " mean").isCloseTo(empty ? 0 : expected.getMean(), within(1e-6));
        assertThat(flow.get(std)).as(what + " std").isCloseTo(empty ? 0 : Math.sqrt(expected.getPopulationVariance()),
                within(1e-6 * Math.max(1, flow.get(std))));
        assertThat(flow.get(min)).as(what + " min").isCloseTo(empty ? 0 : expected.getMin(), within(1e-9));
        assertThat(flow.get(max)).as(what + " max").isCloseTo(empty ? 0 : expected.getMax(), within(1e-9));
    }
}
