/* The site's one script, on every page.
   "Cite this pearl": a button copying the citation's text (templates/site/_cite.html.j2).
   Without JavaScript there is no button; the citation stays selectable.
   A flowchart wider than a phone opens at its start step (templates/site/_figure-scale.md.j2,
   and in the gallery, site/algorithms.md.j2):
   pearls.css asks for it with scroll-initial-target; where a browser does not support that
   yet (Safari, Firefox), the chart is scrolled there once.
   A place in the same page (a citation, "see step 5" in the text version, a back link) is
   reached by the browser itself: mkdocs-material's instant navigation fetched the page and
   rendered it afresh on the first such link, closing an open text version. */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  // The citation as copied today: the style's placeholder for the day the reader accessed the
  // page (accessed_placeholder in generator/bibliography/styles/) becomes today's date.
  function accessedToday(citation) {
    var now = new Date();
    var month = MONTHS[now.getMonth()];
    return citation
      .replace("[date]", month + " " + now.getDate() + ", " + now.getFullYear())
      .replace("YYYY Mon DD", now.getFullYear() + " " + month.slice(0, 3) + " " + now.getDate());
  }

  function addButtons() {
    if (!navigator.clipboard) {
      return;
    }
    document.querySelectorAll(".pearl-cite").forEach(function (box) {
      var text = box.querySelector(".pearl-cite__text");
      if (!text || box.querySelector(".pearl-cite__copy")) {
        return;
      }
      var button = document.createElement("button");
      var status = document.createElement("span");
      button.type = "button";
      button.className = "pearl-cite__copy md-button md-button--primary";
      button.textContent = "Copy citation";
      status.className = "pearl-cite__status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(accessedToday(text.textContent.trim())).then(
          function () { status.textContent = "Copied."; },
          function () { status.textContent = "Could not copy: select the text instead."; }
        );
      });
      text.after(button, status);
    });
  }

  function openChartsAtTheirStart() {
    if (window.CSS && CSS.supports("scroll-initial-target: nearest")) {
      return;
    }
    document.querySelectorAll(".pearl-figure__start").forEach(function (start) {
      var figure = start.closest(".pearl-figure, .algorithm-card__scroll");
      if (!figure || figure.scrollWidth <= figure.clientWidth) {
        return;
      }
      var step = start.getBoundingClientRect();
      var frame = figure.getBoundingClientRect();
      figure.scrollLeft += step.left + step.width / 2 - (frame.left + figure.clientWidth / 2);
    });
  }

  // The page shown: instant navigation changes it without loading one.
  var shownPath = location.pathname;

  // The theme's location$ hears of every address the reader goes to, and fetches the page for
  // the first one after showing a page, even a place in that page. It is told only of other
  // pages here; a place in this one is the browser's (scrolled to, :target, focus), as in the
  // theme itself: where the theme changed the address (pushState), the browser is sent there,
  // and on Back or Forward, where the theme has taken scrolling over, its offset is restored.
  function keepPlacesInThePageToTheBrowser() {
    if (typeof location$ === "undefined" || location$.pearlsPlaces) {
      return;
    }
    var tell = location$.next;
    var sending = false;  // the browser's own going there tells of it again, at once
    location$.pearlsPlaces = true;
    location$.next = function (url) {
      if (url.pathname !== shownPath || url.search !== location.search) {
        return tell.call(this, url);
      }
      var id = url.hash && decodeURIComponent(url.hash.slice(1));
      var target = id ? document.getElementById(id) : null;
      if (sending) {
        return;
      }
      if (target && !target.matches(":target")) {
        var link = document.createElement("a");
        link.href = url.hash;
        link.addEventListener("click", function (event) { event.stopPropagation(); });
        sending = true;
        try {
          link.click();
        } finally {
          sending = false;
        }
      } else if (history.scrollRestoration === "manual") {
        var state = history.state;
        if (state && typeof state.y === "number") {
          window.scrollTo(state.x || 0, state.y);
        } else if (target) {
          target.scrollIntoView();
        }
      }
    };
  }

  function onEachPage() {
    shownPath = location.pathname;
    keepPlacesInThePageToTheBrowser();
    addButtons();
    openChartsAtTheirStart();
  }

  // mkdocs-material's instant navigation announces each page it loads on document$.
  if (typeof document$ !== "undefined") {
    document$.subscribe(onEachPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onEachPage);
  } else {
    onEachPage();
  }
})();
