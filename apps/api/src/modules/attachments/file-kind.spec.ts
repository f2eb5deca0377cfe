import { cleanFilename, textKind } from './file-kind';

describe('cleanFilename', () => {
  it.each([
    ['holiday.png', 'holiday.png'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\win.ini', 'win.ini'],
    ['C:\\Users\\alice\\report.pdf', 'report.pdf'],
    ['..', 'file'],
    ['', 'file'],
    [undefined, 'file'],
    ['a\u0000b\nc.txt', 'abc.txt'],
    ['evil\u202Egnp.exe', 'evilgnp.exe'],
  ])('%j → %j', (raw, expected) => expect(cleanFilename(raw)).toBe(expected));

  it('keeps a very long name to 255 code points, its extension kept, never splitting a character', () => {
    const name = cleanFilename(`${'😀'.repeat(10_000)}.jpeg`);
    expect([...name]).toHaveLength(255);
    expect(name.endsWith('😀.jpeg')).toBe(true);
  });
});

describe('textKind', () => {
  it('tells SVG (with or without a prolog) and UTF-8 text from binary bytes', () => {
    expect(textKind(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe('image/svg+xml');
    expect(textKind(Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg>'))).toBe('image/svg+xml');
    expect(textKind(Buffer.from('<!doctype html><html><script>alert(1)</script>'))).toBe('text/plain; charset=utf-8');
    expect(textKind(Buffer.from('Grüße'))).toBe('text/plain; charset=utf-8');
    expect(textKind(Buffer.from([0xff, 0xfe, 0x00, 0x41]))).toBeNull();
    expect(textKind(Buffer.from([0xc3]))).toBe('text/plain; charset=utf-8');
    expect(textKind(Buffer.alloc(0))).toBeNull();
  });
});
