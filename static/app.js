// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var pad = function (n) { return String(n).padStart(2, "0"); };
  var offsetLabel = function (minutes) {
    var sign = minutes >= 0 ? "+" : "-";
    var m = Math.abs(minutes);
    return "UTC" + sign + pad(Math.floor(m / 60)) + ":" + pad(m % 60);
  };
  // The page's word for "your time" (the server writes it in the page's language).
  var yourTime = (document.body && document.body.dataset.yourTime) || "your time";
  var locale = document.documentElement.lang || undefined;
  var localValue = function (d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  };

  // The server writes clock times in the zone named by the murphy_tz cookie: the browser's.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && /^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone) && document.body.dataset.zone !== zone) {
      document.cookie = "murphy_tz=" + zone + "; Path=/; Max-Age=31536000; SameSite=Lax";
    }
  } catch (e) { /* no Intl: times stay in UTC, labelled so */ }

  // <time data-clock> (the status page): the text in the reader's local time, UTC in the
  // tooltip.
  document.querySelectorAll("time[data-clock]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (isNaN(d)) { return; }
    el.title = el.textContent;
    el.textContent = d.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
  });

  // <time data-local>: the viewer's local time in the tooltip, beside the UTC value.
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (isNaN(d)) { return; }
    el.title = d.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }) +
      " (" + yourTime + ") · " + el.title;
  });

  // Forms whose times came from the server in UTC: show them in local time, and tell the
  // server which offset the person's typing is in.
  document.querySelectorAll("form").forEach(function (form) {
    var utcInputs = form.querySelectorAll("input[type=datetime-local][data-utc]");
    var offsetInput = form.querySelector("input[data-tz-offset]");
    if (!offsetInput || utcInputs.length === 0) { return; }
    var offset = -new Date().getTimezoneOffset();
    utcInputs.forEach(function (input) {
      if (!input.value) { return; }
      var d = new Date(input.value + ":00Z");
      if (!isNaN(d)) { input.value = localValue(d); }
    });
    offsetInput.value = String(offset);
    form.querySelectorAll("[data-tz-label]").forEach(function (el) {
      el.textContent = "(" + yourTime + ", " + offsetLabel(offset) + ")";
    });
  });
  // Re-rendered forms keep the offset the person typed in; label it.
  document.querySelectorAll("input[data-tz-offset]").forEach(function (input) {
    var form = input.form;
    if (!form || form.querySelector("input[data-utc]")) { return; }
    var offset = parseInt(input.value, 10) || 0;
    form.querySelectorAll("[data-tz-label]").forEach(function (el) {
      el.textContent = "(" + offsetLabel(offset) + ")";
    });
  });

  // Keyboard: "/" focuses search, "n" declares an incident.
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    var el = document.querySelector('[data-shortcut="' + e.key + '"]');
    if (!el) { return; }
    e.preventDefault();
    if (el.tagName === "A") { window.location.href = el.href; } else { el.focus(); }
  });
})();

// Live incident page: server-sent events say what changed; the page fetches itself again
// and swaps the display regions, leaving forms (and anything being typed) alone.
(function () {
  "use strict";
  var head = document.querySelector("[data-live]");
  if (!head || !window.EventSource) { return; }
  var pending = null;
  var refresh = function () {
    pending = null;
    fetch(window.location.pathname + window.location.search, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live-region]").forEach(function (region) {
          var name = region.getAttribute("data-live-region");
          var fresh = doc.querySelector('[data-live-region="' + name + '"]');
          if (fresh) { region.innerHTML = fresh.innerHTML; }
        });
        document.dispatchEvent(new Event("murphy:refreshed"));
      });
  };
  var source = new EventSource(head.getAttribute("data-live"));
  ["timeline", "team", "status", "resync"].forEach(function (kind) {
    source.addEventListener(kind, function () {
      if (!pending) { pending = setTimeout(refresh, 150); }
    });
  });
})();

// Post-mortem editor: as a section is written, show its Markdown preview and any
// blameless-language flags beneath it (the server holds the rules).
(function () {
  "use strict";
  var areas = document.querySelectorAll("textarea[data-preview]");
  if (areas.length === 0 || !window.fetch) { return; }
  var token = document.querySelector("input[name=csrf_token]");
  areas.forEach(function (area) {
    var box = document.createElement("div");
    box.className = "live-preview";
    box.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", box);
    var timer = null;
    var update = function () {
      var body = new URLSearchParams();
      body.set("text", area.value);
      body.set("language", area.getAttribute("data-language") || "en");
      fetch("/markdown/preview", {
        method: "POST",
        credentials: "same-origin",
        headers: { "x-csrf-token": token ? token.value : "" },
        body: body
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          box.textContent = "";
          if (data.html) {
            var label = document.createElement("p");
            label.className = "hint";
            label.textContent = area.getAttribute("data-preview-label") || "Preview";
            var prose = document.createElement("div");
            prose.className = "prose";
            prose.innerHTML = data.html; // sanitised on the server
            box.appendChild(label);
            box.appendChild(prose);
          }
          if (data.flags && data.flags.length) {
            var list = document.createElement("ul");
            list.className = "flags";
            data.flags.forEach(function (f) {
              var item = document.createElement("li");
              var within = area.getAttribute("data-flag-in") || "in";
              item.textContent = "⚑ “" + f.phrase + "” " + within + " “" + f.sentence + "” — " + f.suggestion;
              list.appendChild(item);
            });
            box.appendChild(list);
          }
        });
    };
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
  });
})();
