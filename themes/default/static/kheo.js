/* kheo default theme: progressive enhancements. No dependencies.
   Buttons marked [data-print] ship with the `hidden` attribute, so without
   JavaScript they never show; here they are revealed and wired to print. */
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
