package org.orbited.halod.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoutePortsTest {
    @Test
    void mapsRoutesToPortsAndBack() {
        RoutePorts p = new RoutePorts(24, 24000, 25000);
        assertThat(p.browserPort(7)).isEqualTo(24006);
        assertThat(p.appPort(7)).isEqualTo(25006);
        assertThat(p.routeOfBrowserPort(24023)).isEqualTo(24);
        assertThat(p.routeOfBrowserPort(24024)).isZero();
        assertThat(p.routeOfAppPort(24999)).isZero();
    }

    @Test
    void refusesOverlappingOrOutOfRangePorts() {
        assertThatThrownBy(() -> new RoutePorts(24, 24000, 24023)).hasMessageContaining("overlap");
        assertThatThrownBy(() -> new RoutePorts(4096, 62000, 20000)).hasMessageContaining("65535");
        assertThatThrownBy(() -> new RoutePorts(0, 1000, 2000)).hasMessageContaining("routes must be");
        assertThat(new RoutePorts(24, 24000, 24024).appPort(1)).isEqualTo(24024);
    }
}
