import type { Attachment } from '@pneumatic/contracts';
import { createHmac } from 'node:crypto';
import sharp from 'sharp';
import request from 'supertest';
import type { TestUser } from '../support/client';
import type { RunningServer } from '../support/server';

/** The e2e servers' SECRET_KEY (support/server.ts): lets a test make a link that is validly signed but expired. */
const E2E_SECRET_KEY = 'e2e-secret-key-0123456789abcdef0123456789abcdef';

export async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
}

export async function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#cc6633' } })
    .jpeg()
    .toBuffer();
}

/** A minimal PDF: its magic number is what the detector reads. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

export function upload(
  server: RunningServer,
  user: TestUser | null,
  bytes: Buffer,
  filename = 'file.bin',
  path = '/attachments',
): request.Test {
  const test = (path === '/attachments' ? request(server.url).post(path) : request(server.url).put(path)).attach('file', bytes, {
    filename,
    contentType: 'application/octet-stream',
  });
  return user ? test.set('Authorization', user.bearer) : test;
}

export async function uploaded(server: RunningServer, user: TestUser, bytes: Buffer, filename?: string): Promise<Attachment> {
  const response = await upload(server, user, bytes, filename);
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${response.text}`);
  return response.body as Attachment;
}

/** GET of a (signed or bare) link, as a browser's `<img src>` would: no token unless given; the body as bytes. */
export function fetchLink(server: RunningServer, link: string, user?: TestUser): request.Test {
  const test = request(server.url)
    .get(link)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      // Problem details stay JSON; a file stays its bytes.
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        done(null, /json/.test(String(response.headers['content-type'])) ? JSON.parse(bytes.toString('utf8')) : bytes);
      });
    });
  return user ? test.set('Authorization', user.bearer) : test;
}

/** The path of a link without its signature. */
export const bare = (link: string): string => link.split('?')[0];

/** A link to `id` signed with the server's key, expiring at `expires` (Unix seconds). */
export function signedLink(kind: 'file' | 'thumbnail', id: string, expires: number): string {
  const key = createHmac('sha256', E2E_SECRET_KEY).update('pneumatic signed download links v1').digest();
  const signature = createHmac('sha256', key).update(`${kind}\n${id}\n${expires}`).digest('base64url');
  return `/attachments/${id}${kind === 'thumbnail' ? '/thumbnail' : ''}?expires=${expires}&signature=${signature}`;
}
