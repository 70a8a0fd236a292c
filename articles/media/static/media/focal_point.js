/* Click the preview to set the focal point: it fills the two fraction fields below it. */
(function () {
  "use strict";
  function init() {
    const box = document.querySelector(".media-focal");
    const x = document.querySelector("input[name=focal_x]");
    const y = document.querySelector("input[name=focal_y]");
    if (!box || !x || !y) return;
    const dot = box.querySelector(".media-focal__dot");
    function place() {
      dot.style.left = `${(parseFloat(x.value) || 0.5) * 100}%`;
      dot.style.top = `${(parseFloat(y.value) || 0.5) * 100}%`;
    }
    box.addEventListener("click", (event) => {
      const rect = box.getBoundingClientRect();
      x.value = ((event.clientX - rect.left) / rect.width).toFixed(2);
      y.value = ((event.clientY - rect.top) / rect.height).toFixed(2);
      place();
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    place();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
