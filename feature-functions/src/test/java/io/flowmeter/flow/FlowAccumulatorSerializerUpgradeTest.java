package io.flowmeter.flow;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flow state of every earlier build is read by this one: the files of each format version (the serializer
 * snapshot and sample flows, as a checkpoint holds them, written by that version's build with {@link
 * FlowStateSamples}) restore to the flows this build accumulates from the same packets.
 */
class FlowAccumulatorSerializerUpgradeTest {

    private static final Path RESOURCES = Path.of("src/test/resources");

    private static final FlowAccumulatorSerializer EXTENDED =
            new FlowAccumulatorSerializer(FlowStateSamples.EXTENDED.layout());

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void theStateOfEveryFormatVersionIsRestored(int version) throws Exception {
        TypeSerializerSnapshot<FlowAccumulator> snapshot = readSnapshot(version);
        assertThat(((FlowAccumulatorSerializer.FlowAccumulatorSerializerSnapshot) snapshot).formatVersion())
                .isEqualTo(version);

        TypeSerializerSchemaCompatibility<FlowAccumulator> compatibility = snapshot.resolveSchemaCompatibility(EXTENDED);
        if (version == FlowAccumulatorSerializer.FORMAT_VERSION) {
            assertThat(compatibility.isCompatibleAsIs()).isTrue();
        } else {
            assertThat(compatibility.isCompatibleAfterMigration()).as("migrated, not misread").isTrue();
        }

        List<FlowAccumulator> restored = readFlows(version, snapshot.restoreSerializer());
        List<FlowAccumulator> expected = FlowStateSamples.flows(version);
        assertThat(restored).hasSameSizeAs(expected);
        assertThat(expected).filteredOn(FlowAccumulator::isLingering).as("a lingering sample").hasSize(2);
        List<List<io.flowmeter.packet.PacketRecord>> packets = FlowStateSamples.packets(version);
        for (int i = 0; i < expected.size(); i++) {
            FlowKey key = FlowKey.of(packets.get(i % packets.size()).get(0));
            FlowAccumulator flow = restored.get(i).adoptLayout(expected.get(i).layout());
            assertThat(FlowRecord.of(key, flow, EndReason.EOF).toString()).as("flow " + i)
                    .isEqualTo(FlowRecord.of(key, expected.get(i), EndReason.EOF).toString());
            assertThat(flow.timerMillis).isEqualTo(expected.get(i).timerMillis);
            assertThat(flow.firstIcmpTypeCode).as("kept from format 4 on")
                    .isEqualTo(version >= 4 ? expected.get(i).firstIcmpTypeCode : -1);
            assertThat(flow.isReset()).isEqualTo(expected.get(i).isReset());
            assertThat(flow.bothFinsSeen()).isEqualTo(expected.get(i).bothFinsSeen());
            if (version >= 2) {
                assertThat(flow.isLingering()).isEqualTo(expected.get(i).isLingering());
                assertThat(flow.closeReason()).isEqualTo(expected.get(i).closeReason());
                assertThat(flow.closeNanos).isEqualTo(expected.get(i).closeNanos);
                assertThat(flow.seqBaseA).isEqualTo(expected.get(i).seqBaseA);
                assertThat(flow.seqBaseB).isEqualTo(expected.get(i).seqBaseB);
                assertThat(flow.status).isEqualTo(expected.get(i).status);
            } else {
                assertThat(flow.isLingering()).as("format 1 had no linger").isFalse();
            }
            // written again in the current format, it reads back the same
            FlowAccumulatorSerializer current = new FlowAccumulatorSerializer(flow.layout());
            DataOutputSerializer out = new DataOutputSerializer(1024);
            current.serialize(flow, out);
            FlowAccumulator again = current.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(FlowRecord.of(key, again, EndReason.EOF).toString())
                    .isEqualTo(FlowRecord.of(key, flow, EndReason.EOF).toString());
        }
    }

    @Test
    void theCurrentFormatsFilesAreStored() {
        assertThat(FlowStateSamples.directory(RESOURCES, FlowAccumulatorSerializer.FORMAT_VERSION))
                .as("run FlowStateSamples.main to store this format's files").isDirectory();
    }

