// accord web UI: highlight the evidence span named in the URL fragment
// (/documents/ID#q3), including every piece of a span that overlaps others.
(function () {
  "use strict";

  function activate(id) {
    var old = document.querySelectorAll(".seg.active");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("active"); }
    if (!id) { return; }
    var sel = '.seg[data-items~="' + (window.CSS && CSS.escape ? CSS.escape(id) : id) + '"]';
    var parts = document.querySelectorAll(sel);
    for (var j = 0; j < parts.length; j++) { parts[j].classList.add("active"); }
    var anchor = document.getElementById(id);
    var first = parts.length ? parts[0] : anchor;
    if (first && first.scrollIntoView) { first.scrollIntoView({ block: "center" }); }
  }

  function fromHash() {
    var h = window.location.hash;
    activate(h && h.length > 1 ? decodeURIComponent(h.slice(1)) : "");
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("article")) { return; }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  });
})();
