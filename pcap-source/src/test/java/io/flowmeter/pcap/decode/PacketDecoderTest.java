package io.flowmeter.pcap.decode;

import io.flowmeter.packet.HeaderField;
import io.flowmeter.packet.IpAddresses;
import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CapturedFrame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static io.flowmeter.testing.Frames.concat;
import static io.flowmeter.testing.Frames.ethernet;
import static io.flowmeter.testing.Frames.family;
import static io.flowmeter.testing.Frames.ipv4;
import static io.flowmeter.testing.Frames.ipv6;
import static io.flowmeter.testing.Frames.ipv6Fragment;
import static io.flowmeter.testing.Frames.ipv6Options;
import static io.flowmeter.testing.Frames.linuxSll;
import static io.flowmeter.testing.Frames.linuxSll2;
import static io.flowmeter.testing.Frames.tcp;
import static io.flowmeter.testing.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

class PacketDecoderTest {

    private final PacketDecoder decoder = new PacketDecoder();

    private PacketRecord decode(int linkType, byte[] frame) {
        return decode(linkType, frame, false, 1000L);
    }

    private PacketRecord decode(int linkType, byte[] frame, boolean bigEndianFile, long ts) {
        CapturedFrame captured = new CapturedFrame().set(frame, 0, frame.length, frame.length + 4, ts, linkType,
                bigEndianFile);
        return decoder.decode(captured, new PacketRecord());
    }

    private static String src(PacketRecord p) {
        return IpAddresses.format(p.getIpVersion(), p.getSrcHi(), p.getSrcLo());
    }

    private static String dst(PacketRecord p) {
        return IpAddresses.format(p.getIpVersion(), p.getDstHi(), p.getDstLo());
    }

    @Test
    void ethernetIpv4Tcp() {
        int flags = PacketRecord.TCP_SYN | PacketRecord.TCP_ECE | PacketRecord.TCP_CWR | PacketRecord.TCP_NS;
        PacketRecord p = decode(LinkTypes.ETHERNET,
                ethernet(0x0800, ipv4("10.0.0.1", "192.168.1.20", 6, tcp(40000, 443, 0xC0FFEE01, flags, 64240, 10))));

        assertThat(p.getKind()).isEqualTo(PacketKind.IP);
        assertThat(p.getIpVersion()).isEqualTo(4);
        assertThat(src(p)).isEqualTo("10.0.0.1");
        assertThat(dst(p)).isEqualTo("192.168.1.20");
        assertThat(p.getProtocol()).isEqualTo(6);
        assertThat(p.getSrcPort()).isEqualTo(40000);
        assertThat(p.getDstPort()).isEqualTo(443);
        assertThat(p.getTcpFlags()).isEqualTo(flags);
        assertThat(p.getTcpWindow()).isEqualTo(64240);
        assertThat(p.getTcpSeq()).isEqualTo(0xC0FFEE01);
        assertThat(p.getTransportHeaderLength()).isEqualTo(20);
        assertThat(p.getIpPayloadLength()).isEqualTo(30);
        assertThat(p.getWireLength()).isEqualTo(14 + 20 + 30 + 4);
        assertThat(p.getTimestampNanos()).isEqualTo(1000L);
        assertThat(p.getHeaderField(HeaderField.IP_TTL)).isEqualTo(64);
    }

    @Test
    void theTtlAndTheHopLimitAreTheIpHeadersOwn() {
        byte[] v4 = ipv4("10.0.0.1", "10.0.0.2", 17, udp(5000, 53, 0));
        v4[8] = (byte) 250;
        byte[] v6 = ipv6("2001:db8::1", "2001:db8::2", 17, udp(5000, 53, 0));
        v6[7] = 1;

        assertThat(decode(LinkTypes.RAW, v4).getHeaderField(HeaderField.IP_TTL)).isEqualTo(250);
        assertThat(decode(LinkTypes.RAW, v6).getHeaderField(HeaderField.IP_TTL)).isEqualTo(1);
    }

