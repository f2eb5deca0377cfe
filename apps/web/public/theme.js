// Themes the page before it is first drawn, so it never flashes the wrong colours, and keeps it so on every page,
// the login page included: the choice kept on this device ('light', 'dark' or 'system', key 'pc-theme'), else the
// system's, followed when it changes. The app's ThemePreference (libs/web/data-access) applies a new choice.
(() => {
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    let choice = 'system';
    try {
      choice = localStorage.getItem('pc-theme') || 'system';
    } catch {
      // storage refused: the system's setting
    }
    const theme = choice === 'dark' || (choice !== 'light' && system.matches) ? 'dark' : 'light';
    document.documentElement.setAttribute('data-theme', theme);
    document.documentElement.style.colorScheme = theme;
  };
  apply();
  system.addEventListener('change', apply);
  window.addEventListener('storage', (event) => event.key === 'pc-theme' && apply());
})();
