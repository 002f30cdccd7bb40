package org.orbited.bench;

import picocli.CommandLine.ITypeConverter;

/** {@code --transport} values with dashes ({@code long-poll}, {@code bayeux-websocket}). */
public final class TransportConverter implements ITypeConverter<Transport> {
    @Override
    public Transport convert(String value) {
        return Transport.parse(value);
    }
}
