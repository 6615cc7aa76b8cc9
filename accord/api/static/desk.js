// accord web UI: actor names suggested as one types. Every input with
// data-suggest="/api/actors/suggest" fills the <datalist> it points at from
// that endpoint (the page ships the most mentioned actors to start with).
(function () {
  "use strict";

  function fill(list, items) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    for (var i = 0; i < items.length; i++) {
      var a = items[i];
      var opt = document.createElement("option");
      opt.value = a.name;  // textContent and value: never parsed as HTML
      opt.label = (a.type || "") + " · " + a.n_mentions + " mentions · " + a.id +
        (a.match ? " · “" + a.match + "”" : "");
      list.appendChild(opt);
    }
  }

  function attach(input) {
    var list = input.list;
    var url = input.getAttribute("data-suggest");
    if (!list || !url || !window.fetch) { return; }
    var timer = null, last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (timer) { window.clearTimeout(timer); }
      if (q.length < 2 || q === last) { return; }
      timer = window.setTimeout(function () {
        last = q;
        window.fetch(url + "?limit=10&q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (body) { if (input.value.trim() === q) { fill(list, body.items || []); } })
          .catch(function () {});
      }, 150);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll("input[data-suggest]");
    for (var i = 0; i < inputs.length; i++) { attach(inputs[i]); }
  });
})();
