package org.orbited.node;
public final class Main { public static void main(String[] a) {} }
