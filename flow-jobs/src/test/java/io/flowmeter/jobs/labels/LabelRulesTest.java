package io.flowmeter.jobs.labels;

import io.flowmeter.flow.FlowRecord;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelRulesTest {

    private static final long JULY_7_15H_ATLANTIC = 1_499_450_400L * 1_000_000_000L; // 2017-07-07T15:00-03:00

    private static FlowRecord flow(String src, int srcPort, String dst, int dstPort, int protocol, long startNanos) {
        FlowRecord f = new FlowRecord();
        f.srcIp = src;
        f.srcPort = srcPort;
        f.dstIp = dst;
        f.dstPort = dstPort;
        f.protocol = protocol;
        f.flowStartNs = startNanos;
        return f;
    }

    private static String labelOf(LabelRules rules, FlowRecord flow) {
        LabelRule rule = rules.ruleOf(flow);
        return rule == null ? "none" : rule.label() + (rule.family().isEmpty() ? "" : " " + rule.family());
    }

    @Test
    void theFirstMatchingRuleGivesTheLabelAndAddressesMatchOnEitherSide() {
        LabelRules rules = LabelRules.parse("schedule.csv", List.of(
                "# CIC-IDS2017, Friday afternoon",
                "label,family,address,port,protocol,start,end",
                "benign,,192.168.10.3,53,udp,,",
                "malicious,PortScan,172.16.0.1,,tcp,2017-07-07T15:00:00-03:00,2017-07-07T16:00:00-03:00",
                "malicious,DDoS,192.168.10.0/24,80,,2017-07-07T15:56:00-03:00,",
                "benign,,fe80::/10,,,,"));

        assertThat(labelOf(rules, flow("192.168.10.50", 5353, "192.168.10.3", 53, 17, 0))).isEqualTo("benign");
        // the victim as source, the attacker as destination: still the scan
        assertThat(labelOf(rules, flow("192.168.10.50", 22, "172.16.0.1", 40000, 6, JULY_7_15H_ATLANTIC)))
                .isEqualTo("malicious PortScan");
        // an hour later the scan's window is over; the DDoS rule's is open, on port 80 of the /24
        long later = JULY_7_15H_ATLANTIC + 3_600_000_000_000L;
        assertThat(labelOf(rules, flow("172.16.0.1", 40000, "192.168.10.50", 80, 6, later)))
                .isEqualTo("malicious DDoS");
        assertThat(labelOf(rules, flow("172.16.0.1", 40000, "192.168.10.50", 443, 6, later))).isEqualTo("none");
        assertThat(labelOf(rules, flow("fe80::1", 546, "ff02::1:2", 547, 17, 0))).isEqualTo("benign");
        assertThat(labelOf(rules, flow("10.0.0.1", 546, "10.0.0.2", 547, 17, 0))).isEqualTo("none");
    }

    @Test
    void prefixesMatchBitByBitAndEpochSecondsAreTimes() {
        LabelRules rules = LabelRules.parse("t.csv", List.of("address,label,start,end",
                "10.0.0.0/13,malicious,1500000000,1500000000.5"));

        assertThat(labelOf(rules, flow("10.7.255.255", 1, "1.1.1.1", 2, 6, 1_500_000_000_000_000_000L)))
                .isEqualTo("malicious");
        assertThat(labelOf(rules, flow("10.8.0.0", 1, "1.1.1.1", 2, 6, 1_500_000_000_000_000_000L)))
                .isEqualTo("none");
        assertThat(labelOf(rules, flow("10.1.0.0", 1, "1.1.1.1", 2, 6, 1_500_000_000_500_000_000L)))
                .as("the end is exclusive").isEqualTo("none");
    }

    @Test
    void mistakesNameTheFileLineAndColumn() {
        assertThatThrownBy(() -> LabelRules.parse("l.csv", List.of("label,address", "malicious,attacker.example")))
                .hasMessage("l.csv line 2, column address: not an IP address or CIDR network: 'attacker.example'");
        assertThatThrownBy(() -> LabelRules.parse("l.csv", List.of("label,port", "evil,80")))
                .hasMessage("l.csv line 2, column label: must be benign or malicious, got 'evil'");
        assertThatThrownBy(() -> LabelRules.parse("l.csv", List.of("label,start", "benign,2017-07-07T15:00:00")))
                .hasMessageStartingWith("l.csv line 2, column start: not a time with an offset");
        assertThatThrownBy(() -> LabelRules.parse("l.csv", List.of("label,address", "benign,10.0.0.0/33")))
                .hasMessage("l.csv line 2, column address: prefix /33 is longer than the address");
        assertThatThrownBy(() -> LabelRules.parse("l.csv", List.of("label,host", "benign,x")))
                .hasMessageStartingWith("l.csv line 1: unknown column 'host'");
        assertThatThrownBy(() -> LabelRules.parse("l.csv", List.of("# nothing")))
                .hasMessageStartingWith("l.csv: no header line");
    }
}
