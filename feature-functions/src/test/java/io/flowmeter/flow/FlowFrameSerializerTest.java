package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.flowmeter.flow.TestPackets.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The forwarding buffer is checkpointed state, so its frames are a file format: {@code flow-frame-format-1.bin}
 * was written by the build that introduced format 1 (a frame cut by its snap length, an end with a record to come,
 * an end without), and every later build must read it to the same frames.
 */
class FlowFrameSerializerTest {

    private static final long T0 = 1_700_000_000_000_000_000L;

    /** The frames the committed sample holds. */
    static List<FlowFrame> sample() {
        PacketRecord p = tcp(T0 + 5, "192.168.1.10", 40000, "2001:db8::1", 443, PacketRecord.TCP_SYN, 1514);
        byte[] bytes = new byte[96];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        p.setFrame(bytes, 0, bytes.length, 1);
        FlowKey key = FlowKey.of(p);
        return List.of(FlowFrame.of(key, T0, p), FlowFrame.end(key, T0, true), FlowFrame.end(key, T0 + 9, false));
    }

    private static byte[] bytes(List<FlowFrame> frames) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (FlowFrame f : frames) {
            FlowFrameSerializer.INSTANCE.serialize(f, out);
        }
        return Arrays.copyOf(out.getSharedBuffer(), out.length());
    }

    private static String describe(FlowFrame f) {
        return f.key() + " " + f.flowStartNanos() + " " + f.isEnd() + " " + f.recorded() + " " + f.timestampNanos()
                + " " + f.wireLength() + " " + f.linkType() + " " + Arrays.toString(f.bytes());
    }

    @Test
    void theFormat1SampleReadsToTheFramesItWasWrittenFrom() throws IOException {
        byte[] committed;
        try (InputStream in = getClass().getResourceAsStream("/flow-frame-format-1.bin")) {
            assertThat(in).as("the committed sample").isNotNull();
            committed = in.readAllBytes();
        }
        DataInputDeserializer in = new DataInputDeserializer(committed);
        List<String> read = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            read.add(describe(FlowFrameSerializer.INSTANCE.deserialize(in)));
        }
        assertThat(in.available()).isZero();
        assertThat(read).containsExactlyElementsOf(sample().stream().map(FlowFrameSerializerTest::describe)
                .collect(java.util.stream.Collectors.toList()));
        assertThat(read.get(0)).contains(" 1514 1 ");
        // and this build still writes format 1 byte for byte
        assertThat(bytes(sample())).isEqualTo(committed);
    }

    @Test
    void aLaterFormatIsRefusedNamingIt() throws IOException {
        byte[] later = bytes(sample());
        later[0] = 2;
        assertThatThrownBy(() -> FlowFrameSerializer.INSTANCE.deserialize(new DataInputDeserializer(later)))
                .isInstanceOf(IOException.class).hasMessageContaining("frame format 2");
    }

    /** Writes the sample; run once when a format is introduced, then commit the file. */
    public static void main(String[] args) throws IOException {
        java.nio.file.Files.write(java.nio.file.Path.of(args[0]), bytes(sample()));
    }
}
