// The live event tail: a one-time stream token from the dashboard (the page never holds an API key),
// then the account's WebSocket stream. Each event is listed as it arrives, newest first.
(function () {
  function csrf() {
    var m = document.cookie.match(/(?:^|; )settle_csrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : '';
  }
  function startTail() {
    var list = document.getElementById('live-events');
    var state = document.getElementById('live-state');
    if (!list) { return; }
    fetch('/dashboard/stream-token', { method: 'POST', headers: { 'X-CSRF-Token': csrf() }, credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error('stream token ' + r.status); } return r.json(); })
      .then(function (t) {
        var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
        var ws = new WebSocket(scheme + location.host + '/v1/stream', ['settle.v1', 'settle.token.' + t.token]);
        ws.onopen = function () { state.textContent = 'Connected: new events appear below.'; };
        ws.onmessage = function (m) {
          var e = JSON.parse(m.data);
          var li = document.createElement('li');
          li.setAttribute('data-type', e.type);
          var obj = e.data && e.data.object ? e.data.object.id : '';
          li.textContent = e.type + ' · ' + obj + ' · ' + e.id;
          var target = document.getElementById('live-events');
          target.insertBefore(li, target.firstChild);
        };
        ws.onclose = function () { state.textContent = 'Disconnected. Reload the page to reconnect.'; };
      })
      .catch(function (err) { state.textContent = 'Live events unavailable (' + err.message + ').'; });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', startTail); } else { startTail(); }
  // htmx posts carry the session's CSRF token too.
  document.addEventListener('htmx:configRequest', function (e) { e.detail.headers['X-CSRF-Token'] = csrf(); });
})();
