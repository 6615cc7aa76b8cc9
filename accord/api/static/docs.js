// Starts Swagger UI (served from the installed swagger-ui-bundle package) on /openapi.json.
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || typeof window.SwaggerUIBundle !== "function") { return; }
  window.SwaggerUIBundle({ url: el.getAttribute("data-spec-url"), dom_id: "#swagger-ui",
    deepLinking: true, validatorUrl: null });
})();
