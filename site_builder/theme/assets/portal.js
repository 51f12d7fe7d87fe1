// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";

  // Deadlines: the page says how long is left as of the build; say it as of now.
  function refreshCountdowns() {
    var format = new Intl.RelativeTimeFormat(lang, { numeric: "always" });
    document.querySelectorAll(".portal-countdown[data-deadline]").forEach(function (el) {
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
        element: "#portal-search", bundlePath: bundle, showImages: false, resetStyles: false
      });
      // Pagefind labels its field with a title only; name it by the page's visible label.
      var input = box.querySelector("input");
      if (input) input.setAttribute("aria-labelledby", "portal-search-label");
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) ui.triggerSearch(query);
    };
    document.head.appendChild(script);
  }

  refreshCountdowns();
  window.setInterval(refreshCountdowns, 60000);
  var box = document.getElementById("portal-search");
  if (box) startSearch(box);
})();
