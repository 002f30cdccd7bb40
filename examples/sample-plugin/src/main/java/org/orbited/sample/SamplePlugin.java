package org.orbited.sample;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.ServerChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [plugin:sample]}: a plugin built against {@code orbited-plugin-api} alone, loaded from a plugin directory.
 *
 * <ul>
 *   <li>Answers {@code /service/sample/echo} with {@code {"echo": <request data>, "plugin": "sample"}}.</li>
 *   <li>Relays every publication on {@code in} (option, default {@code /sample/in}) to {@code out} (option, default
 *       {@code /sample/out}) as {@code {"heard": <data>, "from": <client id>}}, and publishes
 *       {@code {"greeting": <greeting option>}} to {@code out} whenever a client subscribes to it.</li>
 * </ul>
 * Options are read once in {@link #start}; a bad channel name makes {@code start} throw, naming it.
 */
public final class SamplePlugin implements OrbitedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(SamplePlugin.class);

    @Override
    public String name() {
        return "sample";
    }

    @Override
    public void start(PluginContext context) {
        ServerChannels channels = context.channels();
        String in = context.options().getOrDefault("in", "/sample/in");
        String out = context.options().getOrDefault("out", "/sample/out");
        String greeting = context.options().getOrDefault("greeting", "hello from the sample plugin");

        channels.handleService("/service/sample/echo", request -> {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.set("echo", request.data());
            answer.put("plugin", name());
            request.reply(answer);
        });
        channels.listen(in, message -> {
            ObjectNode relayed = JsonNodeFactory.instance.objectNode();
            relayed.set("heard", message.data());
            relayed.put("from", message.clientId());
            channels.publish(out, relayed);
        });
        channels.watchSubscriptions(out, event -> {
            if (event.subscribed()) {
                channels.publish(out, JsonNodeFactory.instance.objectNode().put("greeting", greeting));
            }
        });
        LOG.info("sample plugin relaying {} to {}, echo service on /service/sample/echo", in, out);
    }
}
