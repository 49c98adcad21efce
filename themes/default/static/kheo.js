/* kheo default theme: progressive enhancements. No dependencies. */
(function () {
  "use strict";

  /* Buttons marked [data-print] ship with the `hidden` attribute, so without
     JavaScript they never show; here they are revealed and wired to print. */
  if (typeof window.print === "function") {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  /* A search box that leads to the search page (a form with
     data-search-index): once the reader is in it, load search.js (beside
     this file), which fetches what the query typed needs into the HTTP
     cache, so that after Enter the search page waits for itself only.
     Not when the reader has asked to save data. */
  var me = document.currentScript;
  var forms = document.querySelectorAll("form[data-search-index]");
  if (!forms.length || !me || typeof fetch !== "function") return;
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    if (navigator.connection && navigator.connection.saveData) return;
    var script = document.createElement("script");
    script.src = new URL("search.js", me.src).href;
    document.head.appendChild(script);
  }
  for (var f = 0; f < forms.length; f++) forms[f].addEventListener("focusin", load);
})();
