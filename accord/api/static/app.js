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

  // A fragment is whatever the address bar holds: "#%E0%A4%A" is not valid
  // percent-encoding (decodeURIComponent throws), so it is taken as written.
  function fragment() {
    var h = window.location.hash;
    if (!h || h.length < 2) { return ""; }
    try { return decodeURIComponent(h.slice(1)); } catch (e) { return h.slice(1); }
  }

  function fromHash() {
    try { activate(fragment()); } catch (e) { activate(""); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("article")) { return; }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  });
})();
