/* Behaviour of the public and portal pages, bound by data attributes (no inline script: see the CSP). */
(function () {
  "use strict";

  // Print buttons (receipts, service guides).
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // A language menu (or any select) that submits its form when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Panels (the search filters) folded behind their summary on phones, open on wider screens; on a phone a panel
  // opened stays open from one choice to the next (it folds only when the person folds it).
  var wide = window.matchMedia("(min-width: 801px)").matches;
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    var key = "open:" + (details.id || "panel");
    if (wide) { details.open = true; return; }
    var stored = null;
    try { stored = window.sessionStorage.getItem(key); } catch (e) { /* storage refused */ }
    if (stored !== null) { details.open = stored === "1"; }
    details.addEventListener("toggle", function () {
      try { window.sessionStorage.setItem(key, details.open ? "1" : "0"); } catch (e) { /* storage refused */ }
    });
  });

  // Larger text (适老化): the header's switch, kept for a year in a cookie the pages read when they are rendered.
  document.querySelectorAll("button[data-text-size]").forEach(function (button) {
    button.addEventListener("click", function () {
      var large = !document.documentElement.classList.contains("large-text");
      document.documentElement.classList.toggle("large-text", large);
      button.setAttribute("aria-pressed", large ? "true" : "false");
      document.cookie = "large_text=" + (large ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
    });
  });

  // Tables with column headings become one card per row on phones (see base.html): each cell carries its
  // column's name.
  document.querySelectorAll("main table").forEach(function (table) {
    var head = table.querySelector(":scope > thead tr");
    if (!head || table.hasAttribute("data-no-labels")) { return; }  // cells labelled in the page itself
    var names = Array.prototype.map.call(head.children, function (cell) { return cell.textContent.trim(); });
    table.querySelectorAll(":scope > tbody > tr, :scope > tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var name = names[column];
        if (name && !cell.hasAttribute("data-label") && cell.colSpan === 1) { cell.setAttribute("data-label", name); }
        column += cell.colSpan || 1;
      });
    });
  });

  // Forms sent once: a second click is ignored, but the button pressed is still sent with its name and value
  // (a disabled button would drop them from the POST).
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      form.setAttribute("aria-busy", "true");
    });
  });

  // File inputs with a size limit: a file over it is refused here, beside its input, before it is sent.
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var limit = parseInt(input.dataset.maxBytes, 10);
    var out = document.getElementById(input.getAttribute("aria-describedby"));
    var tooLarge = function () {
      return Array.prototype.some.call(input.files || [], function (file) { return file.size > limit; });
    };
    var show = function () {
      var refused = tooLarge();
      if (out) { out.textContent = ""; }
      if (refused && out) {
        var item = document.createElement("li");
        item.textContent = input.dataset.tooLarge;
        out.appendChild(item);
      }
      if (refused) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
      return refused;
    };
    input.addEventListener("change", show);
    input.form.addEventListener("submit", function (event) {
      if (show()) { event.preventDefault(); input.focus(); }
    });
  });

  // Forms that ask before an irreversible step.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });

  // Live name check on the application's particulars.
  var nameInput = document.querySelector("[data-name-check-url]");
  var nameOut = document.getElementById("name-check");
  if (nameInput && nameOut && !nameInput.disabled) {
    var nameTimer;
    var checkName = function () {
      var url = nameInput.dataset.nameCheckUrl + "&name=" + encodeURIComponent(nameInput.value);
      fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
        nameOut.className = data.ok ? "muted" : "errorlist";
        nameOut.textContent = data.ok ? nameOut.dataset.okText : data.errors.join(" ");
      });
    };
    nameInput.addEventListener("input", function () { clearTimeout(nameTimer); nameTimer = setTimeout(checkName, 300); });
    if (nameInput.value) { checkName(); }
  }

  // Suggestions as you type in the public search box.
  var searchInput = document.querySelector("input[data-suggest-url]");
  var suggestions = document.getElementById("suggestions");
  if (searchInput && suggestions) {
    var suggestTimer;
    searchInput.addEventListener("input", function () {
      clearTimeout(suggestTimer);
      var text = searchInput.value.trim();
      if (!text) { suggestions.replaceChildren(); return; }
      suggestTimer = setTimeout(function () {
        fetch(searchInput.dataset.suggestUrl + "?q=" + encodeURIComponent(text))
          .then(function (r) { return r.json(); })
          .then(function (data) {
            suggestions.replaceChildren();
            data.suggestions.forEach(function (s) {
              var option = document.createElement("option");
              option.value = s.name;
              suggestions.appendChild(option);
            });
          });
      }, 200);
    });
  }
})();
