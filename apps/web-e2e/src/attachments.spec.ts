import type { Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { screenshot } from './support/browser';
import { browserSuite } from './support/browser-suite';
import { ChatApp } from './support/chat-app';
import { eventually } from './support/eventually';

const PASSWORD = 'correct horse battery staple';
const MAX_BYTES = 3_000_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Hands the page a file as a paste or a drop would (the browser's own DataTransfer and events). */
async function pasteOrDrop(page: Page, how: 'paste' | 'drop', file: { name: string; type: string; bytes: Buffer }): Promise<void> {
  await page.evaluate(
    ({ how, name, type, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      if (how === 'paste') {
        const box = document.querySelector('#composer-input') as HTMLTextAreaElement;
        box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      } else {
        const target = document.querySelector('pc-composer') as HTMLElement;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    { how, name: file.name, type: file.type, base64: file.bytes.toString('base64') },
  );
}

/**
 * Attachments as two people see them (SPEC 10.6): Alice pastes a screenshot and drops a PDF into a group, Bob sees the
 * thumbnail live, opens the image full size and downloads the PDF; an upload shows its progress and can be cancelled;
 * a refused upload says why and keeps the text.
 */
describe('attachments in the browser', () => {
  const suite = browserSuite({ ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });

  it('pastes a screenshot and drops a PDF; the other member sees the thumbnail live, views it full size and downloads the PDF', () =>
    suite.scenario('attachments', async () => {
      const alice = await ChatApp.open(await suite.person(), suite.api.url);
      const bob = await ChatApp.open(await suite.person(), suite.api.url);
      await alice.signUp('alice_f', 'Alice Liddell', PASSWORD);
      await bob.signUp('bob_f', 'Bob Builder', PASSWORD);
      await alice.createGroup('Holiday', ['Bob Builder']);
      await eventually(async () => expect(await bob.conversationNames()).toEqual(['Holiday']));
      await bob.openConversation('Holiday');

      const screenshotBytes = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#2a6' } })
        .png()
        .toBuffer();
      await pasteOrDrop(alice.page, 'paste', { name: 'screenshot.png', type: 'image/png', bytes: screenshotBytes });
      await pasteOrDrop(alice.page, 'drop', { name: 'plan.pdf', type: 'application/pdf', bytes: PDF });
      const tray = alice.page.getByRole('list', { name: 'Attachments' });
      await eventually(async () => expect(await tray.getByText('Ready').count()).toBe(2));
      await alice.send('see attached');
      await tray.waitFor({ state: 'detached' });

      // Bob: the thumbnail arrives live; it opens the full image.
      const thumbnail = bob.page.getByRole('button', { name: 'View screenshot.png' });
      await thumbnail.waitFor();
      await eventually(async () => expect(await thumbnail.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320));
      await thumbnail.click();
      const viewer = bob.page.getByRole('dialog', { name: 'Image' });
      const full = viewer.getByRole('img', { name: 'screenshot.png' });
      await eventually(async () => expect(await full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280));
      await screenshot(bob.page, 'attachment-viewer');
      await viewer.getByRole('button', { name: 'Close' }).click();
      await viewer.waitFor({ state: 'hidden' });

      // The PDF is a card with its name, type and size; it downloads.
      const card = bob.page.getByRole('link', { name: /plan\.pdf/ });
      expect(await card.textContent()).toMatch(/plan\.pdf\s*PDF · \d+ B/);
      const [download] = await Promise.all([bob.page.waitForEvent('download'), card.click()]);
      expect(download.suggestedFilename()).toBe('plan.pdf');
      await screenshot(bob.page, 'attachments');
    }));

  it('shows each upload’s progress and cancels it; a refused upload says why and keeps the text', () =>
    suite.scenario('attachments-progress', async () => {
      const carol = await ChatApp.open(await suite.person(), suite.api.url);
      await carol.signUp('carol_f', 'Carol Danvers', PASSWORD);
      await carol.openDirectWith('Alice Liddell');
      // A slow uplink, so the upload is seen on its way.
      const cdp = await carol.page.context().newCDPSession(carol.page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: 100_000,
      });
      await carol.page
        .getByTestId('attach-input')
        .setInputFiles({ name: 'video.bin', mimeType: 'application/octet-stream', buffer: randomBytes(2_000_000) });
      const progress = carol.page.getByRole('progressbar', { name: 'Uploading video.bin' });
      await progress.waitFor();
      await eventually(async () =>
        expect(
          Number((await progress.getAttribute('aria-valuenow')) ?? (await progress.evaluate((p: HTMLProgressElement) => p.value))),
        ).toBeGreaterThan(0),
      );
      await screenshot(carol.page, 'attachment-progress');
      await carol.page.getByRole('button', { name: 'Cancel upload of video.bin' }).click();
      await progress.waitFor({ state: 'detached' });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

      // Too large: the reason shows beside the file, the text stays typed and can still be sent.
      await carol.type('keep this text');
      await carol.page
        .getByTestId('attach-input')
        .setInputFiles({ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: randomBytes(MAX_BYTES + 1) });
      const alert = carol.page.getByRole('list', { name: 'Attachments' }).getByRole('alert');
      await eventually(async () => expect(await alert.textContent()).toContain('Too large: the limit is 3000000 bytes'));
      expect(await carol.page.getByLabel('Message', { exact: true }).inputValue()).toBe('keep this text');
      await carol.page.getByRole('button', { name: 'Remove huge.bin' }).click();
      await carol.page.getByLabel('Message', { exact: true }).press('Enter');
      await eventually(async () => expect(await carol.history()).toEqual(['keep this text']));
    }));
});
