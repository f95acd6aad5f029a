// The entity picker (templates/_entitypicker.html): matches appear as one
// types. Without this script the picker's 查找 button does the same by
// sending the form back to be shown again.
(function () {
  document.querySelectorAll('[data-picker]').forEach(function (box) {
    if (box.dataset.ready) return;
    box.dataset.ready = '1';
    var input = box.querySelector('input[type=search]');
    var out = box.querySelector('.picker-results');
    var timer, seq = 0;
    function find() {
      var n = ++seq;
      var url = '/entities/search?field=' + encodeURIComponent(box.dataset.picker) + '&q=' + encodeURIComponent(input.value);
      fetch(url, { headers: { 'HX-Request': 'true' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.text() : ''; })
        .then(function (html) { if (n === seq) out.innerHTML = html; });
    }
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(find, 250); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); find(); }
    });
  });
})();
