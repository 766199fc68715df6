// Material for MkDocs' inline content script (partials/javascripts/content.html), as a file
// for the Content-Security-Policy: check the tab the address's #fragment names.
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
