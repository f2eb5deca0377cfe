import { TestBed } from '@angular/core/testing';
import type { Message } from '@pneumatic/contracts';
import { MessageEdits } from '@pneumatic/web/data-access';
import { MessageEditor } from './message-editor';

const original: Message = {
  id: 'm1',
  message_id: 'k1',
  sender_id: 'u-me',
  conversation_id: 'c1',
  seq: 1,
  change_seq: 4,
  content: 'teh text',
  created_at: '2026-11-25T12:00:00.000Z',
  edited_at: null,
  deleted_at: null,
  attachments: [],
  reactions: [],
  reply_to: null,
  mentions: [],
  kind: 'user',
  system: null,
};

describe('MessageEditor', () => {
  let saved: { message: Message; content: string }[];
  let refusal: string | null;
  let done: number;
  let element: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<MessageEditor>>;

  beforeEach(async () => {
    saved = [];
    refusal = null;
    done = 0;
    TestBed.configureTestingModule({
      providers: [
        {
          provide: MessageEdits,
          useValue: { edit: async (message: Message, content: string) => (saved.push({ message, content }), refusal) },
        },
      ],
    });
    fixture = TestBed.createComponent(MessageEditor);
    fixture.componentRef.setInput('message', original);
    fixture.componentInstance.done.subscribe(() => done++);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  const field = () => element.querySelector('textarea') as HTMLTextAreaElement;
  const type = async (text: string) => {
    field().value = text;
    field().dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const press = async (key: string) => {
    field().dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true }));
    await fixture.whenStable();
  };

  it('starts with the text, and saves the new one with Enter as an edit of the copy it was opened on', async () => {
    expect(field().value).toBe('teh text');
    await type('the text  ');
    await press('Enter');
    expect(saved).toEqual([{ message: original, content: 'the text' }]);
    expect(done).toBe(1);
  });

  it('cancels with Escape, saving nothing', async () => {
    await type('changed my mind');
    await press('Escape');
    expect(saved).toEqual([]);
    expect(done).toBe(1);
  });

  it('says why the server refused, keeping the text typed and the editor open', async () => {
    refusal = 'This message was changed since you began editing it; check its current text and edit again';
    await type('my version');
    await press('Enter');
    expect(element.querySelector('[role=alert]')?.textContent).toContain('changed since you began editing');
    expect(field().value).toBe('my version');
    expect(done).toBe(0);
  });

  it('does not save a blank text', async () => {
    await type('   ');
    await press('Enter');
    expect(saved).toEqual([]);
    expect((element.querySelector('button[type=submit]') as HTMLButtonElement).disabled).toBe(true);
  });
});
