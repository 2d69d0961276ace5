// team.js: keeps a team member's entries on the phone until xaso has them.
// An entry is saved in localStorage with its own id at once, then sent to
// POST /api/v1/activities; when the link is down it stays there and is
// sent again when the link is back (the "online" event, and every few
// seconds). xaso keeps an id once, so an entry sent twice counts once.
// Without this script the form is posted as a plain form.
(function () {
  'use strict';
  var form = document.getElementById('activity-form');
  if (!form || !window.fetch || !window.localStorage || !window.JSON) return;
  var KEY = 'xaso.activities.pending';
  var pending = document.getElementById('pending');
  var notice = document.getElementById('team-notice');
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function store(q) {
    localStorage.setItem(KEY, JSON.stringify(q));
    pending.hidden = q.length === 0;
    pending.textContent = q.length ? pending.getAttribute('data-label') + ' ' + q.length : '';
  }
  function say(text) { notice.textContent = text; }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function drop(id) {
    store(load().filter(function (e) { return e.id !== id; }));
  }
  function csrf() {
    var f = form.querySelector('input[name=csrf]');
    return f ? f.value : '';
  }

  // Sends the oldest entry, then the next, until none is left or the link fails.
  function flush() {
    var q = load();
    if (sending || !q.length || navigator.onLine === false) return;
    sending = true;
    var entry = q[0];
    fetch('/api/v1/activities', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() },
      body: JSON.stringify(entry)
    }).then(function (r) {
      sending = false;
      if (r.status === 200 || r.status === 201) {
        drop(entry.id);
        say(pending.getAttribute('data-sent'));
        flush();
      } else if (r.status === 400 || r.status === 422) {
        // The entry itself is refused: sending it again would not help.
        drop(entry.id);
        r.json().then(function (j) {
          say(pending.getAttribute('data-refused') + ' ' + ((j.error && j.error.message) || ''));
        }, function () {});
        flush();
      }
      // Anything else (signed out, server busy): kept for the next try.
    }, function () { sending = false; });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var data = new FormData(form), entry = { id: newId() };
    ['kind', 'day', 'people', 'attendance', 'note'].forEach(function (k) {
      var v = data.get('f.' + k);
      if (v !== null && v !== '') entry[k] = v;
    });
    if (entry.kind === 'training') {
      delete entry.people;
    } else {
      delete entry.attendance;
    }
    var q = load();
    q.push(entry);
    store(q);
    say(pending.getAttribute('data-saved'));
    form.querySelector('input[name="f.people"]').value = '1';
    form.querySelector('input[name="f.attendance"]').value = '';
    form.querySelector('input[name="f.note"]').value = '';
    flush();
  });
  window.addEventListener('online', flush);
  setInterval(flush, 5000);
  store(load());
  flush();
})();
