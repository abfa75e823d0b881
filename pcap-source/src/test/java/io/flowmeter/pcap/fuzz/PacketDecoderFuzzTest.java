package io.flowmeter.pcap.fuzz;

import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the packet decoder with Jazzer: any bytes, under any of the link types it knows (and some it does not),
 * decode without an exception into a record whose kind says what was found; an IP record's ports and lengths
 * are in range. One decoder serves every input of a run, so its fragment table sees them all, as in a job.
 *
 * <p>In the test suite this runs the seeds in {@code PacketDecoderFuzzTestInputs}; {@code mvn verify} also fuzzes
 * it for 20 s (surefire execution {@code fuzz-decoder}); {@code pcap-source/fuzz.sh decoder 600} for ten minutes.
 */
public class PacketDecoderFuzzTest {

    private static final int[] LINK_TYPES = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147};
    private static final PacketDecoder DECODER = new PacketDecoder();

    @FuzzTest(maxDuration = "20s")
    void anyFrameDecodesIntoARecordOfSomeKind(FuzzedDataProvider data) {
        check(data);
    }

    /** The same target for Jazzer's command line ({@code fuzz.sh}). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        check(data);
    }

    static void check(FuzzedDataProvider data) {
        int linkType = data.pickValue(LINK_TYPES);
        int wireExtra = data.consumeInt(0, 70_000);
        long timestamp = data.consumeLong();
        boolean bigEndianFile = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        CapturedFrame frame = new CapturedFrame().set(bytes, 0, bytes.length, bytes.length + wireExtra, timestamp,
                linkType, bigEndianFile);
        PacketRecord record = DECODER.decode(frame, new PacketRecord());
        if (record.getKind() == null) {
            throw new IllegalStateException("no kind");
        }
        if (record.getKind() == PacketKind.IP && (record.getSrcPort() < 0 || record.getSrcPort() > 0xFFFF
                || record.getDstPort() < 0 || record.getDstPort() > 0xFFFF || record.getWireLength() < 0)) {
            throw new IllegalStateException("out of range: " + record);
        }
    }
}
