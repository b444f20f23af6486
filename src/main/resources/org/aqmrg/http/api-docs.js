// Starts Swagger UI on the page of GET /api/docs, showing the document its element names.
// Kept out of the page so that a Content-Security-Policy can forbid inline scripts.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: element.getAttribute("data-url"),
    domNode: element,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // No badge from validator.swagger.io: the page asks nothing of other sites.
    validatorUrl: null
  });
});
