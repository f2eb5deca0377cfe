import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it.each([
    ['/ws?token=eyJ.abc.def', '/ws?token=[redacted]'],
    ['/socket.io/?EIO=4&transport=polling&token=eyJ.abc&t=1', '/socket.io/?EIO=4&transport=polling&token=[redacted]&t=1'],
    ['/x?ACCESS_TOKEN=a&refresh_token=b#frag', '/x?ACCESS_TOKEN=[redacted]&refresh_token=[redacted]#frag'],
    ['token=abc&EIO=4', 'token=[redacted]&EIO=4'],
    ['/conversations/1?notatoken=keep&mytoken=keep', '/conversations/1?notatoken=keep&mytoken=keep'],
    ['/attachments/1?expires=179&signature=Fy-NJ_x', '/attachments/1?expires=179&signature=[redacted]'],
  ])('redacts %s', (url, redacted) => expect(redactUrl(url)).toBe(redacted));
});
