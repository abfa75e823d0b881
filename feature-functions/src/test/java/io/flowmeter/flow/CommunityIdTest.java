package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.flowmeter.flow.TestPackets.packet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Community ID against the published test vectors of its specification ({@code community-id-baseline.tsv}),
 * for a flow whose first packet is the vector's tuple: each direction of TCP, UDP and SCTP, ICMP and ICMPv6
 * request and answer and one-way messages, a protocol without ports over IPv4 and IPv6, seeds 0 and 1.
 */
class CommunityIdTest {

    /** One row of the vectors: the seed, the first packet's tuple and the expected ID. */
    private static final class Vector {
        final int seed;
        final int protocol;
        final String source;
        final String destination;
        final int sourcePort;
        final int destinationPort;
        final String expected;

        Vector(String[] f) {
            seed = Integer.parseInt(f[0]);
            protocol = Integer.parseInt(f[1]);
            source = f[2];
            destination = f[3];
            sourcePort = f[4].isEmpty() ? 0 : Integer.parseInt(f[4]);
            destinationPort = f[5].isEmpty() ? 0 : Integer.parseInt(f[5]);
            expected = f[6];
        }

        boolean icmp() {
            return protocol == PacketRecord.PROTO_ICMP || protocol == PacketRecord.PROTO_ICMPV6;
        }

        /** The packet as the decoder gives it: ICMP's type and code are not ports. */
        PacketRecord firstPacket() {
            PacketRecord p = icmp() ? packet(0, source, 0, destination, 0, protocol, 0, 64)
                    : packet(0, source, sourcePort, destination, destinationPort, protocol, 0, 64);
            if (icmp()) {
                p.setIcmpTypeCode(sourcePort << 8 | destinationPort);
            }
            return p;
        }

        @Override
        public String toString() {
            return "seed " + seed + " protocol " + protocol + " " + source + ":" + sourcePort + " -> " + destination
                    + ":" + destinationPort;
        }
    }

    private static List<Vector> vectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        try (InputStream in = CommunityIdTest.class.getResourceAsStream("/community-id-baseline.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (String line : lines) {
                if (!line.startsWith("#") && !line.startsWith("seed") && !line.isBlank()) {
                    vectors.add(new Vector(line.split("\t", -1)));
                }
            }
        }
        return vectors;
    }

    @Test
    void everyPublishedVectorIsMatched() throws IOException {
        List<Vector> vectors = vectors();
        assertThat(vectors).hasSize(32);
        for (Vector v : vectors) {
            PacketRecord first = v.firstPacket();
            String id = new CommunityId(v.seed).of(FlowKey.of(first), FlowKey.sourceIsA(first),
                    first.getIcmpTypeCode());
            assertThat(id).as(v.toString()).isEqualTo(v.expected);
        }
    }

    @Test
    void aFlowRecordCarriesTheIdOfItsFirstPacketsTuple() throws IOException {
        for (Vector v : vectors()) {
            if (v.seed != CommunityId.DEFAULT_SEED) {
                continue;
            }
            PacketRecord first = v.firstPacket();
            FlowAccumulator flow = FlowSettings.defaults().newAccumulator();
            flow.start(first, FlowKey.sourceIsA(first));
            flow.add(first, FlowKey.sourceIsA(first));
            assertThat(FlowRecord.of(FlowKey.of(first), flow, EndReason.EOF).communityId).as(v.toString())
                    .isEqualTo(v.expected);
        }
    }

    @Test
    void aTcpFlowSeenFromItsSynAckFirstHasTheIdOfItsTuple() {
        PacketRecord synAck = packet(0, "5.6.7.8", 3344, "1.2.3.4", 1122, PacketRecord.PROTO_TCP,
                PacketRecord.TCP_SYN | PacketRecord.TCP_ACK, 74);
        FlowAccumulator flow = FlowSettings.defaults().newAccumulator();
        flow.start(synAck, FlowKey.sourceIsA(synAck));
        flow.add(synAck, FlowKey.sourceIsA(synAck));
        assertThat(FlowRecord.of(FlowKey.of(synAck), flow, EndReason.EOF).communityId)
                .isEqualTo("1:wCb3OG7yAFWelaUydu0D+125CLM=");
    }

    @Test
    void anIcmpFlowWhoseFirstMessageIsUnknownHasAnEmptyId() {
        PacketRecord echo = packet(0, "1.2.3.4", 0, "5.6.7.8", 0, PacketRecord.PROTO_ICMP, 0, 64);
        assertThat(new CommunityId().of(FlowKey.of(echo), true, -1)).isEmpty();
    }
}
