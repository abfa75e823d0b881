package io.flowmeter.train.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowTableInputTest {

    @TempDir Path dir;

    @Test
    void cicTablesUseTheirNumericColumnsButNotIdentityOnes() throws Exception {
        Path table = Files.writeString(dir.resolve("cic.csv"),
                "id,Flow ID,Src IP,Src Port,Dst IP,Dst Port,Protocol,Timestamp,Flow Duration,Flow Bytes/s,"
                        + "Total Length of Fwd Packet,Total Length of Bwd Packet,Label,Attempted Category\n"
                        + "1,a-b,10.0.0.1,5,10.0.0.2,80,6,2017-07-07 12:59:21,25324,Infinity,108,224,BENIGN,-1\n");

        FlowTableInput input = FlowTableInput.open(List.of(table), "Label", "BENIGN", List.of());

        assertThat(input.featureColumns()).containsExactly("Protocol", "Flow Duration", "Flow Bytes/s",
                "Total Length of Fwd Packet", "Total Length of Bwd Packet");
        assertThat(input.hasBytes()).isTrue();
        assertThat(FlowTableInput.number("Infinity")).isZero();
        assertThat(FlowTableInput.number("NaN")).isZero();
        assertThat(FlowTableInput.number(" 12.5 ")).isEqualTo(12.5);
    }

    @Test
    void ourTablesUseTheThirtyNineFlowFeatures() throws Exception {
        String header = "fiveTuple,srcIP,dstIP,protocol,srcPort,dstPort," + String.join(",",
                FlowTableInput.defaultFeatures()) + ",flowStartNs,flowEndNs,endReason,label";
        Path table = Files.writeString(dir.resolve("ours.csv"), header + "\n");

        FlowTableInput input = FlowTableInput.open(List.of(table), "label", "benign", List.of());

        assertThat(input.featureColumns()).hasSize(39).isEqualTo(FlowTableInput.defaultFeatures());
    }

    @Test
    void missingColumnsAreReportedByName() throws Exception {
        Path table = Files.writeString(dir.resolve("t.csv"), "a,b,Label\n1,2,x\n");

        assertThatThrownBy(() -> FlowTableInput.open(List.of(table), "label", "benign", List.of()))
                .hasMessageContaining("label column 'label' is not in").hasMessageContaining("[a, b, Label]");
        assertThatThrownBy(() -> FlowTableInput.open(List.of(table), "Label", "benign", List.of("c")))
                .hasMessageContaining("feature column 'c' is not in");
    }

    @Test
    void seededSplitIsStableAndNearItsFractions() {
        SeededSplit split = new SeededSplit(42, 0.3, 0.2);
        int[] counts = new int[3];
        for (int i = 0; i < 20_000; i++) {
            counts[split.of("row " + i)]++;
        }
        assertThat(split.of("row 7")).isEqualTo(new SeededSplit(42, 0.3, 0.2).of("row 7"));
        assertThat(counts[TrainingRows.TEST] / 20_000.0).isBetween(0.28, 0.32);
        assertThat(counts[TrainingRows.CALIBRATION] / 20_000.0).isBetween(0.12, 0.16);
    }
}
