// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";

  // Deadlines: the page says how long is left as of the build; say it as of now.
  function refreshCountdowns() {
    var countdowns = document.querySelectorAll(".portal-countdown[data-deadline]");
    if (!countdowns.length) return;
    var format = new Intl.RelativeTimeFormat(lang, { numeric: "always" });
    countdowns.forEach(function (el) {
      var left = (new Date(el.getAttribute("data-deadline")) - Date.now()) / 1000;
      if (left <= 0) { el.textContent = el.getAttribute("data-closed") || ""; return; }
      var days = Math.floor(left / 86400);
      el.textContent = days >= 1 ? format.format(days, "day")
                                 : format.format(Math.max(1, Math.floor(left / 3600)), "hour");
    });
  }

  // Search: the form at the top of the page answered in place, from this language's Pagefind
  // index through its JavaScript API (not Pagefind's interface bundle, ~50 KB more on a phone
  // before the first result). Five results at a time: each result's text is a file of its
  // own, fetched only when it is shown.
  var PER_BATCH = 5;

  function startSearch(box) {
    var bundle = box.getAttribute("data-bundle");
    var words = JSON.parse(box.getAttribute("data-translations") || "{}");
    // The page's own form and the header's, answered alike; each shows the term asked.
    var forms = document.querySelectorAll(".portal-searchbar form, form.portal-search__form");
    var inputs = document.querySelectorAll("#portal-q, #portal-search-q");
    var status = box.querySelector(".portal-search__status");
    var list = box.querySelector(".portal-search__results");
    var more = box.querySelector(".portal-search__more");
    var engine = null, found = [], shown = 0, asked = 0, term = "";

    function say(key, count) {
      status.textContent = (words[key] || "").replace("[SEARCH_TERM]", term)
        .replace("[COUNT]", count === undefined ? "" : count.toLocaleString(lang));
    }
    function load() {
      // In the page's thread, not Pagefind's worker: one file less to fetch before the first
      // result, and a query's work is a few milliseconds. The results' addresses are already
      // /{lang}/…: from its default base (the bundle's folder's parent) they came out /fr/fr/….
      if (!engine) {
        engine = import(bundle + "pagefind.js").then(function (pagefind) {
          var options = { baseUrl: "/", noWorker: true, excerptLength: 24,
                          metaCacheTag: box.getAttribute("data-entry-tag") || undefined };
          return pagefind.options(options).then(function () { return pagefind; });
        });
      }
      return engine;
    }
    function item(page) {
      var li = document.createElement("li");
      li.className = "portal-search__result";
      var link = document.createElement("a");
      link.href = page.url;
      link.textContent = (page.meta && page.meta.title) || page.url;
      var excerpt = document.createElement("p");
      // Pagefind's excerpt is the page's text with < and > escaped, the matched words in <mark>.
      excerpt.innerHTML = page.excerpt;
      li.appendChild(link);
      li.appendChild(excerpt);
      return li;
    }
    function showMore(query) {
      var batch = found.slice(shown, shown + PER_BATCH);
      shown += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
        if (query !== asked) return;  // a newer search has started
        var first = null;
        pages.forEach(function (page) {
          var li = item(page);
          first = first || li;
          list.appendChild(li);
        });
        more.hidden = shown >= found.length;
        return first;
      });
    }
    function run(text) {
      var query = ++asked;
      term = text;
      list.textContent = "";
      more.hidden = true;
      found = [];
      shown = 0;
      if (!text) { status.textContent = ""; return; }
      say("searching");
      load().then(function (pagefind) { return pagefind.search(text); }).then(function (answer) {
        if (query !== asked) return;
        found = answer.results;
        say(found.length === 0 ? "zero_results" : found.length === 1 ? "one_result" : "many_results",
            found.length);
        return showMore(query);
      }).catch(function () {
        if (query === asked) say("error_search");
      });
    }

    more.addEventListener("click", function () {
      showMore(asked).then(function (first) {
        if (first) { first.firstChild.focus(); }  // on to the first new result, from the keyboard
      });
    });
    function fill(text) {
      inputs.forEach(function (input) { input.value = text; });
    }
    forms.forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var text = form.querySelector("input[name=q]").value.trim();
        window.history.replaceState(null, "", "?q=" + encodeURIComponent(text));
        fill(text);
        run(text);
      });
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      fill(query);
      run(query.trim());
    }
  }

  // Eligibility: the call's conditions with their tests as data (portal_contract/
  // eligibility.py, which the forms service checks with), applied as they are answered. Only
  // the tests' operators are written here, as there; no rule and no text. An amount or a year
  // the service would refuse (not a whole number) counts as not given.
  function whole(value) {
    var text = value === undefined || value === null ? "" : String(value).trim();
    return /^[0-9]+$/.test(text) ? BigInt(text) : null;
  }

  function met(test, value, answers) {
    if (test["in"]) return value === "" ? null : test["in"].indexOf(value) >= 0;
    if (test.yes) return value === "" ? null : value === "yes";
    var number = whole(value);
    if (number === null) return null;
    if (test.at_most !== undefined) return number <= BigInt(test.at_most);
    if (test.between) {
      var low = test.between[0], high = test.between[1];
      return (low === null || number >= BigInt(low)) && (high === null || number <= BigInt(high));
    }
    if (test.share !== undefined) {
      // asked <= share × number in whole numbers: "0.7" is 7 / 10.
      var asked = whole(answers[test.asked]);
      if (asked === null) return null;
      var parts = test.share.split("."), digits = parts[1] || "";
      var scale = BigInt(10) ** BigInt(digits.length), share = BigInt(parts[0] + digits);
      return number > BigInt(0) && asked * scale <= share * number;
    }
    return null;
  }

  function assess(rules, answers) {
    return (rules.conditions || []).map(function (c) {
      var value = answers[c.answer];
      value = value === undefined || value === null ? "" : String(value);
      return { rule: c.rule, met: met(c.test, value, answers), text: c.text };
    });
  }
  window.portalEligibility = { assess: assess };

  function startEligibility(form, rules) {
    var out = form.querySelector(".portal-eligibility__result");
    var names = [];  // the questions the conditions read
    (rules.conditions || []).forEach(function (c) {
      names.push(c.answer);
      if (c.test.asked) names.push(c.test.asked);
    });
    function answers() {
      var values = {};
      names.forEach(function (name) {
        var field = form.elements[name];
        values[name] = field ? field.value : "";
      });
      return values;
    }
    function show() {
      var outcomes = assess(rules, answers());
      var words = { "true": "met", "false": "unmet", "null": "unanswered" };
      var verdict = outcomes.some(function (o) { return o.met === false; }) ? "ineligible"
        : outcomes.some(function (o) { return o.met === null; }) ? "incomplete" : "eligible";
      var heading = document.createElement("p"), strong = document.createElement("strong");
      strong.textContent = out.getAttribute("data-" + verdict);
      heading.appendChild(strong);
      var list = document.createElement("ul");
      outcomes.forEach(function (o) {
        var item = document.createElement("li");
        item.setAttribute("data-rule", o.rule);
        item.setAttribute("data-met", String(o.met));
        // "Met: …" as the language writes it (French spaces its colon).
        item.textContent = out.getAttribute("data-outcome")
          .replace("%(outcome)s", out.getAttribute("data-" + words[String(o.met)]))
          .replace("%(condition)s", o.text);
        list.appendChild(item);
      });
      out.replaceChildren(heading, list);
    }
    form.addEventListener("input", show);
    form.addEventListener("change", show);
    if (Object.values(answers()).some(function (v) { return v !== ""; })) show();
  }

  // The drawer and the search are opened by hidden check boxes. A page shown again by the
  // back button (from the cache, or with its form state restored: the boxes carry no
  // autocomplete="off", which HTML does not allow on them) opens closed, as it would anew.
  window.addEventListener("pageshow", function () {
    ["__drawer", "__search"].forEach(function (id) { close(document.getElementById(id)); });
  });

  // Unchecks a toggle and says so to its listeners (the menu button's aria-expanded), as a
  // click on its label would.
  function close(toggle) {
    if (!toggle || !toggle.checked) return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // Material's own script is not loaded (main.html's scripts block says why). What it did
  // that a visitor relies on, the CSS cannot do, and the pages use, is here.

  // The navigation's section labels take the focus (tabindex="0"): Enter or Space opens or
  // closes the section, as a click does, and its list says whether it is open.
  document.addEventListener("keydown", function (event) {
    var label = event.target;
    if ((event.key === "Enter" || event.key === " ") && !event.defaultPrevented &&
        label instanceof HTMLLabelElement && label.htmlFor && label.hasAttribute("tabindex")) {
      event.preventDefault();
      label.click();
    }
  });
  document.addEventListener("change", function (event) {
    var toggle = event.target;
    if (!(toggle instanceof HTMLInputElement) || !toggle.classList.contains("md-nav__toggle")) return;
    var opener = document.getElementById(toggle.id + "_label");
    var list = document.querySelector('[aria-labelledby="' + toggle.id + '_label"]');
    if (list) list.setAttribute("aria-expanded", String(toggle.checked));
    if (opener) opener.setAttribute("aria-expanded", String(toggle.checked));
    // In the phone's drawer an open section slides over the list it came from: its title
    // (an arrow and the section's name) is the way back. It takes the focus while the
    // section is open, and gives it back to the section's opener when closed. Without
    // scrolling: the drawer's list is wider than the drawer while a section slides in, and
    // focus() scrolled it sideways, leaving the drawer empty and the section out of sight.
    var back = list && list.querySelector(':scope > label.md-nav__title[for="' + toggle.id + '"]');
    if (!back) return;
    var fromHere = document.activeElement === opener || document.activeElement === back;
    if (toggle.checked && inSight(back)) {  // not in a wide window's sidebar, which has none
      back.setAttribute("tabindex", "0");
      if (fromHere) back.focus({ preventScroll: true });
    } else if (!toggle.checked) {
      if (fromHere && opener) opener.focus({ preventScroll: true });
      back.removeAttribute("tabindex");
    }
  });
  function inSight(el) {
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  }

  // Escape steps back: out of an open section of the drawer, then out of the drawer, the
  // focus on what opened it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    var drawer = document.getElementById("__drawer");
    if (!drawer || !drawer.checked) return;
    var here = event.target instanceof Element && event.target.closest(".md-nav__item--nested");
    var toggle = here && here.querySelector(":scope > .md-nav__toggle");
    if (toggle && toggle.checked && toggle.id.indexOf("__nav_") === 0) {
      var back = here.querySelector(':scope > nav > label.md-nav__title');
      if (back && inSight(back)) {
        event.preventDefault();
        toggle.click();
        var opener = document.getElementById(toggle.id + "_label");
        if (opener) opener.focus({ preventScroll: true });
        return;
      }
    }
    event.preventDefault();
    close(drawer);
    var menu = document.querySelector('.md-header label[for="__drawer"]');
    if (menu) menu.focus();
  });

  // A link to a place in this page (the table of contents in the drawer) closes the drawer,
  // which would otherwise stay over the place it leads to.
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest(".md-sidebar--primary a");
    if (link && link.hash && link.pathname === window.location.pathname) {
      close(document.getElementById("__drawer"));
    }
  });

  // Back to top (navigation.top): shown while the visitor scrolls back up below the header,
  // otherwise hidden and out of the tab order (portal.css hides it from screen readers too).
  function startBackToTop(button) {
    var main = document.querySelector(".md-main");
    // Not window.scrollY yet: reading it now would lay the page out inside this script's
    // task, a long one on a slow phone; the first scroll starts from the top.
    var last = 0, pending = false;
    function place() {
      pending = false;
      var y = window.scrollY;
      var hide = !(y < last && main && y > main.offsetTop);
      last = y;
      if (hide === button.hidden) return;
      button.hidden = hide;
      if (hide) {
        button.setAttribute("tabindex", "-1");
        button.blur();
      } else {
        button.removeAttribute("tabindex");
      }
    }
    button.setAttribute("tabindex", "-1");
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(place); }
    }, { passive: true });
    button.addEventListener("click", function () { window.scrollTo({ top: 0 }); });
  }

  // The drawer's menu button is a label with an icon, which a keyboard cannot reach: make it
  // a named button (a focused label is clicked on Enter or Space, above).
  function startMenuButton(button, drawer, name) {
    button.setAttribute("tabindex", "0");
    button.setAttribute("role", "button");
    button.setAttribute("aria-label", name);
    function expanded() { button.setAttribute("aria-expanded", String(drawer.checked)); }
    drawer.addEventListener("change", expanded);
    expanded();
    // The drawer comes after the header's language and search controls in the page: opened
    // from this button, the focus moves into it (else the next Tabs went to controls the
    // drawer covers), and leaving it with the focus closes it.
    var side = document.querySelector(".md-sidebar--primary");
    if (!side) return;
    drawer.addEventListener("change", function () {
      if (!drawer.checked || document.activeElement !== button) return;
      var first = Array.prototype.find.call(side.querySelectorAll('a[href], [tabindex="0"]'), inSight);
      if (first) first.focus({ preventScroll: true });
    });
    document.addEventListener("focusin", function (event) {
      if (drawer.checked && event.target !== button && !side.contains(event.target)) close(drawer);
    });
  }

  var me = document.currentScript;
  // The drawer's section titles, a way back while their section is open (above): named so.
  var backName = me ? me.getAttribute("data-back") || "" : "";
  document.querySelectorAll('.md-nav--primary label.md-nav__title[for^="__nav_"]').forEach(
    function (back) {
      back.setAttribute("role", "button");
      back.setAttribute("aria-label", backName);
    });
  document.querySelectorAll('.md-nav--primary label.md-nav__link[for^="__nav_"][tabindex]').forEach(
    function (opener) {
      var toggle = document.getElementById(opener.htmlFor);
      opener.setAttribute("role", "button");
      opener.setAttribute("aria-expanded", String(Boolean(toggle && toggle.checked)));
      // Beside its section's own page, the opener is an arrow alone: named as the section.
      var link = opener.parentElement && opener.parentElement.querySelector(":scope > a");
      if (!opener.textContent.trim() && link) opener.setAttribute("aria-label", link.textContent.trim());
    });
  var menu = document.querySelector('.md-header label[for="__drawer"]');
  var drawer = document.getElementById("__drawer");
  if (me && menu && drawer && !menu.hasAttribute("tabindex")) {
    startMenuButton(menu, drawer, me.getAttribute("data-menu") || "");
  }
  // The build wrote each countdown as of its day: made exact once the page is idle, in a task
  // of its own (the formatter loads its language's data), then every minute.
  if (window.requestIdleCallback) window.requestIdleCallback(refreshCountdowns);
  else window.setTimeout(refreshCountdowns, 0);
  window.setInterval(refreshCountdowns, 60000);
  var box = document.getElementById("portal-search");
  if (box) startSearch(box);
  var checker = document.querySelector("form.portal-eligibility");
  var rules = document.getElementById("portal-eligibility-rules");
  if (checker && rules) startEligibility(checker, JSON.parse(rules.textContent));
  var backToTop = document.querySelector(".md-top");
  if (backToTop) startBackToTop(backToTop);
})();
