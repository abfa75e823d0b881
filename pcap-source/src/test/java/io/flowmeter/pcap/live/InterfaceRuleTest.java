package io.flowmeter.pcap.live;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InterfaceRuleTest {

    private static final String IPV4_HEADER =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";

    @Test
    void theDefaultRouteWithTheLowestMetricGivesTheInterface() {
        List<String> routes = List.of(IPV4_HEADER,
                "ens6\t00000000\t010200C0\t0003\t0\t0\t600\t00000000\t0\t0\t0",
                "ens5\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0",
                "cni0\t0000F40A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0");

        assertThat(InterfaceRule.defaultRouteInterface(routes, List.of())).hasValue("ens5");
    }

    @Test
    void routesThatAreDownOrNotDefaultAreNotTaken() {
        List<String> routes = List.of(IPV4_HEADER,
                "eth1\t00000000\t010200C0\t0002\t0\t0\t0\t00000000\t0\t0\t0",
                "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");

        assertThat(InterfaceRule.defaultRouteInterface(routes, List.of())).isEmpty();
    }

    @Test
    void anIpv6OnlyHostTakesItsIpv6DefaultRouteButNotTheRejectRouteOnLo() {
        List<String> ipv6 = List.of(
                "00000000000000000000000000000000 00 00000000000000000000000000000000 00"
                        + " 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo",
                "fd000000000000000000000000000000 40 00000000000000000000000000000000 00"
                        + " 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0",
                "00000000000000000000000000000000 00 00000000000000000000000000000000 00"
                        + " fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0");

        assertThat(InterfaceRule.defaultRouteInterface(List.of(IPV4_HEADER), ipv6)).hasValue("eth0");
        assertThat(InterfaceRule.defaultRouteInterface(List.of(), ipv6.subList(0, 2))).isEmpty();
    }

    @Test
    void aNameIsNoRuleAndResolvesToItself() throws IOException {
        assertThat(InterfaceRule.isRule("eth0")).isFalse();
        assertThat(InterfaceRule.isRule(InterfaceRule.DEFAULT_ROUTE)).isTrue();
        assertThat(InterfaceRule.resolve("enp0s31f6.100")).isEqualTo("enp0s31f6.100");
    }
}
