package org.orbited.halod.core;

/**
 * One route changing owner, in {@link RouteTable}'s id space: {@code from} is the owner's id before the change and
 * {@code to} the new owner's id after it (they differ in meaning only under the seed policy's renaming, see
 * {@link RouteTable#removeSeed}). {@code from} is 0 for a route that had no owner (the first join).
 */
public record RouteMove(int route, int from, int to) {
}
