/*
 * /_/iframe.js: runs inside the document of the 0.2 iframe/htmlfile transport
 * (orbit-protocol.md 5.3 H-IFRAME, 7.2). The server then writes, with no separators:
 *   <script>e(B);</script>  an event, B being a JavaScript expression (in practice JSON)
 *   <script>p();</script>   a ping
 *   <script>r();</script>   the reconnect instruction, followed by the end of the stream
 * and <body onLoad="reload();"> fires when the stream ends.
 */

// document.domain as Orbited 0.2 set it: an IP as it is, a name's last two labels.
(function () {
  var h = location.hostname, d = h;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(h) && h.indexOf(':') < 0) d = h.split('.').slice(-2).join('.');
  try { document.domain = d; } catch (x) { /* refused, or ignored by modern browsers */ }
})();

window.e = function () {}; // replaced by the parent's attach_iframe
var lastPing = null;

function p() {
  lastPing = new Date().getTime();
  if (window.orbitedPing) window.orbitedPing();
}

function r() {
  if (window.orbitedReconnect) window.orbitedReconnect();
}

function reload() {
  if (window.orbitedReconnect) window.orbitedReconnect(true);
}

try {
  parent.Orbited.attach_iframe(window);
} catch (x) {
  // The parent has no orbited.js or is on another origin: events cannot be delivered.
}
