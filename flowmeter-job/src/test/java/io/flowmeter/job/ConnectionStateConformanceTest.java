package io.flowmeter.job;

import io.flowmeter.feature.plugins.ConnectionState;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.testing.SharedData;

import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zeek's {@code conn_state} and {@code history} of the {@code conn-state} plugin on every capture of {@code
 * ../shared/pcaps}, against what tshark counted in each conversation ({@code *.streams.tsv}: packets per side, and
 * packets with SYN, FIN and RST): the states that follow from those counts alone (an attempt nobody answered, a
 * refusal, both sides closing, a UDP exchange) and the history letters each flag needs. Conversations that one flow
 * matches one to one are compared.
 */
class ConnectionStateConformanceTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    private static final Duration NEVER = Duration.ofSeconds(1_000_000_000L);
    private static final FlowSettings SETTINGS = new FlowSettings(NEVER, NEVER, 0)
            .withWrittenPlugins(List.of(ConnectionState.NAME));

    @Test
    void statesAndHistoriesAgreeWithTsharksFlagCounts() throws Exception {
        int state = SETTINGS.layout().indexOf("connState");
        Map<String, Integer> states = new TreeMap<>();
        int compared = 0;
        for (java.nio.file.Path capture : SharedData.sharedCaptures()) {
            Map<String, List<FlowRecord>> flows = Pcap4jPackets.flowsByTuple(flows(capture));
            Map<String, List<TsharkConversation>> conversations = new TreeMap<>();
            for (TsharkConversation c : TsharkConversation.read(capture)) {
                conversations.computeIfAbsent(TsharkComparison.tuple(c), k -> new ArrayList<>()).add(c);
            }
            for (Map.Entry<String, List<TsharkConversation>> entry : conversations.entrySet()) {
                List<FlowRecord> matched = flows.get(entry.getKey());
                if (entry.getValue().size() != 1 || matched == null || matched.size() != 1) {
                    continue;
                }
                TsharkConversation c = entry.getValue().get(0);
                FlowRecord flow = matched.get(0);
                String connState = flow.texts[state];
                String history = flow.texts[state + 1];
                check(c, flow, connState, history);
                states.merge((c.protocol == 6 ? "tcp " : "udp ") + connState, 1, Integer::sum);
                compared++;
            }
        }
        System.out.printf("connection states: %d conversations, %s%n", compared, states);
        assertThat(compared).isGreaterThan(40_000);
        assertThat(states).containsKeys("tcp S0", "tcp SF", "tcp REJ", "tcp S1", "tcp RSTO", "tcp OTH", "udp SF",
                "udp S0");
    }

    private static void check(TsharkConversation c, FlowRecord flow, String connState, String history) {
        String what = c + ": " + connState + " " + history;
        boolean sourceIsA = Pcap4jPackets.address(flow.srcIp).equals(c.addressA) && flow.srcPort == c.portA;
        long fromOriginator = sourceIsA ? c.packetsAtoB : c.packetsBtoA;
        long fromResponder = sourceIsA ? c.packetsBtoA : c.packetsAtoB;
        if (c.protocol == 17) {
            assertThat(connState).as(what).isEqualTo(fromResponder > 0 ? "SF" : "S0");
            return;
        }
        if (c.synPackets == fromOriginator && fromResponder == 0) {
            assertThat(connState).as(what + " (only the originator's SYNs)").isEqualTo("S0");
        }
        if (connState.equals("S0")) { // Zeek's S0 is a SYN sent and no state from the responder: nothing closed
            assertThat(c.synPackets).as(what).isPositive();
            assertThat(c.finPackets + c.rstPackets).as(what).isZero();
        }
        if (connState.equals("REJ")) {
            assertThat(c.rstPackets).as(what).isPositive();
            assertThat(c.synPackets).as(what).isPositive();
            assertThat(fromResponder).as(what).isPositive();
        }
        if (connState.equals("SF")) {
            assertThat(c.finPackets + Math.min(1, c.rstPackets)).as(what + " (SF: both sides closed)")
                    .isGreaterThanOrEqualTo(2);
        }
        if (history.length() < 32) { // the plugin keeps 32 letters
            assertThat(c.synPackets > 0).as(what + " (SYN letters)").isEqualTo(history.matches(".*[SsHhQq].*"));
            assertThat(c.finPackets > 0).as(what + " (FIN letters)").isEqualTo(history.matches(".*[FfIi].*"));
            assertThat(c.rstPackets > 0).as(what + " (RST letters)").isEqualTo(history.matches(".*[RrIiQq].*"));
        }
    }

    private static List<FlowRecord> flows(java.nio.file.Path capture) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Path path = new Path(capture.toUri());
        List<FlowRecord> flows = new ArrayList<>();
        CaptureFlows.flows(env, List.of(path), Set.of(path), SETTINGS, Duration.ofSeconds(1)).executeAndCollect()
                .forEachRemaining(flows::add);
        return flows;
    }
}
