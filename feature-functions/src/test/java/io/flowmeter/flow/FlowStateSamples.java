package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.flowmeter.flow.TestPackets.packet;
import static io.flowmeter.flow.TestPackets.seq;
import static io.flowmeter.flow.TestPackets.tcp;
import static io.flowmeter.flow.TestPackets.tcpSegment;
import static io.flowmeter.flow.TestPackets.udp;
import static io.flowmeter.packet.PacketRecord.TCP_ACK;
import static io.flowmeter.packet.PacketRecord.TCP_FIN;
import static io.flowmeter.packet.PacketRecord.TCP_PSH;
import static io.flowmeter.packet.PacketRecord.TCP_RST;
import static io.flowmeter.packet.PacketRecord.TCP_SYN;

/**
 * Open flows of every kind the flow state holds, built from fixed packets, and the files a build writes of them:
 * the serializer snapshot and the serialized flows. A build's files, kept under {@code
 * src/test/resources/flow-state/v<N>}, are the checkpoints and savepoints of that build in miniature; {@code
 * FlowAccumulatorSerializerUpgradeTest} reads every stored version with the current build.
 *
 * <p>When the state format changes, bump the format version and run {@link #main} to store the new version's
 * files beside the old ones (which stay, so that the test keeps reading them). From format 3 on the files hold the
 * extended set's layout; a plugin's own state versions are tested by restoring into other layouts.
 */
public final class FlowStateSamples {

    static final long T0 = 1_700_000_000_000_000_000L;
    private static final String C = "192.168.1.10";
    private static final String S = "93.184.216.34";

    private FlowStateSamples() {}

    /**
     * The packets of each sample flow in the files of format {@code version}: the same in every build, so that every
     * version's files hold these flows; from format 4 on, an ICMP echo too (its first message's type is state).
     */
    static List<List<PacketRecord>> packets(int version) {
        List<List<PacketRecord>> flows = packets();
        if (version >= 4) {
            PacketRecord request = packet(T0, C, 0, S, 0, PacketRecord.PROTO_ICMP, 0, 98);
            request.setIcmpTypeCode(8 << 8);
            PacketRecord reply = packet(T0 + 400_000, S, 0, C, 0, PacketRecord.PROTO_ICMP, 0, 98);
            reply.setIcmpTypeCode(0);
            flows.add(List.of(request, reply));
        }
        return flows;
    }

    /** The packets of the sample flows of formats 1 to 3. */
    static List<List<PacketRecord>> packets() {
        List<List<PacketRecord>> flows = new ArrayList<>();
        // TCP: handshake, data both ways, one FIN so far
        flows.add(List.of(tcpSegment(T0, C, 40000, S, 443, TCP_SYN, 64240, 0),
                tcpSegment(T0 + 1_000, S, 443, C, 40000, TCP_SYN | TCP_ACK, 65160, 0),
                tcpSegment(T0 + 2_000, C, 40000, S, 443, TCP_ACK, 502, 0),
                tcpSegment(T0 + 3_000, C, 40000, S, 443, TCP_ACK | TCP_PSH, 502, 517),
                tcpSegment(T0 + 9_000, S, 443, C, 40000, TCP_ACK | TCP_PSH, 501, 1448),
                tcpSegment(T0 + 9_500, S, 443, C, 40000, TCP_ACK | TCP_PSH, 501, 1448),
                tcpSegment(T0 + 6_000_000_000L, C, 40000, S, 443, TCP_FIN | TCP_ACK, 502, 0)));
        // TCP seen from a SYN-ACK first, then the late SYN
        flows.add(List.of(tcp(T0 + 10, S, 80, C, 40001, TCP_SYN | TCP_ACK, 74), tcp(T0 + 5, C, 40001, S, 80, TCP_SYN, 74)));
        // A RST answering a SYN
        flows.add(List.of(seq(tcp(T0, C, 40002, S, 22, TCP_SYN, 74), 0x9E3779B9),
                seq(tcp(T0 + 50, S, 22, C, 40002, TCP_RST | TCP_ACK, 54), 0)));
        // UDP
        flows.add(List.of(udp(T0, C, 5353, S, 53, 80), udp(T0 + 20_000, S, 53, C, 5353, 200),
                udp(T0 + 30_000, C, 5353, S, 53, 81)));
        return flows;
    }

    /** FlowMeter's set, and the extended set with 4 first packets and an activity timeout of 1 s. */
    static final FlowSettings FLOWMETER = FlowSettings.defaults();
    static final FlowSettings EXTENDED = FlowSettings.defaults()
            .withFeatures(FeatureSet.EXTENDED, java.time.Duration.ofSeconds(1), 4);

    /**
     * The sample flows as this build accumulates them, in the layouts the files of {@code version} hold: for
     * formats 1 and 2, each flow in FlowMeter's set, then each in the extended set; from format 3 on (one layout per
     * job), each flow twice in the extended set. The flow reset by its second packet lingers (from format 2 on).
     */
    static List<FlowAccumulator> flows(int version) {
        List<FlowAccumulator> flows = new ArrayList<>();
        for (FlowSettings settings : version < 3 ? List.of(FLOWMETER, EXTENDED) : List.of(EXTENDED, EXTENDED)) {
            for (List<PacketRecord> packets : packets(version)) {
                FlowAccumulator flow = settings.newAccumulator();
                flow.start(packets.get(0), FlowKey.sourceIsA(packets.get(0)));
                for (PacketRecord p : packets) {
                    flow.add(p, FlowKey.sourceIsA(p));
                }
                flow.timerMillis = FlowAssembler.eventTimeMillis(flow.lastNanos()) + 120_000;
                if (flow.isReset()) {
                    flow.startLinger(EndReason.RST);
                }
                flows.add(flow);
            }
        }
        return flows;
    }

    /** The directory of version {@code version}'s files. */
    static Path directory(Path resources, int version) {
        return resources.resolve("flow-state").resolve("v" + version);
    }

    /**
     * Writes this build's snapshot and sample flows under {@code RESOURCES/flow-state/v<VERSION>}. Arguments: the
     * test resources directory and the format version this build writes.
     */
    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0]);
        TypeSerializer<FlowAccumulator> serializer = new FlowAccumulatorSerializer(EXTENDED.layout());
        TypeSerializerSnapshot<FlowAccumulator> snapshot = serializer.snapshotConfiguration();
        Path dir = Files.createDirectories(directory(resources, Integer.parseInt(args[1])));
        try (OutputStream out = Files.newOutputStream(dir.resolve("serializer-snapshot"))) {
            TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(
                    new DataOutputViewStreamWrapper(out), snapshot);
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("flows"))) {
            DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(out);
            List<FlowAccumulator> flows = flows(FlowAccumulatorSerializer.FORMAT_VERSION);
            view.writeInt(flows.size());
            for (FlowAccumulator flow : flows) {
                serializer.serialize(flow, view);
            }
        }
        System.out.println("wrote " + dir);
    }
}
