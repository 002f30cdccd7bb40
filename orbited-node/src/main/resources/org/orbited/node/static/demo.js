/*
 * /_/demo.js: script of the demo page served at /. Listens with a plain EventSource on the
 * modern sse transport and prints the Orbit protocol command (orbit-protocol.md 2.1) that
 * sends this page an event. Event data is only ever inserted as text.
 */
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var user = (params.get('user') || '').trim() || 'guest';
  var session = '0';
  var loc = '/demo';
  var meta = document.querySelector('meta[name="orbit-port"]');
  var port = meta && /^\d+$/.test(meta.content) ? meta.content : '9000';
  var nextId = 1;

  var $ = function (id) { return document.getElementById(id); };
  var statusEl = $('status'), list = $('events'), emptyEl = $('empty'), bodyEl = $('body');

  $('key').textContent = '(' + user + ', ' + session + ', ' + loc + ')';

  function setStatus(cls, text) {
    statusEl.className = 'status ' + cls;
    statusEl.textContent = text;
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function append(text, id, note) {
    var d = new Date(), li = document.createElement('li'), t = document.createElement('time');
    var data = document.createElement('div');
    t.dateTime = d.toISOString();
    t.textContent = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
    data.className = 'data';
    data.textContent = text;
    if (id) {
      var idEl = document.createElement('span');
      idEl.className = 'id';
      idEl.textContent = 'id ' + id;
      data.appendChild(idEl);
    }
    if (note) li.className = 'note';
    li.appendChild(t);
    li.appendChild(data);
    list.insertBefore(li, list.firstChild);
    emptyEl.hidden = true;
  }

  // printf interprets \ and % in its format; the shell needs ' closed, escaped and reopened.
  function printfText(s) { return s.replace(/\\/g, '\\\\').replace(/%/g, '%%'); }
  function shellQuote(s) { return "'" + s.replace(/'/g, "'\\''") + "'"; }
  function utf8Length(s) { return new TextEncoder().encode(s).length; }

  function renderCommand() {
    var body = bodyEl.value;
    // \r\n here are printf escapes; everything else reaches the wire byte for byte.
    var fmt = 'Orbit 1.0\\r\\nEvent\\r\\nid: ' + nextId + '\\r\\n' +
      'recipient: ' + printfText(user + ', ' + session + ', ' + loc) + '\\r\\n' +
      'length: ' + utf8Length(body) + '\\r\\n\\r\\n' + printfText(body);
    var arg = shellQuote(fmt);
    $('cmd-nc').textContent = 'printf ' + arg + ' | nc -q1 127.0.0.1 ' + port;
    // The loop prints the whole reply, up to the blank line that ends it (a Failure lists its recipients).
    $('cmd-bash').textContent = 'exec 3<>/dev/tcp/127.0.0.1/' + port + '; printf ' + arg +
      " >&3; while read -r l <&3 && [ \"$l\" != $'\\r' ]; do echo \"$l\"; done; exec 3<&-";
  }

  bodyEl.addEventListener('input', renderCommand);
  $('clear').addEventListener('click', function () {
    list.textContent = '';
    emptyEl.hidden = false;
  });
  renderCommand();

  var url = loc + '?user=' + encodeURIComponent(user) + '&session=' + session + '&transport=sse';
  var es = null;

  // 4500 "replaced": another connection with this key (a second tab, the tour's curl) took the session.
  // The page says so and offers to take it back instead of going quiet.
  function replaced(reason) {
    $('replaced-text').textContent = 'Another connection with the key (' + user + ', ' + session + ', ' + loc +
      ') took it over (' + reason + '): another tab, or a curl with user=' + user + '. Events for this key now' +
      ' go there.';
    $('replaced').hidden = false;
    setStatus('closed', 'replaced');
  }

  function connect() {
    $('replaced').hidden = true;
    setStatus('connecting', 'connecting…');
    es = new EventSource(url);
    es.onopen = function () { setStatus('open', 'connected'); };
    es.onerror = function () {
      if (es.readyState === EventSource.CLOSED) setStatus('closed', 'disconnected (reload to retry)');
      else setStatus('connecting', 'reconnecting…');
    };
    es.onmessage = function (e) {
      append(e.data, e.lastEventId);
      nextId++;
      renderCommand();
    };
    es.addEventListener('reset', function () { append('history lost (reset): earlier events may be missing', null, true); });
    es.addEventListener('reconnect', function () { setStatus('connecting', 'reconnecting…'); });
    es.addEventListener('close', function (e) {
      var code = parseInt(e.data, 10);
      if (code === 4500) { es.close(); replaced(e.data); return; }
      append('server closed the stream: ' + e.data, null, true);
      if (code > 4500) { es.close(); setStatus('closed', 'closed: ' + e.data); }
    });
  }

  $('take-back').addEventListener('click', connect);
  connect();
})();
