package io.flowmeter.pcap.live;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterfaceSerializersTest {

    @Test
    void pendingInterfacesSurviveACheckpoint() throws IOException {
        List<InterfaceSplit> pending = List.of(new InterfaceSplit("eth0"), new InterfaceSplit("enp0s31f6.100"));
        byte[] bytes = InterfaceListSerializer.INSTANCE.serialize(pending);

        assertThat(InterfaceListSerializer.INSTANCE.deserialize(2, bytes))
                .extracting(InterfaceSplit::interfaceName).containsExactly("eth0", "enp0s31f6.100");
        assertThat(InterfaceSplitSerializer.INSTANCE.deserialize(2,
                InterfaceSplitSerializer.INSTANCE.serialize(new InterfaceSplit("lo"))).splitId()).isEqualTo("lo");
    }

    @Test
    void aRulesSplitKeepsItsSubtask() throws IOException {
        InterfaceSplit split = new InterfaceSplit(InterfaceRule.DEFAULT_ROUTE, 3);
        InterfaceSplit restored = InterfaceSplitSerializer.INSTANCE.deserialize(2,
                InterfaceSplitSerializer.INSTANCE.serialize(split));

        assertThat(restored.splitId()).isEqualTo("route:default/3");
        assertThat(restored.subtask()).isEqualTo(3);
        assertThat(InterfaceListSerializer.INSTANCE.deserialize(2,
                InterfaceListSerializer.INSTANCE.serialize(List.of(split)))).extracting(InterfaceSplit::splitId)
                .containsExactly("route:default/3");
    }

    @Test
    void version1CheckpointsStillRestore() throws IOException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(list)) {
            out.writeInt(1);
            out.writeUTF("eth0");
        }

        assertThat(InterfaceListSerializer.INSTANCE.deserialize(1, list.toByteArray()))
                .extracting(InterfaceSplit::splitId).containsExactly("eth0");
        assertThat(InterfaceSplitSerializer.INSTANCE.deserialize(1, "lo".getBytes(StandardCharsets.UTF_8))
                .splitId()).isEqualTo("lo");
    }

    @Test
    void unknownVersionsAreRefused() {
        assertThatThrownBy(() -> InterfaceListSerializer.INSTANCE.deserialize(7, new byte[4]))
                .hasMessageContaining("version 7");
        assertThatThrownBy(() -> InterfaceSplitSerializer.INSTANCE.deserialize(3, new byte[4]))
                .hasMessageContaining("version 3");
    }

    @Test
    void settingsRefuseNoInterfaceAndNonPositiveSnaplen() {
        assertThatThrownBy(() -> new LiveCaptureSettings(List.of(), null, 100, false))
                .hasMessageContaining("no interface");
        assertThatThrownBy(() -> new LiveCaptureSettings(List.of("lo"), null, 0, false))
                .hasMessageContaining("snapshot length");
        assertThatThrownBy(() -> new LiveCaptureSettings(List.of("lo", InterfaceRule.DEFAULT_ROUTE), null, 100, false))
                .hasMessageContaining("give it alone");
    }
}
