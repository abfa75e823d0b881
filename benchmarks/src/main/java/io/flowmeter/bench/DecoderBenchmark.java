package io.flowmeter.bench;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.LinkTypes;
import io.flowmeter.pcap.decode.PacketDecoder;
import io.flowmeter.testing.CaptureBuilder;
import io.flowmeter.testing.Frames;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/** The decode step of the hot path: one frame into a reused record, and a whole in-memory capture read. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecoderBenchmark {

    private static final int CAPTURE_PACKETS = 10_000;

    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketRecord record = new PacketRecord();
    private CapturedFrame tcpFrame;
    private CapturedFrame udpV6Frame;
    private byte[] capture;

    @Setup
    public void setUp() {
        byte[] tcp = Frames.ethernet(0x0800, Frames.ipv4("10.0.0.1", "10.0.0.2", 6,
                Frames.tcp(40000, 443, PacketRecord.TCP_ACK | PacketRecord.TCP_PSH, 501, 60)));
        tcpFrame = new CapturedFrame().set(tcp, 0, tcp.length, tcp.length, 1L, LinkTypes.ETHERNET, false);
        byte[] udp = Frames.ethernet(0x86DD, Frames.ipv6("2001:db8::1", "2001:db8::2", 17, Frames.udp(5353, 53, 40)),
                new int[] {0x8100, 7});
        udpV6Frame = new CapturedFrame().set(udp, 0, udp.length, udp.length, 1L, LinkTypes.ETHERNET, false);
        CaptureBuilder builder = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        for (int i = 0; i < CAPTURE_PACKETS; i++) {
            byte[] frame = i % 2 == 0 ? tcp : udp;
            builder.record(1_700_000_000L + i / 1000, i % 1000, frame, frame.length);
        }
        capture = builder.bytes();
    }

    @Benchmark
    public PacketRecord decodeIpv4Tcp() {
        return decoder.decode(tcpFrame, record);
    }

    @Benchmark
    public PacketRecord decodeVlanIpv6Udp() {
        return decoder.decode(udpV6Frame, record);
    }

    /** Per packet: pcap record parsing plus decoding, from memory. */
    @Benchmark
    @OperationsPerInvocation(CAPTURE_PACKETS)
    public long readAndDecodeCapture() throws IOException {
        CaptureFileReader reader = CaptureFiles.open("bench", new ByteArrayInputStream(capture));
        CapturedFrame frame = new CapturedFrame();
        long ports = 0;
        while (reader.next(frame)) {
            ports += decoder.decode(frame, record).getDstPort();
        }
        return ports;
    }
}
