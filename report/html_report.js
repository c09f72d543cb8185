(function () {
  "use strict";
  // Progressive enhancement: the report reads the same without it.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("pre.snippet").forEach(function (pre) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy";
    b.textContent = "Copy";
    b.setAttribute("aria-label", "Copy this snippet");
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        b.textContent = "Copied";
      }, function () {
        b.textContent = "Select and copy";
      });
    });
    pre.parentNode.insertBefore(b, pre);
  });
})();
