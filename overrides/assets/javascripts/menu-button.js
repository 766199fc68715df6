/* Bảng vàng: Material's phone menu button is a <label> for a hidden checkbox, which a
   keyboard cannot reach and a screen reader cannot name. Make it a named, focusable button
   that opens with Enter or Space, tells whether it is open, and closes with Escape. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !button) return;

  button.setAttribute("role", "button");
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-label", "Mở trình đơn");

  function sync() {
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }

  function set(open) {
    if (toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
  }

  sync();
  toggle.addEventListener("change", sync);

  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    set(!toggle.checked);
    if (toggle.checked) {
      var first = document.querySelector(".md-sidebar--primary .md-nav__link[href]");
      if (first) first.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      set(false);
      button.focus();
    }
  });
})();
