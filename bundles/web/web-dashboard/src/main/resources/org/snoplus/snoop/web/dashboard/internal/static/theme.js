// Runs before the page is drawn, so that a dark control room never sees a white flash.
(function () {
  var t = null;
  try { t = window.localStorage.getItem('snoop-theme'); } catch (e) { /* storage disabled: the default */ }
  document.documentElement.setAttribute('data-theme', t === 'light' ? 'light' : 'dark');
})();
