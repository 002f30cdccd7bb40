package org.orbited.halod.link;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SortedSet;
import java.util.TreeSet;

/** Typed, range-checked reads of one message's fields; every failure names the message, the field and the value. */
final class JsonFields {
    private final JsonNode object;
    private final String type;

    JsonFields(JsonNode object, String type) {
        this.object = object;
        this.type = type;
    }

    String text(String field) throws InvalidFieldException {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        String s = v.textValue();
        if (s.length() > LinkLimits.MAX_TEXT) {
            throw new InvalidFieldException(type + " field '" + field + "' is longer than " + LinkLimits.MAX_TEXT
                    + " characters");
        }
        return s;
    }

    String nonEmptyText(String field) throws InvalidFieldException {
        String s = text(field);
        if (s.isEmpty()) {
            throw new InvalidFieldException(type + " field '" + field + "' is empty");
        }
        return s;
    }

    long number(String field, long min, long max) throws InvalidFieldException {
        return check(field, required(field), min, max);
    }

    long optionalNumber(String field, long min, long max, long absent) throws InvalidFieldException {
        JsonNode v = object.get(field);
        return v == null || v.isNull() ? absent : check(field, v, min, max);
    }

    int integer(String field, int min, int max) throws InvalidFieldException {
        return (int) number(field, min, max);
    }

    int optionalInteger(String field, int min, int max, int absent) throws InvalidFieldException {
        return (int) optionalNumber(field, min, max, absent);
    }

    /** A list of distinct route ids 1..{@link LinkLimits#MAX_ROUTES}, at most that many. */
    SortedSet<Integer> routeList(String field) throws InvalidFieldException {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw wrongType(field, "an array of route ids", v);
        }
        if (v.size() > LinkLimits.MAX_ROUTES) {
            throw new InvalidFieldException(type + " field '" + field + "' lists " + v.size()
                    + " routes, more than " + LinkLimits.MAX_ROUTES);
        }
        SortedSet<Integer> routes = new TreeSet<>();
        for (JsonNode e : v) {
            int r = (int) check(field, e, 1, LinkLimits.MAX_ROUTES);
            if (!routes.add(r)) {
                throw new InvalidFieldException(type + " field '" + field + "' lists route " + r + " twice");
            }
        }
        return routes;
    }

    private JsonNode required(String field) throws InvalidFieldException {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(type + " is missing the required field '" + field + "'");
        }
        return v;
    }

    private long check(String field, JsonNode v, long min, long max) throws InvalidFieldException {
        if (!v.isIntegralNumber()) {
            throw wrongType(field, "an integer", v);
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new InvalidFieldException(type + " field '" + field + "' is " + v.asText() + ", outside "
                    + min + ".." + max);
        }
        return v.longValue();
    }

    private InvalidFieldException wrongType(String field, String expected, JsonNode v) {
        String shown = v.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "…";
        }
        return new InvalidFieldException(type + " field '" + field + "' must be " + expected + ", got "
                + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + shown);
    }
}
