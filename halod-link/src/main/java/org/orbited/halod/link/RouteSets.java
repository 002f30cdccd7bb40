package org.orbited.halod.link;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Route-set checks shared by the records. */
final class RouteSets {
    private RouteSets() {
    }

    static SortedSet<Integer> copy(Set<Integer> routes) {
        TreeSet<Integer> copy = new TreeSet<>(routes);
        if (copy.size() > LinkLimits.MAX_ROUTES) {
            throw new IllegalArgumentException("more than " + LinkLimits.MAX_ROUTES + " routes: " + copy.size());
        }
        if (!copy.isEmpty() && (copy.first() < 1 || copy.last() > LinkLimits.MAX_ROUTES)) {
            throw new IllegalArgumentException("route id outside 1.." + LinkLimits.MAX_ROUTES + ": " + copy);
        }
        return Collections.unmodifiableSortedSet(copy);
    }
}
