package io.flowmeter.pcap.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An interface given by a rule instead of a name, which each capturing host applies to itself: {@value #DEFAULT_ROUTE}
 * is the interface of the host's default route (IPv4 {@code /proc/net/route}, else IPv6 {@code /proc/net/ipv6_route};
 * of several, the one with the lowest metric). No Linux interface can be called that: the kernel refuses a
 * {@code ':'} in interface names.
 */
public final class InterfaceRule {

    /** The interface of the capturing host's default route. */
    public static final String DEFAULT_ROUTE = "route:default";

    private static final Path IPV4_ROUTES = Path.of("/proc/net/route");
    private static final Path IPV6_ROUTES = Path.of("/proc/net/ipv6_route");
    /** {@code RTF_UP}: the route is usable. */
    private static final int ROUTE_UP = 0x0001;
    /** {@code RTF_REJECT}: the route only refuses (the kernel's default route on {@code lo}). */
    private static final int ROUTE_REJECT = 0x0200;

    private InterfaceRule() {}

    /** Whether {@code name} is a rule, to be resolved on each capturing host, rather than an interface name. */
    public static boolean isRule(String name) {
        return DEFAULT_ROUTE.equals(name);
    }

    /**
     * The interface {@code name} stands for on this host: a rule resolved here, any other name as it is.
     *
     * @throws IOException when this host has no default route
     */
    public static String resolve(String name) throws IOException {
        if (!isRule(name)) {
            return name;
        }
        return defaultRouteInterface(lines(IPV4_ROUTES), lines(IPV6_ROUTES)).orElseThrow(() -> new IOException(
                DEFAULT_ROUTE + ": this host has no default route (" + IPV4_ROUTES + ", " + IPV6_ROUTES + ")"));
    }

    /** The interface of the default route in these route tables (the kernel's text form), IPv4 first. */
    static Optional<String> defaultRouteInterface(List<String> ipv4Routes, List<String> ipv6Routes) {
        Optional<String> ipv4 = lowestMetric(ipv4Routes.stream().skip(1).map(line -> line.trim().split("\\s+"))
                .filter(f -> f.length >= 8 && isZero(f[1]) && isZero(f[7]) && usable(f[3]))
                .map(f -> new Route(f[0], Long.parseLong(f[6]))));
        if (ipv4.isPresent()) {
            return ipv4;
        }
        return lowestMetric(ipv6Routes.stream().map(line -> line.trim().split("\\s+"))
                .filter(f -> f.length >= 10 && isZero(f[0]) && isZero(f[1]) && usable(f[8]) && !"lo".equals(f[9]))
                .map(f -> new Route(f[9], Long.parseLong(f[5], 16))));
    }

    private static Optional<String> lowestMetric(Stream<Route> routes) {
        return routes.min(Comparator.comparingLong(route -> route.metric)).map(route -> route.device);
    }

    private static boolean isZero(String hex) {
        return hex.chars().allMatch(c -> c == '0');
    }

    private static boolean usable(String hexFlags) {
        int flags = (int) Long.parseLong(hexFlags, 16);
        return (flags & ROUTE_UP) != 0 && (flags & ROUTE_REJECT) == 0;
    }

    private static List<String> lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return Collections.emptyList();
        }
    }

    /** One route: its device and metric. */
    private static final class Route {
        final String device;
        final long metric;

        Route(String device, long metric) {
            this.device = device;
            this.metric = metric;
        }
    }
}
