// Themes the page before it is first drawn, so it never flashes the wrong colours: the choice kept on this device
// ('light', 'dark' or 'system', key 'pc-theme'), else the system's. The app's ThemePreference keeps it right afterwards.
(function () {
  var choice = 'system';
  try {
    choice = localStorage.getItem('pc-theme') || 'system';
  } catch (e) {
    // storage refused: the system's setting
  }
  var dark = choice === 'dark' || (choice !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
})();
