package io.flowmeter.pcap.live;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterfaceSerializersTest {

    @Test
    void pendingInterfacesSurviveACheckpoint() throws IOException {
        List<InterfaceSplit> pending = List.of(new InterfaceSplit("eth0"), new InterfaceSplit("enp0s31f6.100"));
        byte[] bytes = InterfaceListSerializer.INSTANCE.serialize(pending);

        assertThat(InterfaceListSerializer.INSTANCE.deserialize(1, bytes))
                .extracting(InterfaceSplit::interfaceName).containsExactly("eth0", "enp0s31f6.100");
        assertThat(InterfaceSplitSerializer.INSTANCE.deserialize(1,
                InterfaceSplitSerializer.INSTANCE.serialize(new InterfaceSplit("lo"))).splitId()).isEqualTo("lo");
    }

    @Test
    void unknownVersionsAreRefused() {
        assertThatThrownBy(() -> InterfaceListSerializer.INSTANCE.deserialize(7, new byte[4]))
                .hasMessageContaining("version 7");
    }

    @Test
    void settingsRefuseNoInterfaceAndNonPositiveSnaplen() {
        assertThatThrownBy(() -> new LiveCaptureSettings(List.of(), null, 100, false))
                .hasMessageContaining("no interface");
        assertThatThrownBy(() -> new LiveCaptureSettings(List.of("lo"), null, 0, false))
                .hasMessageContaining("snapshot length");
    }
}
