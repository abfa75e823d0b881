package io.flowmeter.flow;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flow state of every earlier build is read by this one: the files of each format version (the serializer
 * snapshot and sample flows, as a checkpoint holds them, written by that version's build with {@link
 * FlowStateSamples}) restore to the flows this build accumulates from the same packets.
 */
class FlowAccumulatorSerializerUpgradeTest {

    private static final Path RESOURCES = Path.of("src/test/resources");

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {1, 2})
    void theStateOfEveryFormatVersionIsRestored(int version) throws Exception {
        TypeSerializerSnapshot<FlowAccumulator> snapshot = readSnapshot(version);
        assertThat(((FlowAccumulatorSerializer.FlowAccumulatorSerializerSnapshot) snapshot).formatVersion())
                .isEqualTo(version);

        TypeSerializerSchemaCompatibility<FlowAccumulator> compatibility =
                snapshot.resolveSchemaCompatibility(FlowAccumulatorSerializer.INSTANCE);
        if (version == FlowAccumulatorSerializer.FORMAT_VERSION) {
            assertThat(compatibility.isCompatibleAsIs()).isTrue();
        } else {
            assertThat(compatibility.isCompatibleAfterMigration()).as("migrated, not misread").isTrue();
        }

        List<FlowAccumulator> restored = readFlows(version, snapshot.restoreSerializer());
        List<FlowAccumulator> expected = FlowStateSamples.flows();
        assertThat(restored).hasSameSizeAs(expected);
        assertThat(expected).filteredOn(FlowAccumulator::isLingering).as("a lingering sample").hasSize(2);
        List<List<io.flowmeter.packet.PacketRecord>> packets = FlowStateSamples.packets();
        for (int i = 0; i < expected.size(); i++) {
            FlowKey key = FlowKey.of(packets.get(i % packets.size()).get(0));
            assertThat(FlowRecord.of(key, restored.get(i), EndReason.EOF).toString()).as("flow " + i)
                    .isEqualTo(FlowRecord.of(key, expected.get(i), EndReason.EOF).toString());
            assertThat(restored.get(i).timerMillis).isEqualTo(expected.get(i).timerMillis);
            assertThat(restored.get(i).isReset()).isEqualTo(expected.get(i).isReset());
            assertThat(restored.get(i).bothFinsSeen()).isEqualTo(expected.get(i).bothFinsSeen());
            if (version >= 2) {
                assertThat(restored.get(i).isLingering()).isEqualTo(expected.get(i).isLingering());
                assertThat(restored.get(i).closeReason()).isEqualTo(expected.get(i).closeReason());
                assertThat(restored.get(i).closeNanos).isEqualTo(expected.get(i).closeNanos);
                assertThat(restored.get(i).seqBaseA).isEqualTo(expected.get(i).seqBaseA);
                assertThat(restored.get(i).seqBaseB).isEqualTo(expected.get(i).seqBaseB);
                assertThat(restored.get(i).status).isEqualTo(expected.get(i).status);
            } else {
                assertThat(restored.get(i).isLingering()).as("format 1 had no linger").isFalse();
            }
            // written again in the current format, it reads back the same
            DataOutputSerializer out = new DataOutputSerializer(1024);
            FlowAccumulatorSerializer.INSTANCE.serialize(restored.get(i), out);
            FlowAccumulator again = FlowAccumulatorSerializer.INSTANCE.deserialize(
                    new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(FlowRecord.of(key, again, EndReason.EOF).toString())
                    .isEqualTo(FlowRecord.of(key, restored.get(i), EndReason.EOF).toString());
        }
    }

    @Test
    void theCurrentFormatsFilesAreStored() {
        assertThat(FlowStateSamples.directory(RESOURCES, FlowAccumulatorSerializer.FORMAT_VERSION))
                .as("run FlowStateSamples.main to store this format's files").isDirectory();
    }

    @Test
    void aFormatFromALaterBuildIsRefusedNotMisread() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(out,
                new FlowAccumulatorSerializer.FlowAccumulatorSerializerSnapshot(FlowAccumulatorSerializer.FORMAT_VERSION + 1));
        TypeSerializerSnapshot<FlowAccumulator> later = TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(later.resolveSchemaCompatibility(FlowAccumulatorSerializer.INSTANCE).isIncompatible()).isTrue();
        assertThatThrownBy(later::restoreSerializer).hasMessageContaining("by a later build");
    }

    private static TypeSerializerSnapshot<FlowAccumulator> readSnapshot(int version) throws Exception {
        try (InputStream in = Files.newInputStream(
                FlowStateSamples.directory(RESOURCES, version).resolve("serializer-snapshot"))) {
            return TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
                    new DataInputViewStreamWrapper(in), FlowAccumulatorSerializerUpgradeTest.class.getClassLoader());
        }
    }

    private static List<FlowAccumulator> readFlows(int version, TypeSerializer<FlowAccumulator> serializer)
            throws Exception {
        try (InputStream in = Files.newInputStream(FlowStateSamples.directory(RESOURCES, version).resolve("flows"))) {
            DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
            int count = view.readInt();
            List<FlowAccumulator> flows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                flows.add(serializer.deserialize(view));
            }
            assertThat(in.read()).as("nothing after the flows").isEqualTo(-1);
            return flows;
        }
    }
}