    @Test
    void aFormatFromALaterBuildIsRefusedNotMisread() throws Exception {
        TypeSerializerSnapshot<FlowAccumulator> later = roundTrip(new FlowAccumulatorSerializer
                .FlowAccumulatorSerializerSnapshot(FlowAccumulatorSerializer.FORMAT_VERSION + 1, Map.of()));

        assertThatThrownBy(() -> later.resolveSchemaCompatibility(EXTENDED)).rootCause()
                .hasMessageContaining("by a later build");
        assertThatThrownBy(later::restoreSerializer).rootCause().hasMessageContaining("by a later build");
    }

    @Test
    void aPluginStateFromALaterBuildIsRefusedNotMisread() throws Exception {
        Map<String, Integer> versions = new LinkedHashMap<>(FlowStateSamples.EXTENDED.layout().stateVersions());
        versions.put("bulks", 2);
        TypeSerializerSnapshot<FlowAccumulator> later = roundTrip(new FlowAccumulatorSerializer
                .FlowAccumulatorSerializerSnapshot(FlowAccumulatorSerializer.FORMAT_VERSION, versions));

        assertThatThrownBy(() -> later.resolveSchemaCompatibility(EXTENDED))
                .rootCause().hasMessageContaining("feature plugin bulks was written in version 2 by a later build");
    }

    @Test
    void aJobComputingFewerPluginsDropsTheOthersStates() throws Exception {
        TypeSerializerSnapshot<FlowAccumulator> snapshot = readSnapshot(FlowAccumulatorSerializer.FORMAT_VERSION);
        FlowSettings fewer = FlowSettings.defaults();

        assertThat(snapshot.resolveSchemaCompatibility(new FlowAccumulatorSerializer(fewer.layout()))
                .isCompatibleAfterMigration()).isTrue();
        List<FlowAccumulator> restored = readFlows(FlowAccumulatorSerializer.FORMAT_VERSION,
                snapshot.restoreSerializer());
        FlowAccumulator flow = restored.get(0).adoptLayout(fewer.layout());
        assertThat(flow.layout().stateVersions()).containsOnlyKeys("flowmeter");
        FlowKey key = FlowKey.of(FlowStateSamples.packets().get(0).get(0));
        assertThat(FlowRecord.of(key, flow, EndReason.EOF).get(FlowFeature.flowLength)).isEqualTo(7);
    }

    @Test
    void aJobNeedingAPluginTheStateLacksIsRefusedNamingIt() throws Exception {
        TypeSerializerSnapshot<FlowAccumulator> snapshot = readSnapshot(FlowAccumulatorSerializer.FORMAT_VERSION);
        FlowSettings more = FlowStateSamples.EXTENDED.withExtraColumns(List.of("fwdTtlMin"));

        assertThatThrownBy(() -> snapshot.resolveSchemaCompatibility(new FlowAccumulatorSerializer(more.layout())))
                .rootCause().hasMessageContaining("without the state of plugin(s) ip-ttl");
        // flows of format 2, whose snapshot does not say which plugins they kept, are refused as the job takes them
        List<FlowAccumulator> format2 = readFlows(2, readSnapshot(2).restoreSerializer());
        assertThatThrownBy(() -> format2.get(0).adoptLayout(FlowStateSamples.EXTENDED.layout()))
                .rootCause().hasMessageContaining("without the state of plugin(s) tcp-flags, header-payload");
    }

    /**
     * A heap state backend reads every flow with the restore serializer before the job's state asks for
     * compatibility: flows of format 2 without the extended state are then refused at once, naming what they lack,
     * not at the first checkpoint (whose failure would not say why).
     */
    @Test
    void flowsOfFormat2ReadBeforeTheJobAsksAreCheckedAgainstItsPlugins() throws Exception {
        TypeSerializerSnapshot<FlowAccumulator> snapshot = readSnapshot(2);
        readFlows(2, snapshot.restoreSerializer());

        assertThatThrownBy(() -> snapshot.resolveSchemaCompatibility(EXTENDED))
                .isInstanceOf(SuppressRestartsException.class).rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without the state of plugin(s) tcp-flags, header-payload")
                .hasMessageContaining("(they had flowmeter)");
        assertThat(snapshot.resolveSchemaCompatibility(new FlowAccumulatorSerializer(FlowSettings.defaults().layout()))
                .isCompatibleAfterMigration()).as("every flow kept FlowMeter's statistics").isTrue();
    }

    private static TypeSerializerSnapshot<FlowAccumulator> roundTrip(TypeSerializerSnapshot<FlowAccumulator> snapshot)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(out, snapshot);
        return TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), FlowAccumulatorSerializerUpgradeTest.class.getClassLoader());
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
