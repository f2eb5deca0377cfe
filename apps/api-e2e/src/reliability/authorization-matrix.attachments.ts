import type { Attachment, Message } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { png, PDF } from '../attachments/files';
import { Cast, expectNoLeak, Principal, PRINCIPALS, userOf } from './authorization-cast';
import { authenticatedOnly, call, Check, denied, ok, RestOutcome, RestRow, row } from './authorization-matrix.rest';

/** The files the fellow sent into the member's conversation, made once per cast. */
interface SentFiles {
  readonly image: Attachment;
  readonly pdf: Attachment;
}
const sent = new WeakMap<Cast, Promise<SentFiles>>();

function sentFiles(cast: Cast): Promise<SentFiles> {
  let files = sent.get(cast);
  if (!files) {
    files = (async () => {
      const upload = async (bytes: Buffer, filename: string) =>
        (
          await request(cast.server.url)
            .post('/attachments')
            .set('Authorization', cast.fellow.bearer)
            .attach('file', bytes, filename)
            .expect(201)
        ).body as Attachment;
      const [image, pdf] = [await upload(await png(400, 300), 'plan.png'), await upload(PDF, 'plan.pdf')];
      const message = await request(cast.server.url)
        .post('/messages')
        .set('Authorization', cast.fellow.bearer)
        .send({
          conversation_id: cast.conversation.id,
          message_id: `files-${randomUUID()}`,
          content: '',
          attachment_ids: [image.id, pdf.id],
        })
        .expect(201);
      expect((message.body as Message).attachments).toHaveLength(2);
      return { image, pdf };
    })();
    sent.set(cast, files);
  }
  return files;
}

const notFound = denied<unknown>(404, 'NOT_FOUND', (response, _, cell) => expectNoLeak(cell.cast, response.body));
const unauthorized = denied<unknown>(401, 'UNAUTHORIZED');
const bytes = (status: number, type: string): RestOutcome<unknown> =>
  ok(status, (response) => expect(String(response.headers['content-type'])).toBe(type));

/**
 * A download: with a token, the token decides (its user must be a member: anyone else 404, a bad token 401); without
 * one, only the signed link opens it.
 */
function downloadRow(route: string, target: string, link: (files: SentFiles) => string, type: string, signed: boolean): RestRow {
  return row({
    route,
    target,
    act: async (cell) => {
      const url = link(await sentFiles(cell.cast));
      return { response: await call(cell, 'get', signed ? url : url.split('?')[0]), state: undefined };
    },
    expected: {
      member: bytes(200, type),
      "member's other device": bytes(200, type),
      'non-member': notFound,
      anonymous: signed ? bytes(200, type) : notFound,
      'expired token': unauthorized,
      'wrong token type': unauthorized,
    },
  });
}

const everyone = (outcome: RestOutcome<unknown>) =>
  Object.fromEntries(PRINCIPALS.map((principal) => [principal, outcome])) as Record<Principal, RestOutcome<unknown>>;

/** Uploads, downloads and avatars (SPEC 10.6). */
export function attachmentRows(): RestRow[] {
  const ownAvatar: Check<unknown> = (response, _, cell) =>
    expect(response.body).toMatchObject({
      id: userOf(cell.cast, cell.principal).user.id,
      avatar_url: expect.stringMatching(/^\/avatars\//),
    });
  return [
    row({
      route: 'POST /attachments',
      act: async (cell) => ({ response: await call(cell, 'post', '/attachments').attach('file', PDF, 'mine.pdf'), state: undefined }),
      expected: authenticatedOnly(
        ok(201, (response) => expect(response.body).toMatchObject({ content_type: 'application/pdf', filename: 'mine.pdf' })),
      ),
    }),
    downloadRow('GET /attachments/{id}', 'a file in the conversation, by token', (files) => files.pdf.url, 'application/pdf', false),
    downloadRow(
      'GET /attachments/{id}',
      'a file in the conversation, by its signed link',
      (files) => files.pdf.url,
      'application/pdf',
      true,
    ),
    downloadRow(
      'GET /attachments/{id}/thumbnail',
      'an image in the conversation, by token',
      (files) => files.image.thumbnail_url ?? '',
      'image/webp',
      false,
    ),
    downloadRow(
      'GET /attachments/{id}/thumbnail',
      'an image in the conversation, by its signed link',
      (files) => files.image.thumbnail_url ?? '',
      'image/webp',
      true,
    ),
    row({
      route: 'GET /attachments/{id}',
      target: 'unknown file',
      act: async (cell) => ({ response: await call(cell, 'get', `/attachments/${randomUUID()}`), state: undefined }),
      expected: { ...everyone(notFound), 'expired token': unauthorized, 'wrong token type': unauthorized },
    }),
    row({
      route: 'PUT /auth/me/avatar',
      act: async (cell) => ({
        response: await call(cell, 'put', '/auth/me/avatar').attach('file', await png(64, 64), 'me.png'),
        state: undefined,
      }),
      expected: authenticatedOnly(ok(200, ownAvatar)),
    }),
    row({
      route: 'GET /avatars/{id}',
      target: "the fellow's avatar, by token",
      act: async (cell) => ({ response: await call(cell, 'get', (await fellowAvatar(cell.cast)).split('?')[0]), state: undefined }),
      expected: { ...authenticatedOnly(bytes(200, 'image/webp')), anonymous: notFound },
    }),
    row({
      route: 'GET /avatars/{id}',
      target: "the fellow's avatar, by its signed link",
      act: async (cell) => ({ response: await call(cell, 'get', await fellowAvatar(cell.cast)), state: undefined }),
      expected: { ...authenticatedOnly(bytes(200, 'image/webp')), anonymous: bytes(200, 'image/webp') },
    }),
    row({
      route: 'DELETE /auth/me/avatar',
      act: async (cell) => ({ response: await call(cell, 'delete', '/auth/me/avatar'), state: undefined }),
      expected: authenticatedOnly(ok(204)),
    }),
  ];
}

const avatars = new WeakMap<Cast, Promise<string>>();
function fellowAvatar(cast: Cast): Promise<string> {
  let link = avatars.get(cast);
  if (!link) {
    link = (async () => {
      const response = await request(cast.server.url)
        .put('/auth/me/avatar')
        .set('Authorization', cast.fellow.bearer)
        .attach('file', await png(200, 100), 'fellow.png')
        .expect(200);
      return response.body.avatar_url as string;
    })();
    avatars.set(cast, link);
  }
  return link;
}
