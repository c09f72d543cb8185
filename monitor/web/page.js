(function () {
  'use strict';
  var form = document.getElementById('diagnose');
  if (!form || !window.fetch || !window.TextDecoder || !window.ReadableStream || !window.JSON) {
    return; // the form posts and the server answers with the report
  }
  var button = form.querySelector('button');
  var section = document.getElementById('progress');
  var status = document.getElementById('status');
  var steps = document.getElementById('steps');
  var maxItems = 300;
  var maxBuffer = 8 << 20;
  var rows = {};

  function say(text, cls) {
    status.textContent = text;
    status.className = cls || '';
  }

  function item(key, text, cls) {
    var li = key && rows[key];
    if (!li) {
      if (steps.childElementCount >= maxItems) {
        return;
      }
      li = document.createElement('li');
      steps.appendChild(li);
      if (key) {
        rows[key] = li;
      }
    }
    li.textContent = text;
    li.className = cls || '';
  }

  function label(ev) {
    var p = ev.Path || {};
    var prefix = '';
    if (p.Family === 'ipv6') {
      prefix = 'ipv6 ';
    }
    if (p.Transport === 'explicit_tls') {
      prefix += 'tls ';
    } else if (p.Transport === 'implicit_tls') {
      prefix += 'implicit ';
    }
    return prefix + (ev.Step || '');
  }

  function onEvent(ev) {
    var key = label(ev);
    switch (ev.Kind) {
      case 'step_started':
        item(key, key + ' \u2026', 'running');
        break;
      case 'step_finished':
        item(key, key + ' \u2014 ' + (ev.Status || 'done') + (ev.Detail ? ': ' + ev.Detail : ''), ev.Status || '');
        break;
      case 'finding':
        if (ev.Finding) {
          item('', 'finding ' + ev.Finding.ID + ': ' + (ev.Finding.Summary || ''), ev.Finding.Severity || '');
        }
        break;
      case 'transcript':
        if (ev.Entry && ev.Entry.Line) {
          say((ev.Entry.Dir === 'send' ? '\u2192 ' : ev.Entry.Dir === 'recv' ? '\u2190 ' : '') + ev.Entry.Line);
        }
        break;
    }
  }

  function onLine(text) {
    var l = JSON.parse(text);
    if (l.event) {
      onEvent(l.event);
      return false;
    }
    if (l.error) {
      throw new Error(l.error);
    }
    if (l.result) {
      if (typeof l.report === 'string' && /^r\/[A-Za-z0-9_-]+$/.test(l.report)) {
        say('Finished: ' + (l.result.Verdict || '') + '. Opening the report\u2026');
        window.location.assign(l.report);
      } else {
        say('Finished, but the server kept no report.', 'error');
      }
      return true;
    }
    return false;
  }

  async function run() {
    var fd = new FormData(form);
    var body = {target: String(fd.get('target') || '').trim(), report: true};
    var user = String(fd.get('user') || '').trim();
    var password = String(fd.get('password') || '');
    var tls = String(fd.get('tls') || '');
    if (user) {
      body.user = user;
    }
    if (password) {
      body.password = password;
    }
    if (tls) {
      body.tls = tls;
    }
    var token = String(fd.get('token') || '').trim();
    section.hidden = false;
    steps.textContent = '';
    rows = {};
    say('Connecting to ' + body.target + '\u2026');
    var resp = await fetch(form.dataset.api, {
      method: 'POST',
      headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'},
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error'
    });
    if (!resp.ok) {
      var msg = (await resp.text()).slice(0, 500).trim();
      throw new Error(resp.status + ' ' + resp.statusText + (msg ? ': ' + msg : ''));
    }
    var reader = resp.body.getReader();
    var dec = new TextDecoder();
    var buf = '';
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) {
        break;
      }
      buf += dec.decode(chunk.value, {stream: true});
      if (buf.length > maxBuffer) {
        throw new Error('the answer has a line longer than ' + maxBuffer + ' bytes');
      }
      var i;
      while ((i = buf.indexOf('\n')) >= 0) {
        var line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim() && onLine(line)) {
          reader.cancel();
          return;
        }
      }
    }
    if (buf.trim() && onLine(buf)) {
      return;
    }
    throw new Error('the answer ended before the result');
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    button.disabled = true;
    run().catch(function (err) {
      say('Failed: ' + (err && err.message ? err.message : String(err)), 'error');
    }).finally(function () {
      button.disabled = false;
    });
  });
})();
