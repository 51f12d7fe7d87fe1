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

  // Search: Pagefind's interface, in the page's language, over this language's index.
  function startSearch(box) {
    var bundle = box.getAttribute("data-bundle");
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      var ui = new window.PagefindUI({
        element: "#portal-search", bundlePath: bundle, showImages: false, resetStyles: false,
        // Its words, from the portal's catalogs (templates/search.html).
        translations: JSON.parse(box.getAttribute("data-translations") || "{}")
      });
      // Pagefind labels its field with a title only; name it by the page's visible label.
      var input = box.querySelector("input");
      if (input) input.setAttribute("aria-labelledby", "portal-search-label");
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) ui.triggerSearch(query);
    };
    document.head.appendChild(script);
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
    var list = document.querySelector('[aria-labelledby="' + toggle.id + '_label"]');
    if (list) list.setAttribute("aria-expanded", String(toggle.checked));
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
  }

  var me = document.currentScript;
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
