package io.flowmeter.context;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The host context state is a file format: {@code host-activity-format-1.bin} was written by the build that
 * introduced format 1, and every later build must read it to the same values.
 */
class HostActivitySerializerTest {

    private static final long T0 = 1_700_000_000L * HostActivity.SECOND;

    /** The activity the committed sample holds: a scan of 300 ports from two windows, some refused. */
    static HostActivity sample() {
        HostActivity host = new HostActivity();
        for (int i = 0; i < 300; i++) {
            boolean[] outcome = {i % 3 == 0, i % 5 == 0, i % 5 == 0};
            host.add(T0 + i * 300_000_000L, outcome, 60 + i % 7, i % 2 == 0 ? 0 : 54, "10.0.0." + (i % 40), 1 + i);
        }
        return host;
    }

    private static double[] values(HostActivity host) {
        double[] v = new double[11];
        host.write(v, 0);
        return v;
    }

    private static byte[] bytes(HostActivity host) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        HostActivitySerializer.INSTANCE.serialize(host, out);
        return Arrays.copyOf(out.getSharedBuffer(), out.length());
    }

    @Test
    void theFormat1SampleReadsToTheValuesItWasWrittenFrom() throws IOException {
        byte[] committed;
        try (InputStream in = getClass().getResourceAsStream("/host-activity-format-1.bin")) {
            assertThat(in).as("the committed sample").isNotNull();
            committed = in.readAllBytes();
        }
        HostActivity read = HostActivitySerializer.INSTANCE.deserialize(new DataInputDeserializer(committed));
        assertThat(values(read)).containsExactly(values(sample()));
        // and this build still writes format 1 byte for byte
        assertThat(bytes(sample())).isEqualTo(committed);
    }

    @Test
    void aCopyIsDeepAndEqual() throws IOException {
        HostActivity original = sample();
        HostActivity copy = HostActivitySerializer.INSTANCE.copy(original);
        assertThat(values(copy)).containsExactly(values(original));
        copy.add(T0 + 200 * HostActivity.SECOND, new boolean[3], 1, 1, "other", 9);
        assertThat(values(original)).containsExactly(values(sample()));
    }

    @Test
    void aLaterFormatIsRefusedNamingIt() throws IOException {
        byte[] later = bytes(sample());
        later[0] = 2;
        assertThatThrownBy(() -> HostActivitySerializer.INSTANCE.deserialize(new DataInputDeserializer(later)))
                .isInstanceOf(IOException.class).hasMessageContaining("format 2").hasMessageContaining("later build");
    }

    /** Writes the sample; run once when a format is introduced, then commit the file. */
    public static void main(String[] args) throws IOException {
        java.nio.file.Files.write(java.nio.file.Path.of(args[0]), bytes(sample()));
    }
}
