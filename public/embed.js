/* Switchboard chat loader. Paste before </body>:
 *   <script src="https://chat.example.com/embed.js" data-link="default" async></script>
 * Draws the chat button as set in the console (colour, text, desktop and
 * mobile styles); the chat window (an iframe) loads only when opened.
 * A small socket (/ws/site) tells agents which page the visitor is on
 * (online visitors) and brings invitations, shown as a bubble.
 * API: Switchboard.open(), Switchboard.close(), Switchboard.setCustomer({name, email, phone,
 *   external_id}) — shown to agents as unverified — or setCustomer({identity: token}) with a
 *   signed or encrypted identity made on the site's server (docs/identity.md);
 *   Switchboard.pageView() after a single-page app changes page without history.pushState. */
(function () {
  if (window.Switchboard) return;
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src, location.href).origin;
  var link = script.getAttribute('data-link') || 'default';
  var frame = null, box = null, btn = null, isOpen = false, customer = {}, label = '';
  var mobile = window.matchMedia('(max-width: 600px)');
  var queued = [];
  var site = null, retry = 1, bubble = null, bubbleTimer = 0, lastUrl = '';
  function store(kind, key, value) {
    try {
      var s = window[kind];
      if (value !== undefined) s.setItem(key, value);
      return s.getItem(key);
    } catch (e) { return value || null; }
  }
  // The browser's id for this site (not a secret: it says only where it is).
  var vid = store('localStorage', 'sb_vid');
  if (!/^[\w-]{16,64}$/.test(vid || '')) {
    var b = new Uint8Array(12);
    crypto.getRandomValues(b);
    vid = store('localStorage', 'sb_vid', Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join(''));
  }
  // Where this visit came from: the first page's referrer from another site.
  var ref = store('sessionStorage', 'sb_ref');
  if (ref === null) {
    var r = document.referrer;
    try { if (r && new URL(r).host === location.host) r = ''; } catch (e) { r = ''; }
    ref = store('sessionStorage', 'sb_ref', r);
  }

  function defaultLabel(lang) {
    return /^zh/i.test(lang || navigator.language) ? '在线咨询' : 'Chat with us';
  }

  function draw(cfg) {
    var color = /^#[0-9a-f]{6}$/i.test(cfg.theme_color || '') ? cfg.theme_color : '#2563eb';
    label = script.getAttribute('data-label') || cfg.button_text || defaultLabel(cfg.language);
    var desk = cfg.desktop_button === 'round' ? 'round' : 'pill';
    var mob = cfg.mobile_button === 'pill' ? 'pill' : 'round';
    var css = document.createElement('style');
    css.textContent =
      '.sb-btn{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;border:0;border-radius:999px;padding:12px 18px;background:' + color + ';color:#fff;font:600 14px system-ui,sans-serif;box-shadow:0 6px 20px rgba(0,0,0,.2);cursor:pointer}' +
      '.sb-btn svg{width:20px;height:20px}.sb-btn:focus-visible{outline:3px solid #111;outline-offset:2px}' +
      '.sb-round{padding:16px}.sb-round span{display:none}' +
      '.sb-box{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:380px;height:600px;max-height:calc(100vh - 104px);border-radius:14px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.25);background:#fff;display:none}' +
      '.sb-bub{position:fixed;right:20px;bottom:84px;z-index:2147483001;max-width:300px;padding:14px 16px;border-radius:12px;background:#fff;color:#111;font:14px/1.4 system-ui,sans-serif;box-shadow:0 8px 30px rgba(0,0,0,.2)}' +
      '.sb-bub p{margin:0 0 10px}.sb-bub b{display:block;margin-bottom:4px}.sb-bub button{margin-right:8px;border:0;border-radius:6px;padding:6px 12px;font:inherit;cursor:pointer;background:#eee}.sb-bub .sb-yes{background:' + color + ';color:#fff}' +
      '.sb-box.sb-open{display:block}.sb-box iframe{width:100%;height:100%;border:0}' +
      '@media (max-width:600px){.sb-btn{right:12px;bottom:12px}.sb-m-round{padding:16px}.sb-m-round span{display:none}.sb-m-pill{padding:12px 18px}.sb-m-pill span{display:inline}.sb-box{inset:0;width:auto;height:auto;max-height:none;border-radius:0}}';
    document.head.appendChild(css);

    btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'sb-btn' + (desk === 'round' ? ' sb-round' : '') + ' sb-m-' + mob;
    btn.setAttribute('aria-label', label);
    btn.setAttribute('aria-expanded', 'false');
    btn.innerHTML = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg><span></span>';
    btn.querySelector('span').textContent = label;
    btn.addEventListener('click', function () { isOpen ? close() : open(); });
    (document.body || document.documentElement).appendChild(btn);
    // Calls made before the button existed (e.g. Switchboard.open() at load).
    while (queued.length) queued.shift()();
  }

  function src() {
    var q = '?embed=1&page=' + encodeURIComponent(location.href) + '&vid=' + vid + (ref ? '&referrer=' + encodeURIComponent(ref) : '');
    for (var k in customer) if (customer[k] != null) q += '&' + encodeURIComponent(k) + '=' + encodeURIComponent(customer[k]);
    return origin + '/chat/' + encodeURIComponent(link) + q;
  }
  function open() {
    if (!btn) { queued.push(open); return; }
    if (!box) {
      box = document.createElement('div');
      box.className = 'sb-box';
      frame = document.createElement('iframe');
      frame.title = label;
      frame.src = src();
      frame.allow = 'clipboard-write';
      box.appendChild(frame);
      document.body.appendChild(box);
    }
    box.classList.add('sb-open');
    isOpen = true;
    btn.setAttribute('aria-expanded', 'true');
    if (mobile.matches) btn.style.display = 'none';
    hideBubble();
  }
  function close() {
    if (!btn) return;
    if (box) box.classList.remove('sb-open');
    isOpen = false;
    btn.setAttribute('aria-expanded', 'false');
    btn.style.display = '';
  }
  function say(msg) {
    if (site && site.readyState === 1) site.send(JSON.stringify(msg));
  }
  function view() {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    hideBubble();
    say({ t: 'view', url: location.href, title: document.title, referrer: document.referrer });
  }
  function connect() {
    var u = origin.replace(/^http/, 'ws') + '/ws/site?link=' + encodeURIComponent(link) + '&vid=' + vid + '&lang=' + encodeURIComponent(navigator.language || '');
    try { site = new WebSocket(u); } catch (e) { return; }
    site.onopen = function () { retry = 1; lastUrl = ''; view(); };
    site.onmessage = function (e) {
      var m;
      try { m = JSON.parse(e.data); } catch (x) { return; }
      if (m.t !== 'invite' || isOpen) return;
      // Declining is remembered for the visit; an agent's own invitation still shows.
      if (!m.agent && store('sessionStorage', 'sb_no') === '1') return;
      clearTimeout(bubbleTimer);
      bubbleTimer = setTimeout(function () { showBubble(m); }, (m.after_secs || 0) * 1000);
    };
    site.onclose = function () {
      site = null;
      setTimeout(connect, Math.min(60, retry *= 2) * 1000);
    };
  }
  function hideBubble() {
    clearTimeout(bubbleTimer);
    if (bubble) bubble.remove();
    bubble = null;
  }
  function showBubble(m) {
    if (!btn || isOpen) return;
    hideBubble();
    bubble = document.createElement('div');
    bubble.className = 'sb-bub';
    bubble.setAttribute('role', 'dialog');
    bubble.setAttribute('aria-label', label);
    var zh = /^zh/i.test(navigator.language);
    bubble.innerHTML = '<b></b><p></p><button type="button" class="sb-yes"></button><button type="button"></button>';
    bubble.querySelector('b').textContent = m.agent || '';
    bubble.querySelector('p').textContent = m.text;
    var yes = bubble.querySelectorAll('button')[0], no = bubble.querySelectorAll('button')[1];
    yes.textContent = zh ? '开始咨询' : 'Chat now';
    no.textContent = zh ? '不用了' : 'No thanks';
    yes.onclick = function () { say({ t: 'accept', id: m.id }); open(); };
    no.onclick = function () { say({ t: 'decline', id: m.id }); store('sessionStorage', 'sb_no', '1'); hideBubble(); };
    document.body.appendChild(bubble);
  }
  // Single-page apps: a new history entry is a new page.
  ['pushState', 'replaceState'].forEach(function (k) {
    var f = history[k];
    history[k] = function () { var r = f.apply(this, arguments); setTimeout(view); return r; };
  });
  window.addEventListener('popstate', view);
  window.addEventListener('message', function (e) {
    if (e.origin !== origin) return;
    if (e.data === 'switchboard:close') close();
  });
  window.Switchboard = {
    open: open,
    close: close,
    setCustomer: function (info) { customer = info || {}; if (frame) frame.src = src(); },
    pageView: view
  };
  if (window.WebSocket) connect();

  // The button's look is a few hundred bytes of JSON; the widget itself
  // loads on the first click. If the server cannot be reached, draw defaults.
  fetch(origin + '/api/v1/widget/' + encodeURIComponent(link))
    .then(function (r) { return r.ok ? r.json() : {}; })
    .catch(function () { return {}; })
    .then(draw);
})();
