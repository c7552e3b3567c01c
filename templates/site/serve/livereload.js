// `pearls serve`: reload the page once MkDocs has rebuilt the site. MkDocs puts its own
// reloading script inline at the end of the page, which the page's Content-Security-Policy
// refuses; this one reads the site version from it and asks the server as that script would.
function pearlsLivereload() {
  "use strict";
  var found = null;
  for (var i = 0; i < document.scripts.length && !found; i++) {
    found = /livereload\((\d+),\s*(\d+)\)/.exec(document.scripts[i].textContent);
  }
  if (!found) return;  // not served by `mkdocs serve`
  var epoch = found[1], request = found[2];
  function poll() {
    fetch("/livereload/" + epoch + "/" + request, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (latest) {
        if (parseFloat(latest) > epoch) location.reload();
        else poll();
      }, function () { setTimeout(poll, 1000); });
  }
  poll();
}
// MkDocs' script comes after this one: read it once the page is parsed.
document.addEventListener("DOMContentLoaded", pearlsLivereload);
