package org.orbited.webirc.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request on {@code /service/helpdesk/<name>} to its service and turns the outcome into the answer:
 * the service's {@code {"ok":true,...}}, or {@code {"ok":false,"code":...,"message":...}} for a refusal. An
 * unexpected exception is logged with the service's name and answered {@code helpdesk_bad_data}; the desk carries
 * on. On the plugin's thread.
 */
final class HelpDeskService {
    /** The root of every help-desk service channel. */
    static final String ROOT = "/service/helpdesk/";

    private static final Logger LOG = LoggerFactory.getLogger(HelpDeskService.class);

    @FunctionalInterface
    private interface Service {
        ObjectNode call(String clientId, JsonNode data);
    }

    private final Map<String, Service> services;

    HelpDeskService(Desk desk) {
        VisitorServices visitor = new VisitorServices(desk);
        HelperServices helper = new HelperServices(desk);
        services = Map.ofEntries(
                Map.entry("hello", visitor::hello),
                Map.entry("say", visitor::say),
                Map.entry("typing", visitor::typing),
                Map.entry("name", visitor::name),
                Map.entry("leave", visitor::leave),
                Map.entry("bye", visitor::bye),
                Map.entry("helper/login", helper::login),
                Map.entry("helper/open", helper::open),
                Map.entry("helper/say", helper::say),
                Map.entry("helper/typing", helper::typing),
                Map.entry("helper/close", helper::close),
                Map.entry("helper/done", helper::done));
    }

    /**
     * The answer to {@code clientId}'s request on {@code channel}; null for a publish to the events channel (it
     * carries the desk's events to clients and takes nothing from them).
     */
    ObjectNode handle(String clientId, String channel, JsonNode data) {
        if (channel.equals(HelpDeskEvents.CHANNEL)) {
            return null;
        }
        String name = channel.startsWith(ROOT) ? channel.substring(ROOT.length()) : channel;
        Service service = services.get(name);
        if (service == null) {
            return HelpDeskJson.failure(HelpDeskCodes.BAD_DATA, "no help-desk service " + name);
        }
        try {
            return service.call(clientId, HelpDeskJson.object(data));
        } catch (HelpDeskRefusal r) {
            return HelpDeskJson.failure(r.code(), r.getMessage());
        } catch (RuntimeException e) {
            LOG.error("helpdesk: {} from client {} failed", name, clientId, e);
            return HelpDeskJson.failure(HelpDeskCodes.BAD_DATA, "the help desk could not handle this request");
        }
    }
}
