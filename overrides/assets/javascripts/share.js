// Sharing a record: "Sao chép liên kết" copies its permanent address; "Chia sẻ…" opens the
// device's own share sheet (Zalo, Facebook, mail…) where the browser has one. No other
// host is contacted: the apps read the page's Open Graph tags themselves.
(function () {
  "use strict";

  function say(bar, message) {
    var status = bar.querySelector(".bv-share__status");
    if (status) status.textContent = message;
  }

  // Without the Clipboard API (an http:// address, an old browser): select the address in
  // a hidden field and copy the selection.
  function copyBySelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(field);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyBySelection(text);
      });
    }
    return copyBySelection(text);
  }

  function ready() {
    document.querySelectorAll("[data-bv-share]").forEach(function (bar) {
      var copyButton = bar.querySelector("[data-bv-copy]");
      var shareButton = bar.querySelector("[data-bv-native-share]");
      bar.hidden = false;
      if (copyButton) {
        copyButton.addEventListener("click", function () {
          var address = copyButton.getAttribute("data-bv-copy");
          copy(address).then(
            function () { say(bar, "Đã sao chép liên kết."); },
            function () { say(bar, "Không sao chép được; hãy chép địa chỉ: " + address); }
          );
        });
      }
      if (shareButton && typeof navigator.share === "function") {
        shareButton.hidden = false;
        shareButton.addEventListener("click", function () {
          navigator.share({
            title: shareButton.getAttribute("data-title") || document.title,
            url: shareButton.getAttribute("data-url")
          }).catch(function () { /* the reader closed the share sheet */ });
        });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
