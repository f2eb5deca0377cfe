import { browserSuite } from './support/browser-suite';
import { ChatApp } from './support/chat-app';
import { eventually } from './support/eventually';

const PASSWORD = 'correct horse battery staple';

/** The formatting people type renders; HTML and script typed into a message render as text, never as markup. */
describe('formatting', () => {
  const suite = browserSuite();

  it('renders bold, italic, code, code blocks and links, and HTML or script as the text typed', () =>
    suite.scenario('formatting', async () => {
      const alice = await ChatApp.open(await suite.person(), suite.api.url);
      const bob = await ChatApp.open(await suite.person(), suite.api.url);
      await alice.signUp('alice_f', 'Alice Liddell', PASSWORD);
      await bob.signUp('bob_f', 'Bob Builder', PASSWORD);
      await alice.openDirectWith('Bob Builder');
      await alice.send('**bold**, _italic_ and `x < y`; see https://example.com/docs');
      await alice.send('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> [click](javascript:window.pwned=3)');
      await eventually(async () => expect(await bob.conversationNames()).toEqual(['Alice Liddell']));
      await bob.openConversation('Alice Liddell');

      const first = bob.message('bold');
      await eventually(async () => expect(await first.locator('strong').textContent()).toBe('bold'));
      expect(await first.locator('em').textContent()).toBe('italic');
      expect(await first.locator('code').textContent()).toBe('x < y');
      const link = first.getByRole('link', { name: 'https://example.com/docs' });
      expect(await link.getAttribute('href')).toBe('https://example.com/docs');
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toContain('noopener');

      const hostile = bob.message('window.pwned = 1');
      expect(await hostile.locator('.content').textContent()).toContain(
        '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">',
      );
      expect(await hostile.locator('script, img, a').count()).toBe(0);
      expect(await bob.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    }));
});
