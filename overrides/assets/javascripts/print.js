// "In danh sách": show the print buttons (hidden without JavaScript) and print on click.
(function () {
  "use strict";
  function ready() {
    document.querySelectorAll("[data-bv-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