    @Test
    void stackedVlanTagsAreSkipped() {
        byte[] frame = ethernet(0x86DD, ipv6("2001:db8::1", "2001:db8::2", 17, udp(5353, 53, 4)),
                new int[] {0x88A8, 100}, new int[] {0x8100, 200});

        PacketRecord p = decode(LinkTypes.ETHERNET, frame);

        assertThat(p.getKind()).isEqualTo(PacketKind.IP);
        assertThat(src(p)).isEqualTo("2001:db8::1");
        assertThat(p.getDstPort()).isEqualTo(53);
    }

    @Test
    void ipv4OptionsAreSkipped() {
        PacketRecord p = decode(LinkTypes.ETHERNET,
                ethernet(0x0800, ipv4("1.2.3.4", "5.6.7.8", 17, udp(1000, 2000, 0), 3, 7, false, 0)));

        assertThat(p.getSrcPort()).isEqualTo(1000);
        assertThat(p.getDstPort()).isEqualTo(2000);
    }

    @Test
    void linuxCookedV1AndV2() {
        byte[] ip = ipv4("10.1.1.1", "10.1.1.2", 6, tcp(1, 2, PacketRecord.TCP_ACK, 0, 0));
        assertThat(decode(LinkTypes.LINUX_SLL, linuxSll(0x0800, ip)).getDstPort()).isEqualTo(2);
        assertThat(decode(LinkTypes.LINUX_SLL2, linuxSll2(0x0800, ip)).getDstPort()).isEqualTo(2);
        assertThat(decode(LinkTypes.LINUX_SLL, linuxSll(0x0806, new byte[28])).getKind()).isEqualTo(PacketKind.NON_IP);
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkTypes.RAW, LinkTypes.RAW_12, LinkTypes.RAW_14})
    void rawIpOfEitherVersion(int linkType) {
        assertThat(src(decode(linkType, ipv4("9.9.9.9", "8.8.8.8", 17, udp(1, 53, 0))))).isEqualTo("9.9.9.9");
        assertThat(src(decode(linkType, ipv6("fe80::1", "ff02::fb", 17, udp(5353, 5353, 0))))).isEqualTo("fe80::1");
    }

    @Test
    void ipv4AndIpv6LinkTypes() {
        assertThat(decode(LinkTypes.IPV4, ipv4("9.9.9.9", "8.8.8.8", 17, udp(1, 53, 0))).getDstPort()).isEqualTo(53);
        assertThat(decode(LinkTypes.IPV6, ipv6("::1", "::2", 6, tcp(7, 8, 2, 0, 0))).getDstPort()).isEqualTo(8);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void nullLinkTypeUsesTheFileByteOrder(boolean bigEndian) {
        byte[] v4 = family(2, bigEndian, ipv4("127.0.0.1", "127.0.0.1", 6, tcp(5000, 4840, 2, 0, 0)));
        byte[] v6 = family(30, bigEndian, ipv6("::1", "::1", 6, tcp(5000, 4840, 2, 0, 0)));

        assertThat(decode(LinkTypes.NULL, v4, bigEndian, 1).getIpVersion()).isEqualTo(4);
        assertThat(decode(LinkTypes.NULL, v6, bigEndian, 1).getIpVersion()).isEqualTo(6);
    }

    @Test
    void loopLinkTypeIsNetworkByteOrder() {
        byte[] v4 = family(2, true, ipv4("127.0.0.1", "127.0.0.1", 17, udp(1, 2, 0)));
        assertThat(decode(LinkTypes.LOOP, v4, false, 1).getKind()).isEqualTo(PacketKind.IP);
    }

    @Test
    void ipv6ExtensionHeadersAreFollowedToTheTransport() {
        byte[] extensions = concat(ipv6Options(60), ipv6Options(6));
        PacketRecord p = decode(LinkTypes.IPV6, ipv6("2001:db8::a", "2001:db8::b", 0, extensions,
                tcp(443, 50000, PacketRecord.TCP_ACK | PacketRecord.TCP_FIN, 10, 5)));

        assertThat(p.getProtocol()).isEqualTo(6);
        assertThat(p.getSrcPort()).isEqualTo(443);
        assertThat(p.getTcpFlags()).isEqualTo(PacketRecord.TCP_ACK | PacketRecord.TCP_FIN);
        assertThat(p.getIpPayloadLength()).isEqualTo(25);
    }

    @Test
    void nonFirstIpv4FragmentsJoinTheirDatagramsFlow() {
        byte[] first = ipv4("10.0.0.1", "10.0.0.2", 17, udp(789, 2049, 32), 0, 4242, true, 0);
        byte[] second = ipv4("10.0.0.1", "10.0.0.2", 17, new byte[40], 0, 4242, true, 40);
        byte[] last = ipv4("10.0.0.1", "10.0.0.2", 17, new byte[8], 0, 4242, false, 80);
        byte[] otherDatagram = ipv4("10.0.0.1", "10.0.0.2", 17, new byte[8], 0, 4243, false, 80);

        decode(LinkTypes.RAW, first);
        PacketRecord middle = decode(LinkTypes.RAW, second);
        PacketRecord end = decode(LinkTypes.RAW, last);
        PacketRecord orphan = decode(LinkTypes.RAW, otherDatagram);

        assertThat(middle.getSrcPort()).isEqualTo(789);
        assertThat(middle.getDstPort()).isEqualTo(2049);
        assertThat(end.getDstPort()).isEqualTo(2049);
        assertThat(orphan.getKind()).isEqualTo(PacketKind.IP);
        assertThat(orphan.getDstPort()).isZero();
    }

    @Test
    void nonFirstIpv6FragmentsJoinTheirDatagramsFlow() {
        byte[] first = ipv6("fe80::1", "ff02::fb", 44, ipv6Fragment(17, 0, true, 99), udp(5353, 5353, 40));
        byte[] second = ipv6("fe80::1", "ff02::fb", 44, ipv6Fragment(17, 48, false, 99), new byte[30]);

        assertThat(decode(LinkTypes.IPV6, first).getDstPort()).isEqualTo(5353);
        PacketRecord p = decode(LinkTypes.IPV6, second);

        assertThat(p.getProtocol()).isEqualTo(17);
        assertThat(p.getSrcPort()).isEqualTo(5353);
        assertThat(p.getTransportHeaderLength()).isZero();
    }

    @Test
    void fragmentsOfADatagramFromAPortAbove32767JoinItsFlow() {
        byte[] first = ipv6("fe80::1", "ff02::c", 44, ipv6Fragment(17, 0, true, 0x02df87d0), udp(60245, 3702, 40));
        byte[] second = ipv6("fe80::1", "ff02::c", 44, ipv6Fragment(17, 48, false, 0x02df87d0), new byte[30]);
        byte[] v4First = ipv4("10.0.0.1", "10.0.0.2", 17, udp(65535, 65535, 32), 0, 9, true, 0);
        byte[] v4Last = ipv4("10.0.0.1", "10.0.0.2", 17, new byte[8], 0, 9, false, 40);

        decode(LinkTypes.IPV6, first);
        PacketRecord p = decode(LinkTypes.IPV6, second);
        decode(LinkTypes.RAW, v4First);
        PacketRecord q = decode(LinkTypes.RAW, v4Last);

        assertThat(p.getSrcPort()).isEqualTo(60245);
        assertThat(p.getDstPort()).isEqualTo(3702);
        assertThat(q.getSrcPort()).isEqualTo(65535);
        assertThat(q.getDstPort()).isEqualTo(65535);
    }

    @Test
    void fragmentsOlderThanTheReassemblyLifetimeAreNotJoined() {
        byte[] first = ipv4("10.0.0.1", "10.0.0.2", 17, udp(1, 2, 32), 0, 7, true, 0);
        byte[] second = ipv4("10.0.0.1", "10.0.0.2", 17, new byte[8], 0, 7, false, 40);

        decode(LinkTypes.RAW, first, false, 0);
        PacketRecord late = decode(LinkTypes.RAW, second, false, FragmentTable.LIFETIME_NANOS + 1);

        assertThat(late.getDstPort()).isZero();
    }

    @Test
    void otherProtocolsAreKeyedWithoutPorts() {
        byte[] icmpEcho = {8, 0, 0, 0, 0, 1, 0, 1};
        PacketRecord p = decode(LinkTypes.RAW, ipv4("10.0.0.1", "10.0.0.2", 1, icmpEcho));

        assertThat(p.getKind()).isEqualTo(PacketKind.IP);
        assertThat(p.getProtocol()).isEqualTo(1);
        assertThat(p.getSrcPort()).isZero();
        assertThat(p.getDstPort()).isZero();
        assertThat(p.getIcmpTypeCode()).as("echo request: type 8, code 0").isEqualTo(8 << 8);
        byte[] unreachable = {3, 3, 0, 0, 0, 0, 0, 0};
        assertThat(decode(LinkTypes.RAW, ipv4("10.0.0.1", "10.0.0.2", 1, unreachable)).getIcmpTypeCode())
                .isEqualTo(3 << 8 | 3);
        assertThat(decode(LinkTypes.RAW, ipv4("10.0.0.1", "10.0.0.2", 6, tcp(1, 2, 2, 0, 0))).getIcmpTypeCode())
                .isEqualTo(-1);
    }

    @Test
    void nonIpFramesAreCountedNotFlowed() {
        assertThat(decode(LinkTypes.ETHERNET, ethernet(0x0806, new byte[28])).getKind()).isEqualTo(PacketKind.NON_IP);
        assertThat(decode(147, new byte[40]).getKind()).isEqualTo(PacketKind.NON_IP);
        assertThat(decode(LinkTypes.ETHERNET, new byte[10]).getKind()).isEqualTo(PacketKind.NON_IP);
    }

    @Test
    void truncatedIpHeadersAreMalformed() {
        byte[] packet = ipv4("10.0.0.1", "10.0.0.2", 6, tcp(1, 2, 2, 0, 0));
        assertThat(decode(LinkTypes.RAW, Arrays.copyOf(packet, 19)).getKind()).isEqualTo(PacketKind.MALFORMED);
        assertThat(decode(LinkTypes.RAW, Arrays.copyOf(packet, 30)).getKind()).isEqualTo(PacketKind.MALFORMED);
        byte[] badHeaderLength = packet.clone();
        badHeaderLength[0] = 0x43;
        assertThat(decode(LinkTypes.RAW, badHeaderLength).getKind()).isEqualTo(PacketKind.MALFORMED);
    }

    @Test
    void decodingResetsEveryFieldOfAReusedRecord() {
        PacketRecord reused = new PacketRecord();
        byte[] tcpFrame = ipv4("10.0.0.1", "10.0.0.2", 6, tcp(1, 2, 12345, PacketRecord.TCP_SYN, 100, 0));
        byte[] icmpFrame = ipv4("10.0.0.1", "10.0.0.2", 1, new byte[8]);
        decoder.decode(new CapturedFrame().set(tcpFrame, 0, tcpFrame.length, tcpFrame.length, 1, 101, false), reused);
        decoder.decode(new CapturedFrame().set(icmpFrame, 0, icmpFrame.length, icmpFrame.length, 2, 101, false), reused);

        assertThat(reused.getSrcPort()).isZero();
        assertThat(reused.getTcpFlags()).isZero();
        assertThat(reused.getTcpWindow()).isZero();
        assertThat(reused.getTcpSeq()).isZero();
        decoder.decode(new CapturedFrame().set(tcpFrame, 0, tcpFrame.length, tcpFrame.length, 3, 101, false), reused);
        assertThat(reused.getIcmpTypeCode()).isEqualTo(-1);
    }
}
